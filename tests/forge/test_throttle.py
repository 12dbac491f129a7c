"""API throttles: visitors are held to API_THROTTLE_ANON only, members to API_THROTTLE_USER
only, and the counts live in the shared cache (Redis when REDIS_URL is set)."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from tests.forge.test_deploy import manage
from tests.redis_support import needs_redis

LIST = "/api/v1/exercises/"


@pytest.fixture
def rates(monkeypatch):
    def set_rates(anon, user):
        # DRF copies the rates onto the class at import; the environment sets them at start.
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})

    return set_rates


@pytest.fixture
def throttle_clock(monkeypatch) -> list[float]:
    """The throttles' clock stands still at now[0] until a test moves it."""
    import time

    now = [time.time()]
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: now[0])
    return now


@pytest.mark.django_db
def test_a_visitor_may_use_a_visitor_limit_above_the_member_limit(api_client, rates):
    rates(anon="3/minute", user="1/minute")
    statuses = [api_client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_a_member_is_held_to_the_member_limit_only(member_api, member, rates):
    rates(anon="1/minute", user="3/minute")
    statuses = [member_api.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(cache.get(f"throttle_user_{member.pk}")) == 3
    assert cache.get("throttle_anon_127.0.0.1") is None  # not counted as a visitor as well


@pytest.mark.django_db
def test_the_visitor_count_is_per_client_address_behind_a_trusted_proxy(
    api_client, rates, settings
):
    rates(anon="1/minute", user="5/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    one = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.1"}
    two = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.1"}
    assert api_client.get(LIST, **one).status_code == 200
    assert api_client.get(LIST, **one).status_code == 429
    assert api_client.get(LIST, **two).status_code == 200


def test_redis_url_makes_the_counts_shared_between_processes():
    script = "from django.conf import settings; print(settings.CACHES['default'])"
    result = manage("shell", "-c", script, env={"REDIS_URL": "redis://127.0.0.1:6379/13"})
    assert result.returncode == 0, result.stderr
    # forge.lib.cache.RedisCache is Django's RedisCache reusing one client per pool.
    assert "'BACKEND': 'forge.lib.cache.RedisCache'" in result.stdout
    assert "redis://127.0.0.1:6379/13" in result.stdout


@pytest.mark.django_db
@needs_redis
def test_with_redis_the_sliding_log_runs_in_redis_in_one_round_trip(
    api_client, member_api, rates, redis_cache, redis_commands
):
    commands = redis_commands
    rates(anon="3/minute", user="2/minute")
    api_client.get(LIST)  # the first read renders and stores the page: not counted below
    commands.clear()
    responses = [api_client.get(LIST) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    # One script call per request (a cached read makes no other round trip).
    assert [c[0] for c in commands] == ["EVALSHA"] * 3
    assert 55 <= int(responses[-1]["Retry-After"]) <= 60
    key = redis_cache.make_and_validate_key("throttle-log:throttle_anon_127.0.0.1")
    assert redis_cache._cache.get_client().zcard(key) == 3  # the refused request is not kept
    # Members are counted on their own account, against their own limit.
    assert [member_api.get(LIST).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
@needs_redis
def test_the_sliding_log_lets_requests_in_again_as_old_ones_leave_the_window(
    api_client, rates, redis_cache, throttle_clock
):
    rates(anon="2/minute", user="5/minute")
    now = throttle_clock
    assert [api_client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
    now[0] += 61
    assert api_client.get(LIST).status_code == 200


def _log_size(redis_cache, ident="throttle_anon_127.0.0.1") -> int:
    key = redis_cache.make_and_validate_key(f"throttle-log:{ident}")
    return redis_cache._cache.get_client().zcard(key)


@pytest.mark.django_db
@needs_redis
def test_a_busy_client_spends_leased_slots_without_a_round_trip_each(
    api_client, rates, redis_cache, redis_commands
):
    # 160/minute: a lease may reach 160 / LEASE_SHARE = 10 slots.
    rates(anon="160/minute", user="600/minute")
    api_client.get(LIST)  # renders and stores the page (one slot)
    redis_commands.clear()
    assert all(api_client.get(LIST).status_code == 200 for _ in range(40))
    scripts = [c for c in redis_commands if c[0] == "EVALSHA"]
    # Leases of 2, 4, 8, then 10 at a time: 2 + 4 + 8 + 10 + 10 + 10 > 40.
    assert len(scripts) == 6
    assert len(redis_commands) == len(scripts)
    assert 41 <= _log_size(redis_cache) <= 41 + 9  # spent slots, and the lease's unspent


@pytest.mark.django_db
@needs_redis
def test_leases_never_let_a_client_past_the_limit(api_client, rates, redis_cache):
    rates(anon="32/minute", user="600/minute")  # leases of up to 2
    statuses = [api_client.get(LIST).status_code for _ in range(40)]
    assert statuses == [200] * 32 + [429] * 8
    assert _log_size(redis_cache) == 32


@pytest.mark.django_db
@needs_redis
def test_two_processes_leasing_for_one_client_stay_within_the_limit(
    api_client, rates, redis_cache, monkeypatch
):
    from collections import OrderedDict

    from forge.lib import throttling

    rates(anon="64/minute", user="600/minute")  # leases of up to 4
    processes = [OrderedDict(), OrderedDict()]
    allowed = 0
    for turn in range(100):
        monkeypatch.setattr(throttling, "_leases", processes[turn % 2])
        allowed += api_client.get(LIST).status_code == 200
    # Never more than the limit; at most a lease's unspent slots short of it per process.
    assert 64 - 2 * 3 <= allowed <= 64
    assert _log_size(redis_cache) == 64


@pytest.mark.django_db
@needs_redis
def test_unspent_slots_are_handed_back_on_the_next_round_trip(
    api_client, rates, redis_cache, throttle_clock
):
    from forge.lib.throttling import LEASE_SECONDS

    rates(anon="160/minute", user="600/minute")
    now = throttle_clock
    for _ in range(8):  # leases of 1, 2 and 4, then one of 8 with 7 unspent
        assert api_client.get(LIST).status_code == 200
    assert _log_size(redis_cache) == 15
    now[0] += LEASE_SECONDS + 0.5  # the client pauses: the lease ends
    assert api_client.get(LIST).status_code == 200
    assert _log_size(redis_cache) == 9  # the 7 handed back, one slot for this request
