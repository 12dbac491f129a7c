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
