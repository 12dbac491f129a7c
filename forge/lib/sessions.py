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

With Redis, each process also keeps the sessions it read, for at most COPY_SECONDS
(forge.lib.tracked), so a signed-in member's request makes no round trip for its session.
Every write and delete (a log-in, a log-out, a new key, a change of the session's data) is
announced to every process, which drops its copy before its next read. What a copy may
outlive is the session's own expiry, by at most COPY_SECONDS, and only for the process that
read it just before; the browser drops the cookie at that expiry.
"""

import copy

from django.conf import settings
from django.contrib.sessions.backends import cached_db

from forge.lib.tracked import tracked

CACHE_SECONDS = 5 * 60
COPY_SECONDS = 60  # how long a process may keep a session it read (see below)


class _ShortLived:
    """A cache whose entries live at most CACHE_SECONDS; with `tracked`, a process also keeps
    the sessions it read and every write or delete is announced to every process."""

    def __init__(self, cache, *, tracked_keys: bool):
        self._cache = cache
        self._tracked = tracked_keys

    def get(self, key, default=None, version=None):
        if not self._tracked or version is not None:
            return self._cache.get(key, default, version)
        data = tracked.get(key, keep_for=COPY_SECONDS)
        # This request's own: the session framework changes the dict it loaded in place.
        return default if data is None else copy.deepcopy(data)

    def set(self, key, value, timeout=None, version=None):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        if self._tracked and version is None:
            return tracked.set(key, value, timeout=timeout)
        return self._cache.set(key, value, timeout, version)

    def delete(self, key, version=None):
        if self._tracked and version is None:
            return tracked.delete(key)
        return self._cache.delete(key, version)

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
        self._cache = _ShortLived(
            self._cache, tracked_keys=settings.SESSION_CACHE_ALIAS == "default"
        )
