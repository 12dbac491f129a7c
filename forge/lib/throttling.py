"""API throttles: visitors by address, members by account, never both.

The counts live in the shared cache (Redis), so every worker and server counts together.
While that cache is unreachable (forge.lib.cache skips it after a failure) each process
counts on its own in memory: the limit then holds per process rather than not at all, and
the API keeps answering. When the cache is back, the shared counts resume by themselves.

A module of its own: settings.REST_FRAMEWORK names these classes, and DRF imports them while
rest_framework.views loads, so they must not live in a module that imports the views.
"""

from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

# Per process: used only while the shared cache is being skipped.
local_counts = LocMemCache("forge-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _shared_available() -> bool:
    available = getattr(shared_cache, "available", None)
    return available is None or available()


class _SharedOrLocalCounts:
    key: str | None
    history: list[float]
    duration: int

    def allow_request(self, request, view):
        shared = _shared_available()
        self.cache = shared_cache if shared else local_counts
        allowed = super().allow_request(request, view)  # type: ignore[misc]
        key = getattr(self, "key", None)
        if shared and key is not None and not _shared_available():
            # The shared cache failed during this request: count it here instead.
            local_counts.set(key, self.history, self.duration)
        return allowed


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
