"""The cache backends: the cache is an accelerator, never a dependency.

`Resilient` wraps a cache backend so that an unreachable cache (connection refused, a
timeout, Redis still loading its data) answers like an empty one: a read misses, a write is
dropped, and the request carries on uncached. The failure is logged once per
LOG_INTERVAL seconds per cache, not once per request. After a failure the cache is not asked
again for RETRY_AFTER seconds (this process answers "miss" straight away), so a hung Redis
costs one short timeout per interval instead of one per call; then the next call tries
again, and when Redis is back everything resumes by itself. `available()` tells whether the
cache is currently being skipped (the API throttle then counts in this process instead).

Django's RedisCacheClient builds a new redis.Redis object for every cache operation. With
redis-py 8 that construction costs more than the round trip to Redis itself: profiled, it was
a quarter of a cached API read (the throttle alone makes four cache calls per request). The
client object holds no connection of its own (each command borrows one from the pool), so
one per pool is safe across threads, and the pool reconnects after a fork.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends import locmem
from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

log = logging.getLogger("forge.cache")

# Connection refused, reset, timed out, Redis loading (BusyLoadingError is a ConnectionError).
CACHE_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
)
RETRY_AFTER = 1.0  # seconds a failed cache is skipped before it is tried again
LOG_INTERVAL = 60.0  # seconds between two log lines about the same cache

# Per process and per cache (its LOCATION), shared by every thread's backend instance.
_state_lock = threading.Lock()
_skip_until: dict[str, float] = {}
_logged_at: dict[str, float] = {}
_dropped: dict[str, int] = {}


def _missing(*args, **kwargs) -> None:
    return None


class Resilient:
    """A mixin for a Django cache backend (first in the bases): errors become misses."""

    _location: str

    def available(self) -> bool:
        """False while this cache is being skipped after a failure."""
        return time.monotonic() >= _skip_until.get(self._location, 0.0)

    def _failed(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        with _state_lock:
            _skip_until[self._location] = now + RETRY_AFTER
            _dropped[self._location] = _dropped.get(self._location, 0) + 1
            if now - _logged_at.get(self._location, -LOG_INTERVAL) < LOG_INTERVAL:
                return
            _logged_at[self._location] = now
            dropped, _dropped[self._location] = _dropped[self._location], 0
        log.warning(
            "Cache %s unavailable (%s on %s: %s); serving uncached, %d failed call(s) "
            "since the last report, retrying every %.0f s.",
            self._location,
            type(error).__name__,
            operation,
            error,
            dropped,
            RETRY_AFTER,
        )

    def _call(self, operation: str, default: Any, *args, **kwargs):
        if not self.available():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._failed(operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=locmem.DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=locmem.DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=locmem.DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=locmem.DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def get_or_set(self, key, default, timeout=locmem.DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value

    def incr(self, key, delta=1, version=None):
        # Django raises ValueError for a missing key; an unreachable cache is one.
        if not self.available():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        try:
            return super().incr(key, delta, version)  # type: ignore[misc]
        except CACHE_ERRORS as error:
            self._failed("incr", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from error

    def clear(self):
        return self._call("clear", None)


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(Resilient, django_redis.RedisCache):
    """Django's Redis backend: one client per pool, short timeouts, no retries (a miss is
    cheaper than a wait), and errors answered as misses (see `Resilient`).

    OPTIONS may set socket_connect_timeout and socket_timeout (seconds); see settings."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._location = f"redis:{','.join(self._servers)}"


class LocMemCache(Resilient, locmem.LocMemCache):
    """This process's memory, with the same contract as RedisCache (it never fails in
    practice; the wrapper keeps the fragment cache's callers free of special cases)."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._location = f"locmem:{name}"


def forget_failures() -> None:
    """Forget every recorded failure (tests; a process that knows the cache is back)."""
    with _state_lock:
        _skip_until.clear()
        _logged_at.clear()
        _dropped.clear()
