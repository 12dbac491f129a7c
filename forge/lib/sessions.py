"""Sessions read from the cache, kept in the database: a signed-in member's request then
needs no session query while Redis answers (SESSION_ENGINE = "forge.lib.sessions" when
REDIS_URL is set; see settings).

Django's cached_db store, with one change: the cached copy lives at most CACHE_SECONDS
instead of the session's whole age. The database stays the record. A cache that is
unreachable answers like an empty one (forge.lib.cache), so sessions then come from the
database, as without a cache; but a log-out during such an outage cannot delete the cached
copy, which would otherwise come back with Redis and be valid for weeks. With the short
lifetime that copy is gone within minutes, and every session is re-read from the database
that often.
"""

from django.contrib.sessions.backends import cached_db

CACHE_SECONDS = 5 * 60


class _ShortLived:
    """A cache whose entries live at most CACHE_SECONDS."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout=None, version=None):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return self._cache.set(key, value, timeout, version)

    async def aset(self, key, value, timeout=None, version=None):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return await self._cache.aset(key, value, timeout, version)

    def __contains__(self, key) -> bool:
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLived(self._cache)
