"""“Save to my plan” without the dialog: the page, its redirects and refusals."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    plan_services.plan_day_add(plan=plan, name="Evening")
    return plan


def test_visitor_saving_is_sent_to_log_in_and_comes_back(client, stretch):
    url = reverse("plans:save-exercise", args=[stretch.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_member_saves_to_a_new_plan_without_javascript(member, member_client, stretch):
    url = reverse("plans:save-exercise", args=[stretch.slug])
    form = member_client.get(url)
    assert form.status_code == 200 and b"A new plan" in form.content

    response = member_client.post(url, {"target": "new", "new_plan_name": "Hips"})

    plan = Plan.objects.get(owner=member, name="Hips")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    item = PlanItem.objects.get(day__plan=plan)
    assert (item.exercise, item.hold_seconds, item.per_side) == (stretch, 30, True)


def test_member_saves_to_a_chosen_day_with_htmx(member_client, plan):
    evening = plan.days.get(position=2)
    push_up = ExerciseFactory(name="Push-Up")

    response = member_client.post(
        reverse("plans:save-exercise", args=[push_up.slug]),
        {"target": str(evening.pk)},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"<html" not in response.content and b"Saved to" in response.content
    assert list(evening.items.values_list("exercise__name", flat=True)) == ["Push-Up"]


def test_saving_to_another_members_day_is_refused(member_client, other_member, stretch):
    foreign = plan_services.plan_create(owner=other_member, name="Theirs").days.get()
    response = member_client.post(
        reverse("plans:save-exercise", args=[stretch.slug]), {"target": str(foreign.pk)}
    )
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert not foreign.items.exists()


def test_saving_a_new_plan_needs_a_name(member, member_client, stretch):
    response = member_client.post(
        reverse("plans:save-exercise", args=[stretch.slug]), {"target": "new", "new_plan_name": ""}
    )
    assert "new_plan_name" in response.context["form"].errors
    assert not Plan.objects.filter(owner=member).exists()


def test_drafts_and_unknown_exercises_cannot_be_saved(member_client):
    draft = ExerciseFactory(name="Draft", status="draft")
    assert member_client.get(reverse("plans:save-exercise", args=[draft.slug])).status_code == 404
    assert member_client.get(reverse("plans:save-exercise", args=["nope"])).status_code == 404
