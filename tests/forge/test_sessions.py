"""forge.lib.sessions: a member's session comes from the cache (no query), and its cached
copy lives minutes, not the session's weeks (a log-out while Redis is unreachable cannot
delete it)."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from forge.lib import sessions
from tests.factories import ExerciseFactory
from tests.redis_support import needs_redis


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "forge.lib.sessions"


def test_a_members_request_reads_no_session_row(cached_sessions, member, django_assert_num_queries):
    ExerciseFactory(name="Plank")
    client = Client()
    client.force_login(member)
    client.get("/exercise/plank/")  # the members' shared copy is stored

    # 1 the member: the session comes from the cache, the page from the shared copy.
    with django_assert_num_queries(1):
        response = client.get("/exercise/plank/")
    assert "Log out" in response.content.decode()


def test_the_cached_copy_lives_minutes(cached_sessions, db):
    store = sessions.SessionStore()
    store["answer"] = 42
    store.save()
    cache = caches[django_settings.SESSION_CACHE_ALIAS]
    expires = cache._expire_info[cache.make_key(store.cache_key)]

    assert store.get_expiry_age() > sessions.CACHE_SECONDS  # the session lives weeks
    assert expires - time.time() <= sessions.CACHE_SECONDS + 1
    assert sessions.SessionStore(store.session_key)["answer"] == 42


@pytest.fixture
def redis_sessions(settings, redis_cache):
    settings.SESSION_ENGINE = "forge.lib.sessions"
    return redis_cache


def _signed_in(client) -> bool:
    response = client.get("/accounts/profile/")
    return response.status_code == 200


@needs_redis
def test_with_redis_a_log_out_in_another_process_signs_out_here(redis_sessions, member):
    from django.contrib.sessions.models import Session

    from forge.lib.tracked import Tracked

    client = Client()
    client.force_login(member)
    assert _signed_in(client)
    assert _signed_in(client)  # the session is kept in this process now
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    other_process = Tracked(caches["default"])
    try:
        # Another process logs the member out: the row and the cached copy are deleted.
        Session.objects.filter(session_key=key).delete()
        other_process.delete(sessions.SessionStore.cache_key_prefix + key)
        assert not _signed_in(client)
    finally:
        other_process.forget()


@needs_redis
def test_with_redis_each_request_gets_its_own_session_data(redis_sessions, db):
    store = sessions.SessionStore()
    store["plans"] = [1]
    store.save()
    first = sessions.SessionStore(store.session_key)
    first["plans"].append(2)  # changed in memory, never saved
    second = sessions.SessionStore(store.session_key)
    assert second["plans"] == [1]
    assert second.load() is not first.load()


@needs_redis
def test_with_redis_a_saved_change_shows_in_the_next_read(redis_sessions, db):
    store = sessions.SessionStore()
    store["step"] = 1
    store.save()
    assert sessions.SessionStore(store.session_key)["step"] == 1  # kept now
    store["step"] = 2
    store.save()
    assert sessions.SessionStore(store.session_key)["step"] == 2
