"""forge.lib.usercache: a signed-in member's user row comes from the shared cache, and every
change to the user reaches their very next request (a password change, a deactivation, a
deleted account sign them out everywhere at once). Each test warms the cached row first, so
it fails if the invalidation is missing."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forge import services
from forge.lib import usercache
from tests.conftest import PASSWORD
from tests.redis_support import needs_redis

STRONG = "a-much-longer-passphrase-2024"


@pytest.fixture
def user_cache(settings):
    settings.USER_CACHE = True


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    assert client.get(reverse("profile")).status_code == 200  # the row is now cached
    assert cache.get(usercache.user_key(member.pk)) is not None
    return client


def _is_signed_in(client) -> bool:
    response = client.get(reverse("profile"))
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_members_request_reads_no_user_row(user_cache, member):
    client = _signed_in(member)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("profile")).status_code == 200
    assert not [q for q in queries.captured_queries if '"forge_user"' in q["sql"]]


def test_without_a_shared_cache_every_request_reads_the_row(settings, member):
    settings.USER_CACHE = False
    client = Client()
    client.force_login(member)
    assert client.get(reverse("profile")).status_code == 200
    assert cache.get(usercache.user_key(member.pk)) is None


def test_a_password_change_signs_out_every_other_session(user_cache, member):
    other_device = _signed_in(member)
    this_device = _signed_in(member)

    response = this_device.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
    )

    assert response.status_code == 302
    assert _is_signed_in(this_device)  # Django keeps the device that changed it
    assert not _is_signed_in(other_device)


def test_a_password_set_elsewhere_signs_out_every_session(user_cache, member):
    device = _signed_in(member)
    member.set_password(STRONG)
    member.save()  # a password reset, or an editor in the admin

    assert not _is_signed_in(device)


def test_a_deactivated_member_is_signed_out_at_once(user_cache, member):
    device = _signed_in(member)
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert not _is_signed_in(device)


def test_a_deleted_account_is_signed_out_everywhere(user_cache, settings, member):
    # With Redis, sessions are read from the cache too, and deleting a session row does not
    # reach its cached copy: the user row is then what must be gone.
    settings.SESSION_ENGINE = "forge.lib.sessions"
    other_device = _signed_in(member)
    services.user_delete(user=member)

    assert not _is_signed_in(other_device)


def test_a_profile_edit_shows_on_the_next_request(user_cache, member):
    device = _signed_in(member)
    member.display_name = "Ann"
    member.save()

    response = device.get(reverse("profile"))
    assert response.context["user"].display_name == "Ann"


def test_a_row_read_before_the_commit_is_forgotten_at_the_commit(user_cache, member):
    """A request that read the old row just before the save committed may cache it again;
    the entry is deleted once more when the transaction commits."""
    _signed_in(member)
    with mock.patch.object(usercache.transaction, "on_commit") as on_commit:
        member.is_active = False
        member.save()
    assert cache.get(usercache.user_key(member.pk)) is None
    cache.set(usercache.user_key(member.pk), "the old row", 60)  # read before the commit

    on_commit.call_args.args[0]()  # the commit

    assert cache.get(usercache.user_key(member.pk)) is None


def test_with_the_cache_down_members_are_served_from_the_database(user_cache, member):
    device = _signed_in(member)
    with mock.patch.object(cache, "get", return_value=None):
        assert _is_signed_in(device)
        member.is_active = False
        member.save()
        assert not _is_signed_in(device)


@pytest.fixture
def redis_members(settings, redis_cache):
    """Redis as the shared cache, sessions read through it, the user row cache on."""
    settings.USER_CACHE = True
    settings.SESSION_ENGINE = "forge.lib.sessions"
    return redis_cache


@needs_redis
def test_with_redis_a_members_request_makes_no_round_trip(redis_members, redis_commands, member):
    device = _signed_in(member)
    assert _is_signed_in(device)  # the session and the row are now kept in this process
    redis_commands.clear()
    assert _is_signed_in(device)
    assert redis_commands == []


@needs_redis
def test_with_redis_a_change_announced_by_another_process_signs_out_here(redis_members, member):
    from django.contrib.auth import get_user_model
    from django.core.cache import caches

    from forge.lib.tracked import Tracked

    device = _signed_in(member)
    assert _is_signed_in(device)
    other_process = Tracked(caches["default"])
    try:
        # Another process deactivates the member (no signal reaches this process).
        get_user_model().objects.filter(pk=member.pk).update(is_active=False)
        other_process.delete(usercache.user_key(member.pk))
        assert not _is_signed_in(device)
    finally:
        other_process.forget()


@needs_redis
def test_a_kept_row_is_never_the_one_a_request_changes(redis_members, member):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend

    _signed_in(member)
    first = usercache.load_user(ModelBackend(), member.pk)
    first.display_name = "Changed in memory only"
    second = usercache.load_user(ModelBackend(), member.pk)
    assert second is not first
    assert second.display_name == get_user_model().objects.get(pk=member.pk).display_name
