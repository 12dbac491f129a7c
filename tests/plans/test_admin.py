from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, WorkoutSession
from plans.services import plans as plan_services
from plans.services import sessions as session_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member):
    return plan_services.plan_create(owner=member, name="Support case")


def test_staff_can_look_at_plans_but_not_change_them(admin_client, plan):
    changelist = admin_client.get(reverse("admin:plans_plan_changelist"))
    assert changelist.status_code == 200 and b"Support case" in changelist.content

    page = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert page.status_code == 200
    assert b'name="name"' not in page.content  # shown read-only, not as an input

    assert admin_client.get(reverse("admin:plans_plan_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:plans_plan_change", args=[plan.pk]), {"name": "Changed"}
    )
    assert response.status_code == 403
    deleted = admin_client.post(reverse("admin:plans_plan_delete", args=[plan.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    assert Plan.objects.get(pk=plan.pk).name == "Support case"


def test_editors_cannot_see_members_plans(editor_client, plan):
    assert editor_client.get(reverse("admin:plans_plan_changelist")).status_code == 403


def test_staff_can_look_at_sessions_but_not_change_or_delete_them(admin_client, member):
    start = timezone.now() - timedelta(hours=1)
    session, _ = session_services.session_log(
        owner=member,
        started_at=start,
        ended_at=start + timedelta(minutes=10),
        entries=[
            session_services.EntryInput(exercise=ExerciseFactory(name="Plank"), hold_seconds=40)
        ],
    )
    changelist = admin_client.get(reverse("admin:plans_workoutsession_changelist"))
    assert changelist.status_code == 200 and b"Plank" in changelist.content
    page = admin_client.get(reverse("admin:plans_workoutsession_change", args=[session.pk]))
    assert page.status_code == 200 and b"40" in page.content
    deleted = admin_client.post(
        reverse("admin:plans_workoutsession_delete", args=[session.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


def test_editors_cannot_see_members_sessions(editor_client):
    assert editor_client.get(reverse("admin:plans_workoutsession_changelist")).status_code == 403
