import pytest

from plans.models import Plan, PlanDay, PlanItem
from plans.services import plans as plan_services
from tests.exercises.test_api import assert_error
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    return plan


def item_of(plan, name="Lying Glutes Stretch"):
    return PlanItem.objects.get(day__plan=plan, exercise__name=name)


def state(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values_list("name", "share_token")),
        list(PlanDay.objects.filter(plan=plan).values_list("pk", "name", "position")),
        list(
            PlanItem.objects.filter(day__plan=plan)
            .order_by("pk")
            .values_list("pk", "day_id", "position", "hold_seconds")
        ),
        Plan.objects.count(),
    )


def test_member_lists_and_reads_own_plans_with_days_and_items(member_api, plan, other_member):
    plan_services.plan_create(owner=other_member, name="Not mine")
    body = member_api.get("/api/v1/plans/").json()
    assert body["count"] == 1
    plan_body = body["results"][0]
    assert plan_body["name"] == "Morning" and plan_body["share_url"] is None
    items = plan_body["days"][0]["items"]
    assert [i["exercise"]["slug"] for i in items] == ["lying-glutes-stretch", "plank"]
    assert items[0]["prescription"] == "30 s hold, each side"
    assert plan_body["estimated_seconds"] > 0


def test_member_creates_renames_and_deletes_a_plan(member, member_api):
    created = member_api.post("/api/v1/plans/", {"name": "Desk breaks"}, format="json")
    assert created.status_code == 201
    plan_id = created.json()["id"]
    assert created.json()["days"][0]["name"] == "Day 1"
    assert Plan.objects.get(pk=plan_id).owner == member

    renamed = member_api.patch(f"/api/v1/plans/{plan_id}/", {"name": "Desk"}, format="json")
    assert renamed.json()["name"] == "Desk" and Plan.objects.get(pk=plan_id).name == "Desk"

    assert member_api.delete(f"/api/v1/plans/{plan_id}/").status_code == 204
    assert not Plan.objects.filter(pk=plan_id).exists()


def test_member_adds_edits_moves_and_removes_items(member_api, plan):
    day = plan.days.get()
    pigeon = ExerciseFactory(name="Pigeon Pose", stretch=True)

    added = member_api.post(
        "/api/v1/plan-items/", {"plan": plan.pk, "exercise": "pigeon-pose"}, format="json"
    )
    assert added.status_code == 201
    assert added.json()["hold_seconds"] == 30 and added.json()["position"] == 3
    item_id = added.json()["id"]

    edited = member_api.patch(
        f"/api/v1/plan-items/{item_id}/", {"hold_seconds": 45, "notes": "Slowly."}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    assert PlanItem.objects.get(pk=item_id).hold_seconds == 45

    moved = member_api.post(
        f"/api/v1/plan-items/{item_id}/move/", {"direction": "up"}, format="json"
    )
    assert moved.json()["position"] == 2
    assert list(day.items.values_list("exercise__name", flat=True)) == [
        "Lying Glutes Stretch",
        "Pigeon Pose",
        "Plank",
    ]

    evening = member_api.post(f"/api/v1/plans/{plan.pk}/days/", {"name": "Evening"}, format="json")
    assert evening.status_code == 201
    to_day = member_api.post(
        f"/api/v1/plan-items/{item_id}/move/", {"day": evening.json()["id"]}, format="json"
    )
    assert to_day.json()["day"] == evening.json()["id"]

    assert member_api.delete(f"/api/v1/plan-items/{item_id}/").status_code == 204
    assert not PlanItem.objects.filter(pk=item_id).exists()
    assert pigeon.plan_items.count() == 0


def test_member_reorders_a_day(member_api, plan):
    day = plan.days.get()
    glutes, plank = item_of(plan), item_of(plan, "Plank")
    response = member_api.post(
        f"/api/v1/plan-days/{day.pk}/reorder/", {"item_ids": [plank.pk, glutes.pk]}, format="json"
    )
    assert response.status_code == 200
    assert [i["exercise"]["name"] for i in response.json()["items"]] == [
        "Plank",
        "Lying Glutes Stretch",
    ]
    partial = member_api.post(
        f"/api/v1/plan-days/{day.pk}/reorder/", {"item_ids": [plank.pk]}, format="json"
    )
    assert_error(partial, 400, "item_ids")


def test_member_copies_and_shares_a_plan(member_api, plan):
    copy = member_api.post(
        f"/api/v1/plans/{plan.pk}/copy/", {"name": "Evening copy"}, format="json"
    )
    assert copy.status_code == 201 and copy.json()["name"] == "Evening copy"
    assert PlanItem.objects.filter(day__plan_id=copy.json()["id"]).count() == 2

    shared = member_api.post(f"/api/v1/plans/{plan.pk}/share/")
    assert shared.json()["share_url"].startswith("http://testserver/plans/shared/")
    unshared = member_api.delete(f"/api/v1/plans/{plan.pk}/share/")
    assert unshared.json()["share_url"] is None


def test_saved_exercises_lists_each_exercise_once_with_its_plans(member_api, member, plan, stretch):
    other = plan_services.plan_create(owner=member, name="Evening")
    plan_services.plan_add_exercise(plan=other, exercise=stretch)

    body = member_api.get("/api/v1/saved-exercises/").json()

    assert body["count"] == 2
    glutes = next(row for row in body["results"] if row["slug"] == "lying-glutes-stretch")
    assert sorted(p["name"] for p in glutes["plans"]) == ["Evening", "Morning"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reps": 10}, "reps"),  # reps on a held stretch
        ({"hold_seconds": -1}, "hold_seconds"),
        ({"hold_seconds": 100_000}, "hold_seconds"),
        ({"hold_seconds": "long"}, "hold_seconds"),
        ({"rest_seconds": 9999}, "rest_seconds"),
        ({"sets": 0}, "sets"),
        ({"colour": "red"}, "colour"),  # unknown field
        ({"position": 1, "day": 3}, None),  # read-only fields are ignored, not errors
    ],
)
def test_invalid_item_updates_are_400_with_field_errors(member_api, plan, body, field):
    item = item_of(plan)
    before = state(plan)
    response = member_api.patch(f"/api/v1/plan-items/{item.pk}/", body, format="json")
    if field is None:
        assert response.status_code == 200
    else:
        assert_error(response, 400, field)
    assert state(plan) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plan": 1, "exercise": "no-such-exercise"}, "exercise"),
        ({"exercise": "lying-glutes-stretch"}, "plan"),
        ({"plan": "one", "exercise": "lying-glutes-stretch"}, "plan"),
        ({"plan": 999_999, "exercise": "lying-glutes-stretch"}, "plan"),
    ],
)
def test_invalid_item_creation_is_400(member_api, plan, body, field):
    response = member_api.post("/api/v1/plan-items/", body, format="json")
    assert_error(response, 400, field)
    assert PlanItem.objects.filter(day__plan=plan).count() == 2


def test_a_draft_cannot_be_added(member_api, plan):
    ExerciseFactory(name="Secret", status="draft")
    response = member_api.post(
        "/api/v1/plan-items/", {"plan": plan.pk, "exercise": "secret"}, format="json"
    )
    assert_error(response, 400, "exercise")


def test_malformed_json_and_wrong_content_types(member_api, plan):
    malformed = member_api.post("/api/v1/plans/", "{not json", content_type="application/json")
    assert_error(malformed, 400)
    form = member_api.post(
        "/api/v1/plans/", "name=X", content_type="application/x-www-form-urlencoded"
    )
    assert_error(form, 415)
    text = member_api.post("/api/v1/plans/", "X", content_type="text/plain")
    assert_error(text, 415)
    assert Plan.objects.count() == 1


def test_a_plan_needs_a_name_and_refuses_unknown_fields(member_api):
    assert_error(member_api.post("/api/v1/plans/", {"name": ""}, format="json"), 400, "name")
    assert_error(
        member_api.post("/api/v1/plans/", {"name": "A", "owner": 5}, format="json"), 400, "owner"
    )
    assert_error(member_api.post("/api/v1/plans/", {"name": "x" * 101}, format="json"), 400, "name")
    assert not Plan.objects.exists()


def test_removing_the_last_day_is_refused(member_api, plan):
    response = member_api.delete(f"/api/v1/plan-days/{plan.days.get().pk}/")
    assert_error(response, 400, "non_field_errors")
    assert plan.days.count() == 1


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 40])
def test_plan_detail_query_count_is_independent_of_plan_size(
    member, member_api, django_assert_num_queries, size
):
    plan = plan_services.plan_create(owner=member, name="Big")
    for i in range(size):
        plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name=f"E{i}"))
    # 1 plan with owner, 2 days, 3 items with their exercises.
    with django_assert_num_queries(3):
        response = member_api.get(f"/api/v1/plans/{plan.pk}/")
    assert len(response.json()["days"][0]["items"]) == size


@pytest.mark.parametrize("size", [2, 30])
def test_plan_list_query_count_is_independent_of_the_number_of_plans(
    member, member_api, django_assert_num_queries, size
):
    for i in range(size):
        plan = plan_services.plan_create(owner=member, name=f"Plan {i}")
        plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name=f"E{i}"))
    # 1 count, 2 page of plans, 3 their days, 4 the days' items with exercises.
    with django_assert_num_queries(4):
        response = member_api.get("/api/v1/plans/")
    assert response.json()["count"] == size
