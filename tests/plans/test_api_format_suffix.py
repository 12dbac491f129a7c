"""Every API route answers with a `.json` format suffix as it does without one."""

import pytest

from plans.models import Plan, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    return plan


def test_saved_exercises_list_with_a_suffix_is_json(member_api, plan):
    response = member_api.get("/api/v1/saved-exercises.json")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == [
        "Lying Glutes Stretch",
        "Plank",
    ]


def test_copy_with_a_suffix_makes_the_copy(member_api, member, plan):
    response = member_api.post(f"/api/v1/plans/{plan.pk}/copy.json", {}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "Copy of Morning"
    assert Plan.objects.filter(owner=member).count() == 2


def test_share_with_a_suffix_turns_the_link_on_and_off(member_api, plan):
    on = member_api.post(f"/api/v1/plans/{plan.pk}/share.json")
    plan.refresh_from_db()
    assert on.status_code == 200 and on.json()["share_url"].endswith(plan.get_share_url())
    off = member_api.delete(f"/api/v1/plans/{plan.pk}/share.json")
    plan.refresh_from_db()
    assert off.status_code == 200 and off.json()["share_url"] is None
    assert plan.share_token is None


def test_days_with_a_suffix_adds_a_day(member_api, plan):
    response = member_api.post(f"/api/v1/plans/{plan.pk}/days.json", {"name": "Evening"})
    assert response.status_code == 201
    assert list(plan.days.values_list("name", flat=True)) == ["Day 1", "Evening"]


def test_reorder_with_a_suffix_reorders(member_api, plan):
    day = plan.days.get()
    glutes, plank = day.items.order_by("position")
    response = member_api.post(
        f"/api/v1/plan-days/{day.pk}/reorder.json", {"item_ids": [plank.pk, glutes.pk]}
    )
    assert response.status_code == 200
    assert list(day.items.order_by("position").values_list("pk", flat=True)) == [
        plank.pk,
        glutes.pk,
    ]


def test_move_with_a_suffix_moves(member_api, plan):
    plank = PlanItem.objects.get(exercise__name="Plank")
    response = member_api.post(f"/api/v1/plan-items/{plank.pk}/move.json", {"direction": "up"})
    assert response.status_code == 200 and response.json()["position"] == 1
    plank.refresh_from_db()
    assert plank.position == 1
