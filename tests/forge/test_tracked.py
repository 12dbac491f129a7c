"""forge/lib/tracked.py: a process keeps the catalogue version it read until any process
announces a change. Two Tracked objects over two backends stand for two processes; they
share one Redis (DB 10, this suite's) under a key prefix of their own."""

import secrets

import pytest

from forge.lib import cache as forge_cache
from forge.lib.cache import LocMemCache, RedisCache
from forge.lib.tracked import Tracked
from tests.redis_support import REDIS_TEST_URL, needs_redis

pytestmark = needs_redis

KEY = "catalogue:version"


class CountingRedisCache(RedisCache):
    """Counts the reads that reach Redis."""

    reads = 0

    def get(self, key, default=None, version=None):
        self.reads += 1
        return super().get(key, default, version)


def _backend(prefix: str, location=REDIS_TEST_URL) -> CountingRedisCache:
    return CountingRedisCache(location, {"KEY_PREFIX": prefix})


@pytest.fixture
def processes():
    forge_cache.forget_failures()
    prefix = f"forge-test-tracked-{secrets.token_hex(4)}"
    first, second = Tracked(_backend(prefix)), Tracked(_backend(prefix))
    yield first, second
    first.delete(KEY)
    first.forget()
    second.forget()
    forge_cache.forget_failures()


def test_a_read_is_kept_until_another_process_announces_a_change(processes):
    first, second = processes
    second.set(KEY, 7, timeout=60)
    assert first.get(KEY, keep_for=60) == 7
    reads = first.backend.reads
    for _ in range(5):
        assert first.get(KEY, keep_for=60) == 7
    assert first.backend.reads == reads  # no round trip while nothing changed

    second.set(KEY, 8, timeout=60)  # an editor's save in another process
    assert first.get(KEY, keep_for=60) == 8  # at once, with no waiting
    assert first.backend.reads == reads + 1

    second.delete(KEY)
    assert first.get(KEY, keep_for=60) is None


def test_an_add_is_announced_and_a_missing_key_is_not_kept(processes):
    first, second = processes
    assert first.get(KEY, keep_for=60) is None
    assert first.get(KEY, keep_for=60) is None
    assert first.backend.reads == 2  # nothing to keep: asked each time
    assert second.add(KEY, 3, timeout=60) is True
    assert second.add(KEY, 4, timeout=60) is False
    assert first.get(KEY, keep_for=60) == 3


def test_a_copy_is_kept_no_longer_than_keep_for(processes, monkeypatch):
    first, second = processes
    second.set(KEY, 1, timeout=60)
    assert first.get(KEY, keep_for=5) == 1
    # A change that could not be announced (written straight to the cache).
    second.backend.set(KEY, 2, timeout=60)
    assert first.get(KEY, keep_for=5) == 1
    clock = __import__("time").monotonic() + 6
    monkeypatch.setattr("forge.lib.tracked.time.monotonic", lambda: clock)
    assert first.get(KEY, keep_for=5) == 2


def test_a_new_process_after_a_fork_subscribes_again(processes, monkeypatch):
    first, second = processes
    second.set(KEY, 1, timeout=60)
    assert first.get(KEY, keep_for=60) == 1
    monkeypatch.setattr("forge.lib.tracked.os.getpid", lambda: -1)  # as if forked
    second.backend.set(KEY, 2, timeout=60)  # unannounced: only a fresh read can see it
    assert first.get(KEY, keep_for=60) == 2  # the copy from before the fork is gone
    second.set(KEY, 3, timeout=60)
    assert first.get(KEY, keep_for=60) == 3  # and the new subscription hears changes


def test_a_lost_subscription_means_every_read_goes_to_the_cache(processes):
    first, second = processes
    second.set(KEY, 1, timeout=60)
    assert first.get(KEY, keep_for=60) == 1
    first._pubsub.connection.disconnect()  # Redis restarted, say
    second.backend.set(KEY, 2, timeout=60)  # unannounced
    assert first.get(KEY, keep_for=60) == 2  # no copy trusted without a subscription
    assert first._pubsub is None
    reads = first.backend.reads
    assert first.get(KEY, keep_for=60) == 2
    assert first.backend.reads == reads + 1  # not kept until subscribed again


def test_an_unreachable_redis_reads_as_empty_and_keeps_nothing():
    forge_cache.forget_failures()
    backend = _backend("forge-test-tracked-down", location="redis://127.0.0.1:1/0")
    process = Tracked(backend)
    try:
        assert process.get(KEY, keep_for=60) is None
        process.set(KEY, 1, timeout=60)  # dropped, never raised
        assert process.get(KEY, keep_for=60) is None
        assert process._copies == {}
    finally:
        process.forget()
        forge_cache.forget_failures()


def test_a_local_memory_cache_is_used_as_it_is():
    backend = LocMemCache(f"tracked-{secrets.token_hex(4)}", {})
    process = Tracked(backend)
    process.set(KEY, 5, timeout=60)
    assert process.get(KEY, keep_for=60) == 5
    backend.set(KEY, 6, timeout=60)
    assert process.get(KEY, keep_for=60) == 6  # nothing kept beside it
    assert process._pubsub is None


def test_the_default_cache_is_tracked_when_it_is_redis(settings):
    from forge.lib.tracked import tracked

    forge_cache.forget_failures()
    prefix = f"forge-test-tracked-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "forge.lib.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    other = Tracked(_backend(prefix))  # another process, same Redis and prefix
    try:
        other.set(KEY, 1, timeout=60)
        assert tracked.get(KEY, keep_for=60) == 1
        assert tracked._pubsub is not None
        other.set(KEY, 2, timeout=60)
        assert tracked.get(KEY, keep_for=60) == 2
    finally:
        other.delete(KEY)
        other.forget()
        tracked.forget()


@pytest.mark.django_db
def test_a_visitors_cached_page_makes_no_round_trip_to_redis(
    settings, client, redis_cache, redis_commands
):
    settings.PAGE_CACHE = True
    assert client.get("/exercises/").status_code == 200  # renders, stores, subscribes
    assert redis_commands
    redis_commands.clear()
    response = client.get("/exercises/")
    assert response.status_code == 200
    assert redis_commands == []  # the version and the page both from this process
