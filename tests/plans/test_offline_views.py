"""Plans kept offline (issue 22): the toggle, the default for plans played lately, the list
the service worker keeps, and the Forge-Member check on sessions sent from a device."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forge.lib.members import member_tag
from plans import offline
from plans.models import Plan, WorkoutSession
from plans.services import plans as plan_services
from plans.services.sessions import EntryInput
from tests.factories import ExerciseFactory, WorkoutSessionFactory


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_day_add(plan=plan, name="Evening")
    return plan


def played(plan, *, days_ago: int):
    day = plan.days.order_by("position").first()
    started = timezone.now() - timedelta(days=days_ago, hours=1)
    return WorkoutSessionFactory(
        owner=plan.owner,
        plan_day=day,
        started_at=started,
        entries=[EntryInput(exercise=day.items.get().exercise, hold_seconds=30)],
    )


def toggle(client, plan, value):
    return client.post(reverse("plans:plan-offline", args=[plan.pk]), {"offline": value})


def test_a_plan_not_played_is_not_kept_offline_until_the_member_turns_it_on(member_client, plan):
    page = member_client.get(plan.get_absolute_url())
    assert b"Keep offline" in page.content and b"data-offline-badge" not in page.content
    before = Plan.objects.get(pk=plan.pk).updated_at

    response = toggle(member_client, plan, "on")

    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.offline, stored.updated_at) == (True, before)  # "changed" stays
    page = member_client.get(plan.get_absolute_url())
    assert b"will be kept on this device" in page.content
    assert f'data-offline-badge data-plan-id="{plan.pk}"'.encode() in page.content
    assert b"Stop keeping it offline" in page.content


def test_a_plan_played_in_the_last_30_days_is_kept_offline_by_default_and_can_be_turned_off(
    member_client, plan
):
    played(plan, days_ago=29)
    page = member_client.get(plan.get_absolute_url())
    assert b"you played it in the last 30 days" in page.content
    assert Plan.objects.get(pk=plan.pk).offline is None

    assert toggle(member_client, plan, "off").status_code == 302

    assert Plan.objects.get(pk=plan.pk).offline is False
    page = member_client.get(plan.get_absolute_url())
    assert b"Keep offline" in page.content and b"data-offline-badge" not in page.content


def test_a_plan_last_played_31_days_ago_is_not_kept_by_default(member, plan):
    played(plan, days_ago=31)
    assert offline.offline_bundle(user=member) == []


def test_a_bad_choice_changes_nothing_and_says_why(member_client, plan):
    response = toggle(member_client, plan, "maybe")
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).offline is None
    page = member_client.get(response["Location"])
    assert b"Choose whether to keep the plan offline: on or off." in page.content


def test_another_members_plan_is_a_404_and_stays_as_it_was(client, other_member, plan):
    client.force_login(other_member)
    assert toggle(client, plan, "on").status_code == 404
    assert Plan.objects.get(pk=plan.pk).offline is None


def test_the_bundle_lists_each_offline_plans_pages_for_the_worker(member_client, member, plan):
    draft = ExerciseFactory(name="Draft Move", status="draft")
    plan_services.plan_add_exercise(plan=plan, exercise=draft)
    plan_services.plan_create(owner=member, name="Not kept")  # never played, never chosen
    toggle(member_client, plan, "on")
    plan.refresh_from_db()
    first, second = plan.days.order_by("position")
    stretch = first.items.order_by("position").first().exercise

    response = member_client.get(reverse("plans:offline-bundle"))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "member": member_tag(member),
        "plans": [
            {
                "id": plan.pk,
                "name": "Morning",
                "version": plan.updated_at.isoformat(),
                "url": f"/plans/{plan.pk}/",
                "urls": [
                    f"/plans/{plan.pk}/",
                    f"/plans/{plan.pk}/play/",
                    f"/plans/days/{first.pk}/play/",
                    f"/plans/days/{second.pk}/play/",
                    stretch.get_absolute_url(),  # the draft has no public page to keep
                    "/plans/",
                    "/plans/history/",
                    "/offline/",
                ],
            }
        ],
    }


def test_the_bundle_query_count_does_not_grow_with_plans(
    member_client, member, stretch, django_assert_num_queries
):
    for i in range(6):
        plan = plan_services.plan_create(owner=member, name=f"Plan {i}")
        plan_services.plan_add_exercise(plan=plan, exercise=stretch)
        offline.plan_set_offline(plan=plan, offline=True)
    # 1 session, 2 user, 3 plans with when last played, 4 their days, 5 the days' items
    # with their exercises.
    with django_assert_num_queries(5):
        response = member_client.get(reverse("plans:offline-bundle"))
    assert len(response.json()["plans"]) == 6


def test_the_plan_list_marks_offline_plans_in_the_same_queries(
    member_client, plan, django_assert_num_queries
):
    offline.plan_set_offline(plan=plan, offline=True)
    # 1 session, 2 user, 3 plans with day and item counts and when last played.
    with django_assert_num_queries(3):
        response = member_client.get(reverse("plans:plan-list"))
    assert f'data-offline-badge data-plan-id="{plan.pk}"'.encode() in response.content
    assert b"data-offline-storage" in response.content


def session_body(exercise):
    start = timezone.now() - timedelta(minutes=20)
    return {
        "id": str(uuid.uuid4()),
        "plan_day": None,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=10)).isoformat(),
        "entries": [{"exercise": exercise.slug, "side": "left", "hold_seconds": 30}],
    }


def test_a_session_kept_for_another_member_is_refused_with_409_and_stores_nothing(
    member, other_member, member_api, stretch
):
    response = member_api.post(
        "/api/v1/sessions/",
        session_body(stretch),
        format="json",
        headers={"Forge-Member": member_tag(other_member)},
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This session was kept on this device for another")
    assert WorkoutSession.objects.count() == 0


def test_a_session_sent_with_its_own_members_tag_is_stored_once(member, member_api, stretch):
    data = session_body(stretch)
    headers = {"Forge-Member": member_tag(member)}
    first = member_api.post("/api/v1/sessions/", data, format="json", headers=headers)
    again = member_api.post("/api/v1/sessions/", data, format="json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert WorkoutSession.objects.filter(owner=member).count() == 1


def test_member_tags_are_stable_distinct_and_say_nothing_of_the_account(member, other_member):
    tag = member_tag(member)
    assert tag == member_tag(member) and tag != member_tag(other_member)
    assert len(tag) == 24 and str(member.pk) != tag and member.email not in tag
