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
