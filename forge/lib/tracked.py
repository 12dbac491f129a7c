"""Values read on every request (the catalogue version), kept in this process and dropped the
moment any process changes them.

Every cached page first asks which catalogue version is current. With Redis that was one
round trip per request, the only one a visitor's cached page made, and on a busy machine
the one it waited for longest. Here a process keeps the values it has read and subscribes
to one Redis channel; whoever changes a tracked key (`set`, `add`, `delete` below) publishes
the key's name there after the change. A read first takes whatever messages are waiting on
the subscription, without waiting for any (a look at the socket, no round trip), and
forgets the copies they name; then it answers from its copy, or asks Redis and keeps the
answer.

Why a change is seen at once: Redis puts a published message on every subscriber's
connection while it handles the PUBLISH, before the writer can see its answer, so a request
that reaches another process after an editor's save returned finds the message waiting.
The subscription is confirmed before anything is read, so no change can fall between a read
and the subscription.

The cache stays an accelerator: when Redis cannot be reached, or the subscription breaks,
this process keeps no copies and every read goes to the cache as before (which then answers
like an empty one, see forge.lib.cache). A copy is also never kept longer than the key's
timeout in Redis (`keep_for`), so a change that could not be published (Redis was away)
lingers no longer than it would in Redis itself. With a cache that is not shared (local
memory: tests, `make run`), there is nothing to track and every call goes straight to it.
"""

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed

from forge.lib.cache import CACHE_ERRORS, RETRY_AFTER

log = logging.getLogger("forge.cache")

CHANNEL = "tracked-keys"
SUBSCRIBE_TIMEOUT = 0.25  # seconds to wait for Redis to confirm the subscription
MAX_COPIES = 10_000  # copies a process keeps (the oldest read goes first)


class Tracked:
    """Tracked keys of one cache backend, for this process (see the module docstring)."""

    def __init__(self, backend=None):
        self._given = backend  # None: the default cache, looked up as each thread needs it
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._pubsub = None
        self._socket = None  # the subscription's socket: another one means it reconnected
        self._retry_at = 0.0
        self._copies: dict[str, tuple[object, float]] = {}

    @property
    def backend(self):
        return self._given if self._given is not None else caches["default"]

    # --- reads ---------------------------------------------------------------------------

    def get(self, key: str, *, keep_for: float):
        """The cache's value for `key` (None when it has none), from this process's copy when
        no change was announced since it was read. `keep_for`: seconds a copy may be kept at
        most (the key's timeout in the cache)."""
        backend = self.backend
        if not self._shared():
            return backend.get(key)
        with self._lock:
            listening = self._listen(backend)
            if listening:
                copy = self._copies.get(key)
                if copy is not None and copy[1] > time.monotonic():
                    return copy[0]
            value = backend.get(key)
            if listening and value is not None and self._listening():
                self._copies[key] = (value, time.monotonic() + keep_for)
                if len(self._copies) > MAX_COPIES:
                    del self._copies[next(iter(self._copies))]
            return value

    # --- writes: each announces the key's name to every process ------------------------------

    def set(self, key: str, value, *, timeout) -> None:
        self.backend.set(key, value, timeout=timeout)
        self._announce(key)

    def add(self, key: str, value, *, timeout) -> bool:
        added = self.backend.add(key, value, timeout=timeout)
        if added:
            self._announce(key)
        return added

    def delete(self, key: str) -> None:
        self.backend.delete(key)
        self._announce(key)

    def forget(self) -> None:
        """Drop this process's copies and subscription (tests; after a failure)."""
        with self._lock:
            self._drop()

    # --- the subscription ---------------------------------------------------------------------

    def _shared(self) -> bool:
        """A cache every process shares (Redis): only then is there anything to track."""
        if self._given is not None:
            return hasattr(self._given, "_cache") and hasattr(self._given._cache, "get_client")
        return "redis" in str(settings.CACHES["default"]["BACKEND"]).lower()

    def _client(self, backend):
        return backend._cache.get_client(write=True)

    def _channel(self, backend) -> str:
        return backend.make_and_validate_key(CHANNEL)

    def _announce(self, key: str) -> None:
        if not self._shared():
            return
        backend = self.backend
        try:
            self._client(backend).publish(self._channel(backend), key)
        except CACHE_ERRORS as error:
            # Nobody can be told; copies elsewhere expire by `keep_for` (as the key in Redis
            # would), and processes whose subscription broke have none.
            self._failed(backend, "publish", error)
        with self._lock:  # this process's copy, even if its subscription has not heard yet
            self._copies.pop(key, None)

    def _listening(self) -> bool:
        return self._pubsub is not None and self._pid == os.getpid()

    def _listen(self, backend) -> bool:
        """Subscribed and up to date: waiting messages taken, the copies they name dropped.
        False (and no copies) when the subscription cannot be had; then tried again after
        RETRY_AFTER seconds."""
        if self._pid != os.getpid():  # a new process (gunicorn forks after loading the app)
            self._pubsub, self._copies, self._pid, self._retry_at = None, {}, os.getpid(), 0.0
        available = getattr(backend, "available", None)
        if available is not None and not available():
            self._drop()
            return False
        try:
            if self._pubsub is None:
                if time.monotonic() < self._retry_at:
                    return False
                self._subscribe(backend)
            while True:
                message = self._pubsub.get_message(timeout=0)
                if self._pubsub.connection._sock is not self._socket:
                    # redis-py connected again by itself: what was announced meanwhile is
                    # lost, so nothing kept is trusted; the next read subscribes afresh.
                    self._drop()
                    return False
                if message is None:
                    return True
                if message.get("type") == "message":
                    name = message["data"]
                    self._copies.pop(name.decode() if isinstance(name, bytes) else name, None)
        except CACHE_ERRORS as error:
            self._failed(backend, "subscribe", error)
            self._drop()
            self._retry_at = time.monotonic() + RETRY_AFTER
            return False

    def _subscribe(self, backend) -> None:
        pubsub = self._client(backend).pubsub(ignore_subscribe_messages=False)
        try:
            pubsub.subscribe(self._channel(backend))
            deadline = time.monotonic() + SUBSCRIBE_TIMEOUT
            while time.monotonic() < deadline:
                message = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT)
                if message is not None and message.get("type") == "subscribe":
                    self._pubsub, self._copies = pubsub, {}
                    self._socket = pubsub.connection._sock
                    return
            raise TimeoutError("Redis did not confirm the subscription")
        except BaseException:
            pubsub.close()
            raise

    @staticmethod
    def _failed(backend, operation: str, error: BaseException) -> None:
        """Reported like any failed cache call: logged once a minute, the cache then skipped
        for a moment (forge.lib.cache.Resilient)."""
        failed = getattr(backend, "_failed", None)
        if failed is not None:
            failed(operation, error)
        else:
            log.warning("Tracked keys: %s failed: %s", operation, error)

    def _drop(self) -> None:
        if self._pubsub is not None:
            with contextlib.suppress(*CACHE_ERRORS):
                self._pubsub.close()
        self._pubsub, self._socket, self._copies = None, None, {}


tracked = Tracked()


def _forget_on_new_caches(*, setting, **kwargs) -> None:
    if setting == "CACHES":  # another cache (tests): another channel, other values
        tracked.forget()


setting_changed.connect(_forget_on_new_caches)
