"""Pages of the log: logging a day by hand, a session's page, deleting it, the data export,
and the player pages' access rules."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forge.services import user_delete
from plans.models import SessionEntry, WorkoutSession
from plans.services import plans as plan_services
from plans.services import sessions as session_services
from tests.factories import ExerciseFactory


@pytest.fixture
def squat(db):
    return ExerciseFactory(name="Air Squat")


@pytest.fixture
def plan(member, stretch, squat):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=squat)
    return plan


@pytest.fixture
def day(plan):
    return plan.days.get()


def logged(owner, exercise, **kwargs):
    start = timezone.now() - timedelta(hours=1)
    session, _ = session_services.session_log(
        owner=owner,
        started_at=start,
        ended_at=start + timedelta(minutes=12),
        entries=[session_services.EntryInput(exercise=exercise, side="left", hold_seconds=30)],
        **kwargs,
    )
    return session


def log_form(**overrides):
    data = {
        "started_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "15",
        # Rows: the stretch's left and right side (holds), then the squat (reps).
        "entry-0-hold_seconds": "30",
        "entry-0-rating": "7",
        "entry-1-hold_seconds": "25",
        "entry-1-note": "Right side tighter",
        "entry-2-reps": "",
    }
    data.update(overrides)
    return data


# --- Logging by hand ------------------------------------------------------------------------


def test_the_log_form_has_a_row_per_exercise_and_side_prefilled_from_the_plan(member_client, day):
    response = member_client.get(reverse("plans:session-log", args=[day.pk]))
    assert response.status_code == 200
    rows = response.context["entry_forms"]
    assert [form.label for form in rows] == [
        "Lying Glutes Stretch, left side",
        "Lying Glutes Stretch, right side",
        "Air Squat",
    ]
    assert rows[0].initial["hold_seconds"] == 30 and rows[2].initial["reps"] == 10
    assert "reps" not in rows[0].fields and "hold_seconds" not in rows[2].fields


def test_member_logs_a_day_by_hand_and_blank_rows_are_left_out(member, member_client, day):
    response = member_client.post(reverse("plans:session-log", args=[day.pk]), log_form())
    session = WorkoutSession.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert session.owner == member and session.plan_day == day
    assert session.duration_seconds == 15 * 60
    assert list(
        session.entries.values_list("exercise__slug", "side", "hold_seconds", "rating")
    ) == [
        ("lying-glutes-stretch", "left", 30, 7),
        ("lying-glutes-stretch", "right", 25, None),
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"entry-0-hold_seconds": "-3"}, "hold_seconds"),
        ({"entry-0-hold_seconds": "601"}, "hold_seconds"),
        ({"entry-0-rating": "11"}, "rating"),
        ({"entry-2-reps": "0"}, "reps"),
    ],
)
def test_bad_results_are_errors_beside_the_field_and_nothing_is_stored(
    member_client, day, overrides, field
):
    response = member_client.post(
        reverse("plans:session-log", args=[day.pk]), log_form(**overrides)
    )
    assert response.status_code == 400
    row = int(next(iter(overrides)).split("-")[1])
    assert field in response.context["entry_forms"][row].errors
    assert not WorkoutSession.objects.exists()


def test_a_session_more_than_a_day_ahead_is_a_field_error(member_client, day):
    ahead = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(
        reverse("plans:session-log", args=[day.pk]), log_form(started_at=ahead)
    )
    assert response.status_code == 400
    assert response.context["session_form"].errors["started_at"] == [
        "A session cannot be more than a day in the future."
    ]
    assert not WorkoutSession.objects.exists()


def test_a_session_dated_year_1_is_a_field_error(member_client, day):
    response = member_client.post(
        reverse("plans:session-log", args=[day.pk]), log_form(started_at="0001-01-01T10:00")
    )
    assert response.status_code == 400
    assert response.context["session_form"].errors["started_at"] == [
        "Choose a date from 1970 to 2100."
    ]
    assert not WorkoutSession.objects.exists()


def test_an_empty_log_is_refused_with_a_message(member_client, day):
    empty = log_form(
        **{"entry-0-hold_seconds": "", "entry-0-rating": "", "entry-1-hold_seconds": ""}
    )
    empty["entry-1-note"] = ""
    response = member_client.post(reverse("plans:session-log", args=[day.pk]), empty)
    assert response.status_code == 400
    assert response.context["session_form"].non_field_errors() == ["Log at least one exercise."]
    assert not WorkoutSession.objects.exists()


def test_another_members_day_cannot_be_logged_or_played(client, other_member, day):
    client.force_login(other_member)
    assert client.get(reverse("plans:session-log", args=[day.pk])).status_code == 404
    assert client.post(reverse("plans:session-log", args=[day.pk]), log_form()).status_code == 404
    assert client.get(reverse("plans:day-play", args=[day.pk])).status_code == 404
    assert client.get(reverse("plans:plan-play", args=[day.plan_id])).status_code == 404
    assert not WorkoutSession.objects.exists()


def test_visitors_are_sent_to_log_in(visitor, day):
    response = visitor.get(reverse("plans:session-log", args=[day.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- A session's page -----------------------------------------------------------------------


def test_member_reads_and_deletes_a_session(member, member_client, stretch):
    session = logged(member, stretch)
    page = member_client.get(session.get_absolute_url())
    assert page.status_code == 200 and b"Lying Glutes Stretch" in page.content
    confirm = member_client.get(reverse("plans:session-delete", args=[session.client_id]))
    assert confirm.status_code == 200 and WorkoutSession.objects.exists()
    response = member_client.post(reverse("plans:session-delete", args=[session.client_id]))
    assert response.status_code == 302 and response.url == reverse("plans:history")
    assert not WorkoutSession.objects.exists() and not SessionEntry.objects.exists()


def test_another_members_session_is_a_404(client, member, other_member, stretch):
    session = logged(member, stretch)
    client.force_login(other_member)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.post(reverse("plans:session-delete", args=[session.client_id])).status_code == 404
    assert client.get(f"/plans/sessions/{uuid.uuid4()}/").status_code == 404
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


# --- The player's pages ---------------------------------------------------------------------


def test_the_player_embeds_the_days_timeline(member_client, day):
    response = member_client.get(reverse("plans:day-play", args=[day.pk]))
    assert response.status_code == 200
    player = response.context["player"]
    assert player["title"] == "Morning — Day 1" and player["plan_day"] == day.pk
    assert [e["slug"] for e in player["exercises"]] == ["lying-glutes-stretch", "air-squat"]
    # The stretch: 30 s each side, then 30 s rest; the squat: 3 sets of 10 with 30 s rests.
    assert [s["kind"] for s in player["steps"]] == [
        *["ready", "hold", "switch", "hold", "rest"],
        *["reps", "rest", "reps", "rest", "reps"],
    ]
    assert player["total_seconds"] == 5 + 30 + 5 + 30 + 30 + 3 * 30 + 2 * 30
    assert player["can_save"] is True and player["save_url"] == "/api/v1/sessions/"
    assert b'id="player-data"' in response.content


def test_a_plans_play_link_starts_at_its_first_day(member_client, plan, day):
    plan_services.plan_day_add(plan=plan, name="Day 2")
    response = member_client.get(reverse("plans:plan-play", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url == reverse("plans:day-play", args=[day.pk])


def test_an_empty_day_sends_the_member_back_with_a_message(member, member_client):
    empty = plan_services.plan_create(owner=member, name="Empty").days.get()
    response = member_client.get(reverse("plans:day-play", args=[empty.pk]), follow=True)
    assert response.redirect_chain[-1][0] == empty.plan.get_absolute_url()
    assert "has no exercises yet" in response.content.decode()


def test_anyone_can_follow_one_exercise(db, visitor, stretch):
    response = visitor.get(reverse("plans:exercise-play", args=[stretch.slug]))
    assert response.status_code == 200
    player = response.context["player"]
    assert player["can_save"] is False and player["plan_day"] is None
    assert player["total_seconds"] == 5 + 30 + 5 + 30


def test_an_unknown_exercise_has_no_player(db, visitor):
    assert visitor.get("/exercise/no-such-thing/play/").status_code == 404


# --- Privacy --------------------------------------------------------------------------------


def test_member_downloads_all_their_data_as_one_json_file(member, member_client, plan, stretch):
    session = logged(member, stretch, plan_day=plan.days.get())
    response = member_client.get(reverse("plans:data-export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="forge-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.org"
    assert [p["name"] for p in data["plans"]] == ["Morning"]
    assert [i["exercise"]["slug"] for i in data["plans"][0]["days"][0]["items"]] == [
        "lying-glutes-stretch",
        "air-squat",
    ]
    assert [s["id"] for s in data["sessions"]] == [str(session.client_id)]
    assert data["sessions"][0]["entries"][0]["hold_seconds"] == 30


def test_the_export_holds_nothing_of_other_members(member_client, other_member, stretch):
    logged(other_member, stretch)
    plan_services.plan_create(owner=other_member, name="Theirs")
    data = member_client.get(reverse("plans:data-export")).json()
    assert data["plans"] == [] and data["sessions"] == []


def test_the_api_serves_the_same_export(member, member_api, plan):
    response = member_api.get("/api/v1/account/export/")
    assert response.status_code == 200
    assert response.json()["account"]["email"] == "member@example.org"
    assert [p["name"] for p in response.json()["plans"]] == ["Morning"]


def test_visitors_have_no_export(db, visitor, api_client):
    assert visitor.get(reverse("plans:data-export")).status_code == 302
    assert api_client.get("/api/v1/account/export/").status_code == 401


def test_deleting_an_account_deletes_its_sessions(member, other_member, stretch):
    logged(member, stretch)
    kept = logged(other_member, stretch)
    user_delete(user=member)
    assert list(WorkoutSession.objects.values_list("pk", flat=True)) == [kept.pk]
    assert SessionEntry.objects.filter(session__owner_id=member.pk).count() == 0
