"""A signed-in member's user row read from the shared cache, not the database, on each request.

`AuthenticationMiddleware` is Django's, except that the session's user is loaded through
`load_user`: with USER_CACHE on (the default when REDIS_URL is set, so the cache is shared by
every process) the row is kept in the cache under the user's id for at most CACHE_SECONDS.
Everything Django checks on each request is still checked on the cached row: the backend
named in the session must be configured, the backend must accept the user (`is_active`), and
the session's hash must match the row's password hash, so a password change signs out every
other session.

With Redis, each process also keeps the rows it read (forge.lib.tracked), so a member's
request makes no round trip for the row: the deletion below is announced to every process,
which drops its copy before its next read, and a copy is kept no longer than the entry.

What keeps the cached row right: every save or delete of a user deletes its entry (`connect`
wires the signals; `invalidate` runs at once and again when the transaction commits, so a
request that read the old row just before the commit cannot put it back for long). Password
changes and resets, deactivation, profile edits and account deletion all go through `save()`
or `delete()`. A bulk `QuerySet.update()` sends no signal: call `invalidate` after one.

Without a shared cache (USER_CACHE off: each process has its own memory, and a save in one
process could not reach another's copy) every request reads the row, as Django does. An
unreachable cache answers like an empty one (forge.lib.cache): the row then comes from the
database; a delete it could not take is why an entry lives minutes, not the session's weeks.
"""

import copy

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from forge.lib.tracked import tracked

CACHE_SECONDS = 5 * 60


def user_key(user_id) -> str:
    return f"user-row:{user_id}"


def invalidate(user_id) -> None:
    """Forget the cached row now and again once the current transaction commits."""
    key = user_key(user_id)
    tracked.delete(key)
    transaction.on_commit(lambda: tracked.delete(key))


def _invalidate_on_change(sender, instance, **kwargs) -> None:
    if instance.pk is not None:
        invalidate(instance.pk)


def connect() -> None:
    """Delete a user's cached row whenever that user is saved or deleted (AppConfig.ready)."""
    model = auth.get_user_model()
    post_save.connect(_invalidate_on_change, sender=model, dispatch_uid="forge-user-row-save")
    post_delete.connect(_invalidate_on_change, sender=model, dispatch_uid="forge-user-row-del")


def load_user(backend, user_id):
    """`backend.get_user(user_id)`, the row from the shared cache when it may be."""
    if not (settings.USER_CACHE and type(backend) is ModelBackend):
        return backend.get_user(user_id)
    model = auth.get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except Exception:  # a malformed id in a session: Django's own path answers it
        return backend.get_user(user_id)
    key = user_key(pk)
    kept = tracked.get(key, keep_for=CACHE_SECONDS)
    if kept is None:
        user = backend.get_user(pk)
        if user is not None:
            cache.set(key, user, CACHE_SECONDS)
        return user
    user = copy.copy(kept)  # this request's own: the process may keep `kept` for the next
    return user if backend.user_can_authenticate(user) else None


def get_user(request):
    """django.contrib.auth.get_user, with the row loaded by `load_user`."""
    from django.contrib.auth.models import AnonymousUser

    user = None
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            backend = auth.load_backend(backend_path)
            user = load_user(backend, user_id)
            if hasattr(user, "get_session_auth_hash"):
                session_hash = request.session.get(auth.HASH_SESSION_KEY)
                verified = bool(session_hash) and constant_time_compare(
                    session_hash, user.get_session_auth_hash()
                )
                if not verified:
                    if session_hash and any(
                        constant_time_compare(session_hash, fallback)
                        for fallback in user.get_session_auth_fallback_hash()
                    ):
                        request.session.cycle_key()
                        request.session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


def _cached_get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the user row loaded through `load_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_get_user(request))
