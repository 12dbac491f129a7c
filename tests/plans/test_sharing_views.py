"""A plan's share link: on, off, the shared page and copying from it."""

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


def test_share_link_on_off_and_copy(client, member_client, plan, other_member):
    member_client.post(reverse("plans:plan-share", args=[plan.pk]), {"share": "on"})
    plan.refresh_from_db()
    shared_url = plan.get_share_url()

    anonymous = client.__class__()
    page = anonymous.get(shared_url)
    assert page.status_code == 200 and b"Lying Glutes Stretch" in page.content
    assert b"Log in to copy" in page.content
    copy_url = reverse("plans:plan-shared-copy", args=[plan.share_token])
    assert anonymous.post(copy_url)["Location"].startswith(reverse("login"))

    other = client.__class__()
    other.force_login(other_member)
    response = other.post(copy_url)
    copy = Plan.objects.get(owner=other_member)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.name == "Morning"
    assert PlanItem.objects.filter(day__plan=copy).count() == 2

    member_client.post(
        reverse("plans:plan-share", args=[plan.pk]), {"share": "off", "confirm": "yes"}
    )
    assert anonymous.get(shared_url).status_code == 404
    assert other.post(copy_url).status_code == 404
    assert Plan.objects.filter(owner=other_member).count() == 1


def test_an_unshared_plan_cannot_be_reached_or_copied_by_guessing(member_client, plan):
    assert member_client.get(reverse("plans:plan-shared", args=["guess"])).status_code == 404
    assert member_client.post(reverse("plans:plan-shared-copy", args=["guess"])).status_code == 404
