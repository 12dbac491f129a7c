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

A client that uses the API hard would still cost a round trip per request, and on a busy
server that round trip is most of a cached read's cost. So a process may take several of a
client's slots at once (a lease) and spend them on that client's next requests without
asking Redis. A lease starts at one slot and doubles each time a client spends a whole lease
within LEASE_SECONDS, up to 1/LEASE_SHARE of the limit (and LEASE_MAX); a limit below
LEASE_SHARE is always asked slot by slot. The script never grants more slots than the window
has left, so the limit holds across processes. What a lease costs in exactness: a slot is
logged when it is leased, at most LEASE_SECONDS before it is spent, so one lease's worth
(1/16 of the limit) may leave the window early; and slots a process leased but did not
spend are handed back on its next round trip for that client (until then, or until they
leave the window, they count as spent).

A module of its own: settings.REST_FRAMEWORK names these classes, and DRF imports them while
rest_framework.views loads, so they must not live in a module that imports the views.
"""

import os
import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

from forge.lib.cache import CACHE_ERRORS

# Per process: used only while the shared cache is being skipped.
local_counts = LocMemCache("forge-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _shared_available() -> bool:
    available = getattr(shared_cache, "available", None)
    return available is None or available()


LEASE_SECONDS = 1.0  # a leased slot is spent within this long of being logged, or handed back
LEASE_SHARE = 16  # a lease is at most this fraction of the limit ...
LEASE_MAX = 64  # ... and at most this many slots
LEASED_CLIENTS = 10_000  # leases this process keeps (the least recently used go first)

# KEYS[1]: the client's sorted set of request times; ARGV: now, the window in seconds, the
# limit, how many slots to take, a name for them, then names of unspent slots to hand back.
# Takes as many slots as asked and the window allows. Returns {slots taken, the count in the
# window with them, the oldest time in the window (a string) or false}.
SLIDING_LOG = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local want, name = tonumber(ARGV[4]), ARGV[5]
if #ARGV > 5 then
  redis.call('ZREM', key, unpack(ARGV, 6))
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local taken = math.max(0, math.min(want, limit - count))
for i = 1, taken do
  redis.call('ZADD', key, now, name .. ':' .. i)
end
if taken > 0 then
  redis.call('EXPIRE', key, math.ceil(window))
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {taken, count + taken, oldest[2] or false}
"""
_scripts: dict[int, object] = {}


class _Lease:
    """Slots of one client's log this process took and has not spent yet."""

    __slots__ = ("size", "unspent", "until")

    def __init__(self, unspent: list[str], size: int, until: float):
        self.unspent, self.size, self.until = unspent, size, until


_leases: OrderedDict[str, _Lease] = OrderedDict()
_leases_lock = threading.Lock()


def forget_leases() -> None:
    """Drop this process's leases (a forked child must not spend its parent's; tests)."""
    with _leases_lock:
        _leases.clear()


os.register_at_fork(after_in_child=forget_leases)


def _spend_leased_slot(key: str, now: float) -> bool:
    """Spend one of this process's leased slots for the client, if it has one in time."""
    if not _leases:
        return False
    with _leases_lock:
        lease = _leases.get(key)
        if lease is not None and lease.unspent and now < lease.until:
            lease.unspent.pop()
            return True
    return False


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
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True  # not this throttle's client (DRF's rule)
        self.now = self.timer()  # type: ignore[attr-defined]
        if _spend_leased_slot(self.key, self.now):
            return True
        shared = _shared_available()
        client = _redis_client() if shared else None
        if client is not None:
            allowed = self._allow_in_redis(client)
            if allowed is not None:
                return allowed
            shared = False  # Redis failed just now: this request is counted here instead
        self.cache = shared_cache if shared else local_counts
        allowed = super().allow_request(request, view)  # type: ignore[misc]
        if shared and not _shared_available():
            # The shared cache failed during this request: count it here instead.
            local_counts.set(self.key, self.history, self.duration)
        return allowed

    def _allow_in_redis(self, client) -> bool | None:
        """The sliding log in Redis (SLIDING_LOG), taking a lease for a busy client; None
        when Redis cannot be reached."""
        assert self.key is not None
        now = self.now
        with _leases_lock:
            lease = _leases.get(self.key)
        # A whole lease spent in time: a client this busy gets a lease twice the size.
        busy = lease is not None and not lease.unspent and now < lease.until
        most = max(1, min(LEASE_MAX, self.num_requests // LEASE_SHARE))
        want = min(most, lease.size * 2) if busy and lease is not None else 1
        handed_back = lease.unspent if lease is not None else []
        script = _scripts.get(id(client))
        if script is None:
            script = _scripts[id(client)] = client.register_script(SLIDING_LOG)
        name = uuid.uuid4().hex
        try:
            taken, count, oldest = script(  # type: ignore[operator]
                keys=[shared_cache.make_and_validate_key(f"throttle-log:{self.key}")],
                args=[repr(now), self.duration, self.num_requests, want, name, *handed_back],
            )
        except CACHE_ERRORS as error:
            shared_cache._failed("throttle", error)  # type: ignore[attr-defined]
            return None
        taken = int(taken)
        with _leases_lock:
            if taken:  # this request spends the first slot
                unspent = [f"{name}:{i}" for i in range(2, taken + 1)]
                _leases[self.key] = _Lease(unspent, taken, now + LEASE_SECONDS)
                _leases.move_to_end(self.key)
                while len(_leases) > LEASED_CLIENTS:
                    _leases.popitem(last=False)
            else:
                _leases.pop(self.key, None)
        # What DRF's wait() reads: the times in the window, newest first (only the oldest
        # and the count matter to it).
        self.history = [float(oldest)] * int(count) if oldest else []
        return taken > 0


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
