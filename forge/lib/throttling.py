"""API throttles: visitors by address, members by account, never both.

The counts live in the shared cache (Redis), so every worker and server counts together.
While that cache is unreachable (forge.lib.cache skips it after a failure) each process
counts on its own in memory: the limit then holds per process rather than not at all, and
the API keeps answering. When the cache is back, the shared counts resume by themselves.

DRF keeps each client's recent request times as one list in the cache: it reads the list,
drops the old times and writes it back, two round trips carrying every time in the window,
and two servers that do it at once can each lose the other's request. With Redis the same
rule (at most N requests in any window of the rate's length, DRF's sliding log) runs in
Redis itself: one short Lua script keeps the times in a sorted set, drops those that left
the window, and adds this request only if the count allows it, in one atomic round trip.
The local fallback keeps DRF's own code.

A module of its own: settings.REST_FRAMEWORK names these classes, and DRF imports them while
rest_framework.views loads, so they must not live in a module that imports the views.
"""

import uuid

from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

from forge.lib.cache import CACHE_ERRORS

# Per process: used only while the shared cache is being skipped.
local_counts = LocMemCache("forge-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _shared_available() -> bool:
    available = getattr(shared_cache, "available", None)
    return available is None or available()


# KEYS[1]: the client's sorted set of request times; ARGV: now, the window in seconds, the
# limit, and a name for this request. Returns {allowed (1 or 0), the count in the window
# including this request if allowed, the oldest time in the window (a string) or false}.
SLIDING_LOG = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('EXPIRE', key, math.ceil(window))
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {allowed, count, oldest[2] or false}
"""
_scripts: dict[int, object] = {}


def _redis_client():
    """The shared cache's Redis client, or None when the shared cache is not Redis."""
    backend = getattr(shared_cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    return get_client(write=True) if get_client is not None else None


class _SharedOrLocalCounts:
    key: str | None
    history: list[float]
    duration: int
    num_requests: int
    rate: str | None

    def allow_request(self, request, view):
        shared = _shared_available()
        client = _redis_client() if shared else None
        if client is not None and self.rate is not None:
            self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
            if self.key is None:
                return True
            allowed = self._allow_in_redis(client)
            if allowed is not None:
                return allowed
            shared = False  # Redis failed just now: this request is counted here instead
        self.cache = shared_cache if shared else local_counts
        allowed = super().allow_request(request, view)  # type: ignore[misc]
        key = getattr(self, "key", None)
        if shared and key is not None and not _shared_available():
            # The shared cache failed during this request: count it here instead.
            local_counts.set(key, self.history, self.duration)
        return allowed

    def _allow_in_redis(self, client) -> bool | None:
        """The sliding log in Redis (SLIDING_LOG); None when Redis cannot be reached."""
        script = _scripts.get(id(client))
        if script is None:
            script = _scripts[id(client)] = client.register_script(SLIDING_LOG)
        self.now = self.timer()  # type: ignore[attr-defined]
        try:
            allowed, count, oldest = script(  # type: ignore[operator]
                keys=[shared_cache.make_and_validate_key(f"throttle-log:{self.key}")],
                args=[repr(self.now), self.duration, self.num_requests, uuid.uuid4().hex],
            )
        except CACHE_ERRORS as error:
            shared_cache._failed("throttle", error)  # type: ignore[attr-defined]
            return None
        # What DRF's wait() reads: the times in the window, newest first (only the oldest
        # and the count matter to it).
        self.history = [float(oldest)] * int(count) if oldest else []
        return bool(allowed)


class VisitorRateThrottle(_SharedOrLocalCounts, throttling.AnonRateThrottle):
    """Visitors (no credentials), counted per client address: API_THROTTLE_ANON."""

    scope = "anon"


class MemberRateThrottle(_SharedOrLocalCounts, throttling.UserRateThrottle):
    """Signed-in clients, counted per account: API_THROTTLE_USER. DRF's own user throttle
    also counts visitors by address, which held them to the lower of the two rates."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # a visitor: VisitorRateThrottle's business
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
