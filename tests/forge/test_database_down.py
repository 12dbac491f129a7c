"""The database unreachable: every page and API call is a 503 with Retry-After, never a 500.

A database wrapper (connection.execute_wrapper) makes every query fail the way a stopped
PostgreSQL does. These tests run outside a transaction (transaction=True): the middleware
closes the broken connection, which a test transaction would not survive.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from exercises.models import Exercise
from exercises.selectors import CATALOGUE_VERSION_KEY
from plans.models import WorkoutSession
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory

# serialized_rollback: the vocabularies the migrations load come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class DatabaseDown:
    """Every query fails (or only the first `failures` of them)."""

    def __init__(self, failures: int | None = None):
        self.failures = failures
        self.calls = 0

    def __call__(self, execute, sql, params, many, context):
        self.calls += 1
        if self.failures is None or self.calls <= self.failures:
            raise OperationalError("connection to server failed: Connection refused")
        return execute(sql, params, many, context)


@pytest.fixture
def stretch():
    return ExerciseFactory(name="Seated Hamstring Stretch", stretch=True)


PAGES = [
    "/",
    "/exercises/",
    "/exercises/legs/",
    "/exercises/equipment/",
    "/exercise/seated-hamstring-stretch/",
    "/exercise/no-such-exercise/",
    "/routines/",
    "/plans/generate/",
    "/sitemap.xml",
]
MEMBER_PAGES = ["/plans/", "/plans/history/", "/accounts/profile/", "/admin/"]
PUBLIC_API_CALLS = [
    ("get", "/api/v1/exercises/"),
    ("get", "/api/v1/exercises/seated-hamstring-stretch/"),
    ("get", "/api/v1/body-parts/"),
    ("get", "/api/v1/routines/"),
    ("post", "/api/v1/plans/generate/"),
]
MEMBER_API_CALLS = [
    ("get", "/api/v1/plans/"),
    ("post", "/api/v1/plans/"),
    ("get", "/api/v1/sessions/"),
    ("post", "/api/v1/sessions/"),
    ("get", "/api/v1/account/export/"),
]


def _assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "Forge is back in a moment" in html and "Our database is not answering" in html
    assert "<link" not in html and "<script" not in html  # self-contained


def _assert_503_json(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "status": 503,
        "code": "unavailable",
        "detail": "The service is briefly unavailable (its database is not answering); "
        "try again in 5 seconds.",
        "errors": {},
    }


def test_every_page_is_a_503_page_for_visitors_and_members(stretch, member):
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(member)
    with connection.execute_wrapper(DatabaseDown()):
        responses = [visitor.get(path) for path in PAGES]
        responses += [signed_in.get(path) for path in PAGES + MEMBER_PAGES]
        responses.append(visitor.post("/accounts/login/", {"username": "a@b.c", "password": "x"}))
        # The login form itself needs no database: it is shown (its submission is the 503).
        login_form = visitor.get("/accounts/login/")
    for response in responses:
        _assert_503_page(response)
    assert login_form.status_code == 200


def test_every_api_call_is_a_503_in_the_api_error_shape(stretch, member):
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(member)
    with connection.execute_wrapper(DatabaseDown()):
        responses = [
            getattr(visitor, method)(path, {}, content_type="application/json")
            for method, path in PUBLIC_API_CALLS
        ]
        responses += [
            getattr(signed_in, method)(path, {}, content_type="application/json")
            for method, path in PUBLIC_API_CALLS + MEMBER_API_CALLS
        ]
        # A visitor asking for a member's data is refused without asking the database.
        refused = visitor.get("/api/v1/plans/")
    for response in responses:
        _assert_503_json(response)
    assert refused.status_code == 401


def test_a_session_log_while_the_database_is_down_is_a_503_and_stores_nothing(stretch, member):
    client = Client()
    client.force_login(member)
    start = timezone.now() - timedelta(minutes=15)
    body = {
        "id": str(uuid.uuid4()),
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=10)).isoformat(),
        "entries": [{"exercise": stretch.slug, "hold_seconds": 30}],
    }
    # The member is read and fails: a write is never retried.
    with connection.execute_wrapper(DatabaseDown()):
        response = client.post("/api/v1/sessions/", body, content_type="application/json")
    _assert_503_json(response)
    assert WorkoutSession.objects.count() == 0
    # Once the database is back, the same request (the queue's retry) stores it once.
    response = client.post("/api/v1/sessions/", body, content_type="application/json")
    assert response.status_code == 201
    assert WorkoutSession.objects.count() == 1


def test_static_files_still_serve(settings):
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # whitenoise reads its settings when the handler is built
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get("/static/css/forge.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/*")


def test_a_read_that_loses_its_connection_is_retried_once_on_a_fresh_one(stretch):
    failing_once = DatabaseDown(failures=1)
    with connection.execute_wrapper(failing_once):
        response = Client().get("/exercise/seated-hamstring-stretch/")
    assert response.status_code == 200
    assert "Seated Hamstring Stretch" in response.content.decode()
    assert failing_once.calls > 1


def test_a_read_that_fails_twice_is_a_503_not_a_third_try(stretch):
    failing_twice = DatabaseDown(failures=2)
    with connection.execute_wrapper(failing_twice):
        response = Client().get("/api/v1/exercises/seated-hamstring-stretch/")
    _assert_503_json(response)
    assert failing_twice.calls == 2


def test_a_write_is_not_retried(member, stretch):
    client = Client()
    client.force_login(member)
    failing_once = DatabaseDown(failures=1)
    with connection.execute_wrapper(failing_once):
        response = client.post(
            "/api/v1/plans/", {"name": "Morning"}, content_type="application/json"
        )
    _assert_503_json(response)
    assert failing_once.calls == 1


def test_a_visitors_stored_page_is_served_stale_while_the_database_is_down(stretch):
    client = Client()
    fresh = client.get("/exercise/seated-hamstring-stretch/")
    assert fresh.status_code == 200 and "Forge-Stale" not in fresh
    # The version must be read from the database again (as after its cache time-out).
    cache.delete(CATALOGUE_VERSION_KEY)
    with connection.execute_wrapper(DatabaseDown()):
        stale = client.get("/exercise/seated-hamstring-stretch/")
        never_stored = client.get("/exercises/legs/")
    assert stale.status_code == 200
    assert stale["Forge-Stale"] == "database-unavailable"
    assert stale.content == fresh.content
    assert "no-cache" in stale["Cache-Control"]
    _assert_503_page(never_stored)


def test_a_member_is_never_served_a_visitors_stale_page(stretch, member):
    assert Client().get("/exercise/seated-hamstring-stretch/").status_code == 200
    cache.delete(CATALOGUE_VERSION_KEY)
    client = Client()
    client.force_login(member)
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get("/exercise/seated-hamstring-stretch/")
    _assert_503_page(response)


def test_an_unexpected_error_under_api_is_a_json_500(monkeypatch, stretch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Exercise, "get_absolute_url", broken)
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/exercises/seated-hamstring-stretch/")
    assert api.status_code == 500
    assert api.json() == {
        "status": 500,
        "code": "server_error",
        "detail": "Something went wrong on our side. It has been logged.",
        "errors": {},
    }
    # The page reads plain rows (exercises.detail), not the model's methods.
    monkeypatch.setattr("exercises.views.exercise_page", broken)
    page = client.get("/exercise/seated-hamstring-stretch/")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.content.decode()


def test_the_member_logs_in_once_the_database_is_back(member):
    client = Client()
    with connection.execute_wrapper(DatabaseDown()):
        down = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert down.status_code == 503
    back = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert back.status_code == 302
