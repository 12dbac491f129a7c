"""A cache miss is rendered once (forge/lib/singleflight.py): while one request renders the new
version, the others get the previous version's copy or wait briefly for the new one; a
cache that cannot be reached makes nobody wait."""

import socket

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from forge.lib import pagecache, singleflight
from forge.lib.pagecache import cache_key, versioned_set, visitor_page

pytestmark = pytest.mark.django_db


class Page:
    """A visitor page whose version the test moves, counting its renders."""

    def __init__(self):
        self.version = 1
        self.renders = 0

        @visitor_page(version=lambda: self.version)
        def view(request):
            self.renders += 1
            return HttpResponse(f"version {self.version}")

        self.view = view


@pytest.fixture
def page():
    return Page()


def _lock(request, version) -> str:
    key = cache_key(request, version)
    assert cache.add(f"lock:{key}", 1)  # another request is rendering it
    return key


def test_while_another_request_renders_the_others_get_the_previous_version(page, rf):
    assert page.view(rf.get("/p/")).content == b"version 1"
    page.version = 2
    _lock(rf.get("/p/"), 2)

    response = page.view(rf.get("/p/"))

    assert response.content == b"version 1" and page.renders == 1
    # Not under the new version's name: the browser asks again and gets the new page.
    assert not response.has_header("ETag")


def test_without_a_previous_copy_they_wait_for_the_new_one(page, rf, monkeypatch):
    key = _lock(rf.get("/p/"), 1)
    sleeps = []

    def stored_meanwhile(seconds):
        sleeps.append(seconds)
        versioned_set(key, (b"rendered by the other request", {}), timeout=60)

    monkeypatch.setattr(singleflight.time, "sleep", stored_meanwhile)

    response = page.view(rf.get("/p/"))

    assert response.content == b"rendered by the other request"
    assert page.renders == 0 and len(sleeps) == 1


def test_a_wait_is_bounded_then_the_request_renders_itself(page, rf, settings, monkeypatch):
    settings.PAGE_CACHE_WAIT_SECONDS = 0.05
    _lock(rf.get("/p/"), 1)
    sleeps = []
    monkeypatch.setattr(singleflight.time, "sleep", sleeps.append)
    clock = iter(range(1000))
    monkeypatch.setattr(singleflight.time, "monotonic", lambda: next(clock) * 0.02)

    response = page.view(rf.get("/p/"))

    assert response.content == b"version 1" and page.renders == 1
    assert 1 <= len(sleeps) <= 3
    # The other request's lock is its own to release.
    assert cache.get(f"lock:{cache_key(rf.get('/p/'), 1)}") == 1


@pytest.fixture
def shared_cache_tier(monkeypatch):
    """Behave as with Redis: this process keeps its own copies beside the shared cache."""
    monkeypatch.setattr(pagecache, "_local_tier", lambda: True)


def _shared_stale_key(request) -> str:
    return pagecache._stale_key(pagecache._digest(request, ""))


def test_a_waiter_gets_the_previous_copy_from_this_process_not_the_shared_cache(
    page, rf, shared_cache_tier
):
    assert page.view(rf.get("/p/")).content == b"version 1"
    page.version = 2
    _lock(rf.get("/p/"), 2)
    # The shared cache no longer has it: only this process's memory can answer.
    cache.delete(_shared_stale_key(rf.get("/p/")))

    response = page.view(rf.get("/p/"))

    assert response.content == b"version 1" and page.renders == 1
    assert not response.has_header("ETag")


def test_the_copy_noted_is_the_last_one_served_here(page, rf, shared_cache_tier):
    page.view(rf.get("/p/"))
    page.version = 2
    page.view(rf.get("/p/"))
    # As if another process had stored version 2: this one has no copy of its own yet…
    pagecache._local.clear()
    pagecache._latest.clear()
    # …and serves it from the shared cache, noting it.
    assert page.view(rf.get("/p/")).content == b"version 2" and page.renders == 2
    cache.delete(_shared_stale_key(rf.get("/p/")))
    page.version = 3
    _lock(rf.get("/p/"), 3)

    assert page.view(rf.get("/p/")).content == b"version 2" and page.renders == 2


def test_a_copy_older_than_an_entry_lives_is_not_used(page, rf, shared_cache_tier, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    page.view(rf.get("/p/"))
    cache.set(_shared_stale_key(rf.get("/p/")), (b"the shared cache's copy", {}))
    now[0] += pagecache.PAGE_TIMEOUT + 1
    page.version = 2
    _lock(rf.get("/p/"), 2)

    assert page.view(rf.get("/p/")).content == b"the shared cache's copy"


def test_the_renderer_releases_the_lock_even_when_the_view_fails(rf):
    @visitor_page(version=lambda: 1)
    def broken(request):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        broken(rf.get("/b/"))
    assert cache.get(f"lock:{cache_key(rf.get('/b/'), 1)}") is None


def test_the_first_request_after_a_publish_renders_and_stores(page, rf):
    page.view(rf.get("/p/"))
    page.version = 2
    assert page.view(rf.get("/p/")).content == b"version 2"
    assert page.view(rf.get("/p/")).content == b"version 2"
    assert page.renders == 2
    assert cache.get(f"lock:{cache_key(rf.get('/p/'), 2)}") is None


def test_with_the_cache_down_nobody_waits(page, rf, settings, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = {"BACKEND": "forge.lib.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    settings.CACHES = {"default": dict(backend), "fragments": dict(backend)}
    monkeypatch.setattr(singleflight.time, "sleep", lambda s: pytest.fail("waited"))

    assert page.view(rf.get("/p/")).content == b"version 1"
    assert page.renders == 1
    # The lock cannot be taken, and that never means "someone else has it".
    assert singleflight.claim("page:1:en:x") and singleflight.claim("page:1:en:x")


def test_with_the_lock_off_every_request_renders(page, rf, settings):
    settings.PAGE_CACHE_LOCK = False
    _lock(rf.get("/p/"), 1)
    assert page.view(rf.get("/p/")).content == b"version 1"
    assert page.renders == 1


def test_an_api_read_during_a_render_gets_the_previous_copy_not_the_new_etag(api_client):
    from exercises import services
    from exercises.selectors import catalogue_version
    from tests.factories import ExerciseFactory

    ExerciseFactory(name="Plank")
    first = api_client.get("/api/v1/exercises/")
    services.catalogue_version_bump()
    request = RequestFactory().get("/api/v1/exercises/")
    lock = f"lock:{cache_key(request, catalogue_version(), 'api-json')}"
    cache.add(lock, 1)

    during = api_client.get("/api/v1/exercises/")
    cache.delete(lock)  # the render ends
    after = api_client.get("/api/v1/exercises/")

    assert during.status_code == 200 and during.content == first.content
    # Never under the new version's name (only the hash of its own content).
    assert during["ETag"] != after["ETag"]
    assert api_client.get("/api/v1/exercises/", HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
