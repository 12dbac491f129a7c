"""Redis unreachable: the cache is an accelerator, never a dependency.

Both caches point at a Redis on a port where nothing listens (connection refused), through
Forge's own backend: every visitor page, catalogue API read, login and session log still
answers 2xx, uncached; the API throttle counts in this process; the failure is logged once.
"""

import logging
import socket
import time
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from forge.lib import cache as cache_module
from plans.models import WorkoutSession
from tests.conftest import PASSWORD
from tests.plans.conftest import _starter_in_module, starter  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("starter")]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on leaving: connection refused


@pytest.fixture
def redis_down(settings):
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    backend = {"BACKEND": "forge.lib.cache.RedisCache", "LOCATION": location}
    settings.CACHES = {"default": dict(backend), "fragments": dict(backend)}
    yield location


VISITOR_PAGES = [
    "/",
    "/exercises/",
    "/exercises/?search=stretch",
    "/exercises/legs/",
    "/exercises/muscle/",
    "/exercises/level/beginner/",
    "/exercises/equipment/body-weight/",
    "/exercise/seated-hamstring-stretch/",
    "/exercise/seated-hamstring-stretch/play/",
    "/routines/",
    "/routines/desk-reset/",
    "/plans/generate/",
    "/sitemap.xml",
    "/accounts/login/",
]
API_READS = [
    "/api/v1/exercises/",
    "/api/v1/exercises/?search=stretch&limit=5",
    "/api/v1/exercises/seated-hamstring-stretch/",
    "/api/v1/body-parts/",
    "/api/v1/equipment/",
    "/api/v1/muscles/",
    "/api/v1/categories/",
    "/api/v1/goals/",
    "/api/v1/routines/",
]


def test_every_visitor_page_and_catalogue_read_answers_without_redis(
    redis_down, client, api_client, caplog
):
    caplog.set_level(logging.WARNING, logger="forge.cache")
    statuses = {path: client.get(path).status_code for path in VISITOR_PAGES}
    statuses |= {path: api_client.get(path).status_code for path in API_READS}
    assert statuses == dict.fromkeys(VISITOR_PAGES + API_READS, 200)
    # Logged once for the whole run, naming the cache and the error.
    reports = [r.getMessage() for r in caplog.records if r.name == "forge.cache"]
    assert len(reports) == 1
    # The first call to fail: the subscription for the catalogue version (forge/lib/tracked.py).
    assert f"Cache redis:{redis_down} unavailable (ConnectionError on subscribe" in reports[0]


def test_a_member_logs_in_and_logs_a_session_without_redis(redis_down, client, member):
    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/plans/").status_code == 200
    session_id = str(uuid.uuid4())
    start = timezone.now() - timedelta(minutes=15)
    response = client.post(
        "/api/v1/sessions/",
        {
            "id": session_id,
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=10)).isoformat(),
            "entries": [{"exercise": "seated-hamstring-stretch", "hold_seconds": 30}],
        },
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 201, response.content
    assert response.json()["id"] == session_id
    assert WorkoutSession.objects.filter(owner=member).count() == 1


def test_without_redis_the_throttle_counts_in_this_process(redis_down, api_client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "9/m"})
    statuses = [api_client.get("/api/v1/body-parts/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_hung_redis_costs_one_short_timeout_then_is_skipped(settings):
    # A server that accepts connections and never answers.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        location = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "forge.lib.cache.RedisCache",
                "LOCATION": location,
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            },
        }
        started = time.monotonic()
        assert cache.get("anything", "missing") == "missing"
        first = time.monotonic() - started
        started = time.monotonic()
        results = [cache.get("anything") for _ in range(50)]
        skipped = time.monotonic() - started
    assert results == [None] * 50
    assert 0.15 < first < 1.0  # the socket timeout, not the OS's default of minutes
    assert skipped < 0.05  # skipped: no timeout paid again within RETRY_AFTER


def test_the_cache_resumes_by_itself_when_it_is_back(monkeypatch, caplog):
    """A backend that fails while `broken` is set: misses, dropped writes, one log line;
    once repaired and RETRY_AFTER has passed, reads and writes work again."""
    from django.core.cache.backends.locmem import LocMemCache

    broken = {"on": True}

    class Unreliable(LocMemCache):
        def get(self, *args, **kwargs):
            if broken["on"]:
                raise ConnectionRefusedError("connection refused")
            return super().get(*args, **kwargs)

        def set(self, *args, **kwargs):
            if broken["on"]:
                raise ConnectionRefusedError("connection refused")
            return super().set(*args, **kwargs)

    class Backend(cache_module.Resilient, Unreliable):
        def __init__(self, name, params):
            super().__init__(name, params)
            self._location = "test:unreliable"

    backend = Backend("unreliable", {})
    clock = {"now": 1000.0}
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock["now"])
    caplog.set_level(logging.WARNING, logger="forge.cache")

    assert backend.set("key", "value") is None
    assert backend.get("key", "default") == "default"
    assert backend.available() is False
    broken["on"] = False
    assert backend.get("key") is None  # still skipped: no call within RETRY_AFTER
    clock["now"] += cache_module.RETRY_AFTER
    assert backend.available() is True
    backend.set("key", "value")
    assert backend.get("key") == "value"
    assert len([r for r in caplog.records if r.name == "forge.cache"]) == 1


def test_sessions_kept_in_the_cache_still_work_without_redis(redis_down, client, member, settings):
    # The engine production uses with Redis: sessions then come from the database alone.
    settings.SESSION_ENGINE = "forge.lib.sessions"
    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/exercise/seated-hamstring-stretch/")
    assert page.status_code == 200 and "Log out" in page.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert "Log out" not in client.get("/exercise/seated-hamstring-stretch/").content.decode()
