"""Request bodies: the schema closes them (additionalProperties: false) as the server does,
and a string field takes only a string."""

import pytest

from plans.models import Plan, PlanItem
from plans.services import plans as services
from tests.factories import ExerciseFactory


@pytest.fixture
def spec(client, db):
    return client.get("/api/schema/", {"format": "json"}).json()


def _resolve(spec, schema):
    ref = schema.get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_every_request_body_in_the_schema_refuses_unknown_fields(spec):
    bodies = {
        f"{method.upper()} {path}": _resolve(spec, media["schema"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    }
    assert len(bodies) == 14  # with POST /api/v1/plans/generate/
    open_bodies = [
        name for name, body in bodies.items() if body["additionalProperties"] is not False
    ]
    assert open_bodies == []


def test_a_number_for_a_plan_name_is_a_400_and_nothing_is_stored(member_api):
    response = member_api.post("/api/v1/plans/", {"name": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["Must be text."]}
    assert not Plan.objects.exists()


def test_a_number_for_item_notes_is_a_400_and_the_item_is_unchanged(member_api, member):
    plan = services.plan_create(owner=member, name="Morning")
    item = services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    response = member_api.patch(f"/api/v1/plan-items/{item.pk}/", {"notes": 12}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"notes": ["Must be text."]}
    assert PlanItem.objects.get(pk=item.pk).notes == ""


def test_copy_refuses_a_number_for_a_name(member_api, member):
    plan = services.plan_create(owner=member, name="Morning")
    response = member_api.post(f"/api/v1/plans/{plan.pk}/copy/", {"name": 7}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["Must be text."]}
    assert Plan.objects.count() == 1


def test_text_still_works(member_api):
    response = member_api.post("/api/v1/plans/", {"name": "0"}, format="json")
    assert response.status_code == 201 and Plan.objects.get().name == "0"


def test_a_nul_byte_in_a_logged_exercise_slug_is_a_400_not_a_500(member_api):
    body = {
        "started_at": "2026-01-01T10:00:00Z",
        "ended_at": "2026-01-01T10:10:00Z",
        "entries": [{"exercise": "nul\x00byte", "side": "both", "hold_seconds": 30}],
    }
    response = member_api.post("/api/v1/sessions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["entries.0.exercise"]


BODY_ENDPOINTS = ["/api/v1/plans/generate/", "/api/v1/plans/", "/api/v1/sessions/"]


@pytest.mark.parametrize("path", BODY_ENDPOINTS)
def test_json_nested_thousands_deep_is_a_400_naming_the_limit(member_api, path):
    body = "[" * 2000 + "]" * 2000  # 4 KB
    response = member_api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "parse_error",
        "detail": "The JSON is nested deeper than the limit of 20 levels.",
        "errors": {},
    }
    assert Plan.objects.count() == 0


def test_a_visitor_gets_the_same_400_on_the_public_generator(api_client, db):
    body = '{"goal": ' + "[" * 2000 + "]" * 2000 + "}"
    response = api_client.post("/api/v1/plans/generate/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The JSON is nested deeper than the limit of 20 levels."


def test_brackets_inside_strings_do_not_count_as_depth(member_api):
    response = member_api.post(
        "/api/v1/plans/", {"name": '[[[[[[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{{{'}
    )
    assert response.status_code == 201
    assert Plan.objects.get().name == '[[[[[[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{{{'


@pytest.mark.parametrize("path", BODY_ENDPOINTS)
def test_a_body_over_the_size_limit_is_a_400_naming_the_limit(member_api, path):
    body = '{"name": "' + "x" * (1024 * 1024) + '"}'
    response = member_api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is larger than the limit of 1 MB."
    assert Plan.objects.count() == 0
