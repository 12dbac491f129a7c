"""forge/lib/apicache.py: a visitor's stored API read is answered before DRF's dispatch, with
the response DRF gives for it (body and every header), counted by the throttle; every other
request takes DRF's whole way."""

import pytest
from rest_framework.views import APIView

from forge.lib.apicache import CachedReadMixin, negotiates_json
from forge.lib.throttling import VisitorRateThrottle
from tests.factories import bulk_catalogue

READS = [
    ("/api/v1/exercises/", {}),
    ("/api/v1/exercises/?search=exercise&limit=5&offset=5", {}),
    ("/api/v1/exercises/?lang=de", {}),
    ("/api/v1/exercises/", {"HTTP_ACCEPT_LANGUAGE": "es"}),
    ("/api/v1/exercises/", {"HTTP_ACCEPT": "application/json"}),
    ("/api/v1/exercises/?format=json", {"HTTP_ACCEPT": "*/*; q=0.5"}),
    ("/api/v1/exercises/exercise-0001/", {}),
    ("/api/v1/body-parts/", {}),
    ("/api/v1/muscles/glutes/", {"HTTP_ACCEPT_LANGUAGE": "de"}),
    ("/api/v1/areas/", {}),
]


@pytest.fixture
def catalogue(db, settings):
    settings.PAGE_CACHE = True
    bulk_catalogue(12)


@pytest.fixture
def drf_requests(monkeypatch):
    """How many requests DRF wrapped (DRF's dispatch ran for them)."""
    seen: list[object] = []
    original = APIView.initialize_request

    def counting(self, request, *args, **kwargs):
        seen.append(request)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "initialize_request", counting)
    return seen


def _headers(response) -> dict[str, str]:
    return dict(response.items())


@pytest.mark.parametrize(("url", "extra"), READS)
def test_a_stored_read_is_answered_early_with_drfs_own_response(
    catalogue, client, monkeypatch, drf_requests, django_assert_num_queries, url, extra
):
    first = client.get(url, **extra)  # rendered by DRF and stored
    assert first.status_code == 200
    with monkeypatch.context() as patched:
        patched.setattr(CachedReadMixin, "_answers_early", lambda *args: False)
        drf = client.get(url, **extra)  # the stored copy, through DRF's dispatch
    assert len(drf_requests) == 2
    with django_assert_num_queries(0):
        early = client.get(url, **extra)
    assert len(drf_requests) == 2  # DRF never saw it
    assert early.status_code == drf.status_code == 200
    assert early.content == drf.content == first.content
    assert _headers(early) == _headers(drf)
    assert early["ETag"] and early["Content-Language"]


def test_a_conditional_read_is_answered_early_with_drfs_304(catalogue, client, drf_requests):
    etag = client.get("/api/v1/exercises/")["ETag"]
    early = client.get("/api/v1/exercises/", HTTP_IF_NONE_MATCH=etag)
    assert len(drf_requests) == 1
    assert early.status_code == 304
    assert early["ETag"] == etag
    assert "public" in early["Cache-Control"]


def test_a_head_request_is_answered_early(catalogue, client, drf_requests):
    get = client.get("/api/v1/body-parts/")
    head = client.head("/api/v1/body-parts/")
    assert len(drf_requests) == 1
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize(
    ("url", "extra", "status"),
    [
        # The browsable API (another body for the same URL).
        ("/api/v1/exercises/?format=api", {}, 200),
        ("/api/v1/exercises/", {"HTTP_ACCEPT": "text/html,application/json;q=0.9"}, 200),
        ("/api/v1/exercises/", {"HTTP_ACCEPT": "application/json; indent=4"}, 200),
        # Credentials: DRF checks them (a wrong token is a 401).
        ("/api/v1/exercises/", {"HTTP_AUTHORIZATION": "Token not-a-token"}, 401),
        # DRF's errors, in the API's shape.
        ("/api/v1/exercises/?lang=xx", {}, 400),
        ("/api/v1/exercises/?limit=nope", {}, 400),
        ("/api/v1/exercises/no-such-exercise/", {}, 404),
    ],
)
def test_any_other_request_takes_drfs_way(catalogue, client, drf_requests, url, extra, status):
    client.get(url.split("?")[0] if "?" in url else url)  # the plain URL is stored
    client.get(url, **extra)  # stored too where it is a 200
    drf_requests.clear()
    response = client.get(url, **extra)
    assert len(drf_requests) == 1
    assert response.status_code == status


def test_a_members_read_takes_drfs_way(catalogue, member_client, drf_requests):
    member_client.get("/api/v1/exercises/")
    drf_requests.clear()
    assert member_client.get("/api/v1/exercises/").status_code == 200
    assert len(drf_requests) == 1  # their session: counted on their account, by DRF


def test_early_reads_count_against_the_visitors_limit_once_each(
    catalogue, client, drf_requests, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "9/minute"}
    )
    checks: list[object] = []
    original = VisitorRateThrottle.allow_request

    def counting(self, request, view):
        checks.append(request)
        return original(self, request, view)

    monkeypatch.setattr(VisitorRateThrottle, "allow_request", counting)
    responses = [client.get("/api/v1/exercises/") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert len(drf_requests) == 2  # the first (stored then) and the refused one
    assert len(checks) == 4  # the refused request was counted early, not again by DRF
    refused = responses[-1]
    assert refused.json()["code"] == "throttled"
    assert 55 <= int(refused["Retry-After"]) <= 60


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        ("", True),
        ("*/*", True),
        ("application/json", True),
        ("application/json;q=0.9, */*;q=0.1", True),
        ("application/*", True),
        ("text/html", False),
        ("text/html, application/json", False),
        ("application/json; indent=2", False),
        ("application/xml", False),
    ],
)
def test_negotiates_json_as_drf_would_for_this_api(accept, json):
    assert negotiates_json(accept) is json
