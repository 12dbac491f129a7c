"""One render per cache miss: after a catalogue edit bumps the version, every cached page and
API read misses at once. Without care each concurrent request for the same URL renders it
(a stampede), and the second after a publish is the slowest of all.

`claim(key)` takes a short lock in the shared cache (`cache.add`, which only one caller wins)
for the request that will render the entry. The others call `wait(...)`: they get the
previous version's copy at once when there is one (a visitor sees the page as it was a moment
ago, never a half-built one), else they poll for the new entry for at most
PAGE_CACHE_WAIT_SECONDS and then render it themselves. The lock expires by itself after
PAGE_CACHE_LOCK_SECONDS, so a worker that dies while rendering holds nobody up for long.

The cache is an accelerator, never a dependency: when it is unreachable nobody waits (the
lock cannot be taken, and `claim` then says "render it yourself"), and every request renders
as it would without a cache.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

POLL_SECONDS = 0.02


def _lock_key(key: str) -> str:
    return f"lock:{key}"


def cache_available() -> bool:
    available = getattr(cache, "available", None)
    return available is None or available()


def claim(key: str) -> bool:
    """True when this request should render `key`'s entry: it took the lock, or locking is
    off, or the cache cannot be reached. False when another request is rendering it."""
    if not settings.PAGE_CACHE_LOCK:
        return True
    if cache.add(_lock_key(key), 1, timeout=settings.PAGE_CACHE_LOCK_SECONDS):
        return True
    return not cache_available()


def release(key: str) -> None:
    if settings.PAGE_CACHE_LOCK:
        cache.delete(_lock_key(key))


def wait(key: str, get: Callable[[str], object], previous: Callable[[], object]):
    """While another request renders `key`: (the previous version's entry, True) at once if
    there is one, else (the new entry, False) as soon as it is stored, else (None, False)
    after PAGE_CACHE_WAIT_SECONDS (the caller then renders it itself)."""
    entry = previous()
    if entry is not None:
        return entry, True
    deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        entry = get(key)
        if entry is not None:
            return entry, False
        if not cache_available():
            break
    return None, False
