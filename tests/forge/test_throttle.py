"""API throttles: visitors are held to API_THROTTLE_ANON only, members to API_THROTTLE_USER
only, and the counts live in the shared cache (Redis when REDIS_URL is set)."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from tests.forge.test_deploy import manage

LIST = "/api/v1/exercises/"


@pytest.fixture
def rates(monkeypatch):
    def set_rates(anon, user):
        # DRF copies the rates onto the class at import; the environment sets them at start.
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})

    return set_rates


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
