"""/api/v1/sessions/: a member's log over the API, owner-scoped and idempotent."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from exercises.models import Status
from plans.models import SessionEntry, WorkoutSession
from plans.services import plans as plan_services
from plans.services import sessions as session_services
from tests.factories import ExerciseFactory

URL = "/api/v1/sessions/"


@pytest.fixture
def squat(db):
    return ExerciseFactory(name="Air Squat")


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    return plan


def body(exercise, **overrides):
    start = timezone.now() - timedelta(minutes=20)
    data = {
        "id": str(uuid.uuid4()),
        "plan_day": None,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=10)).isoformat(),
        "entries": [
            {"exercise": exercise.slug, "side": "left", "hold_seconds": 30, "rating": 6},
            {"exercise": exercise.slug, "side": "right", "hold_seconds": 24, "note": "tight"},
        ],
    }
    data.update(overrides)
    return data


def log(owner, exercise, *, days_ago=0, hold=30):
    start = timezone.now() - timedelta(days=days_ago, minutes=30)
    session, _ = session_services.session_log(
        owner=owner,
        started_at=start,
        ended_at=start + timedelta(minutes=5),
        entries=[session_services.EntryInput(exercise=exercise, side="both", hold_seconds=hold)],
    )
    return session


def test_member_logs_a_session_with_its_entries(member, member_api, stretch):
    data = body(stretch)
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 201
    stored = WorkoutSession.objects.get()
    assert str(stored.client_id) == data["id"] and stored.owner == member
    assert stored.title == "Lying Glutes Stretch"
    assert response.json()["duration_seconds"] == 600
    assert list(stored.entries.values_list("side", "hold_seconds", "rating", "note")) == [
        ("left", 30, 6, ""),
        ("right", 24, None, "tight"),
    ]
    assert response.json()["entries"][1] == {
        "exercise": "lying-glutes-stretch",
        "side": "right",
        "hold_seconds": 24,
        "reps": None,
        "rating": None,
        "note": "tight",
    }


def test_posting_the_same_id_again_stores_nothing_new_and_answers_the_stored_session(
    member_api, stretch
):
    data = body(stretch)
    first = member_api.post(URL, data, format="json")
    # A retry whose body differs (the client re-sent a later draft) still changes nothing.
    again = member_api.post(URL, {**data, "entries": data["entries"][:1]}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert WorkoutSession.objects.count() == 1 and SessionEntry.objects.count() == 2


def test_an_id_another_member_used_is_simply_a_new_session_of_yours(
    member, member_api, other_member, stretch
):
    theirs = log(other_member, stretch)
    unused = member_api.post(URL, body(stretch), format="json")
    taken = member_api.post(URL, body(stretch, id=str(theirs.client_id)), format="json")
    # The same answer as for an id nobody used: nothing tells that it exists elsewhere.
    assert (unused.status_code, taken.status_code) == (201, 201)
    assert taken.json()["id"] == str(theirs.client_id)
    mine = WorkoutSession.objects.get(owner=member, client_id=theirs.client_id)
    assert mine.pk != theirs.pk
    assert [e.hold_seconds for e in mine.entries.order_by("position")] == [30, 24]
    theirs.refresh_from_db()
    assert theirs.owner == other_member and theirs.entries.count() == 1
    # Each member reads their own under that id.
    assert member_api.get(f"{URL}{theirs.client_id}/").json()["entries"][1]["note"] == "tight"


@pytest.mark.parametrize("session_id", [7, 0, 2**100, 1.5, True, ["x"]])
def test_a_session_id_that_is_not_uuid_text_is_a_400(member_api, stretch, session_id):
    response = member_api.post(URL, body(stretch, id=session_id), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"id": ["Must be a valid UUID."]}
    assert not WorkoutSession.objects.exists()


def test_a_session_of_a_plan_day_is_titled_after_it(member, member_api, plan, stretch):
    day = plan.days.get()
    response = member_api.post(URL, body(stretch, plan_day=day.pk), format="json")
    assert response.status_code == 201
    assert response.json()["plan_day"] == day.pk
    assert WorkoutSession.objects.get().title == "Morning — Day 1"


def test_another_members_plan_day_is_a_field_error(member_api, other_member, stretch):
    theirs = plan_services.plan_create(owner=other_member, name="Theirs").days.get()
    response = member_api.post(URL, body(stretch, plan_day=theirs.pk), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["plan_day"]
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"hold_seconds": -5}, "entries.0.hold_seconds"),
        ({"hold_seconds": 0}, "entries.0.hold_seconds"),
        ({"hold_seconds": 601}, "entries.0.hold_seconds"),
        ({"reps": 0}, "entries.0.reps"),
        ({"rating": 11}, "entries.0.rating"),
        ({"rating": -1}, "entries.0.rating"),
        ({"side": "middle"}, "entries.0.side"),
        ({"hold_seconds": 30, "reps": 5}, "entries.0.reps"),
        ({"exercise": "no-such-exercise"}, "entries.0.exercise"),
        ({"note": "x" * 501}, "entries.0.note"),
        ({"colour": "red"}, "entries.0.colour"),
    ],
)
def test_bad_entries_are_field_errors_and_nothing_is_stored(member_api, stretch, entry, field):
    data = body(stretch)
    data["entries"][0] = {"exercise": stretch.slug, "side": "left", **entry}
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not WorkoutSession.objects.exists() and not SessionEntry.objects.exists()


def test_a_draft_exercise_cannot_be_logged(member_api, stretch):
    draft = ExerciseFactory(name="Secret Draft", status=Status.DRAFT)
    data = body(stretch)
    data["entries"][0]["exercise"] = draft.slug
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 400 and "entries.0.exercise" in response.json()["errors"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"entries": []}, "entries"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"id": "not-a-uuid"}, "id"),
    ],
)
def test_bad_sessions_are_field_errors(member_api, stretch, overrides, field):
    response = member_api.post(URL, body(stretch, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not WorkoutSession.objects.exists()


def test_a_session_more_than_a_day_ahead_is_refused(member_api, stretch):
    start = timezone.now() + timedelta(days=2)
    data = body(
        stretch,
        started_at=start.isoformat(),
        ended_at=(start + timedelta(minutes=5)).isoformat(),
    )
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "started_at": ["A session cannot be more than a day in the future."]
    }
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize("start", ["0001-01-01T10:00:00Z", "1969-12-31T23:00:00Z"])
def test_a_session_dated_before_1970_is_refused(member_api, stretch, start):
    data = body(stretch, started_at=start, ended_at=start.replace(":00:00Z", ":10:00Z"))
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"started_at": ["Choose a date from 1970 to 2100."]}
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize("query", [{"from": "0001-01-01"}, {"to": "9999-12-31"}])
def test_a_list_filter_date_beyond_the_bounds_is_a_400(member_api, query):
    response = member_api.get(URL, query)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        name: ["Choose a date from 1970 to 2100."] for name in query
    }


def test_a_session_that_ends_before_it_starts_is_refused(member_api, stretch):
    start = timezone.now() - timedelta(hours=1)
    data = body(
        stretch,
        started_at=start.isoformat(),
        ended_at=(start - timedelta(minutes=1)).isoformat(),
    )
    response = member_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ended_at"]


def test_visitors_cannot_read_or_log_sessions(db, api_client, stretch):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, body(stretch), format="json").status_code == 401
    assert not WorkoutSession.objects.exists()


def test_members_see_only_their_own_sessions(member, member_api, other_member, stretch):
    mine = log(member, stretch)
    theirs = log(other_member, stretch)
    listing = member_api.get(URL).json()
    assert [row["id"] for row in listing["results"]] == [str(mine.client_id)]
    assert member_api.get(f"{URL}{mine.client_id}/").status_code == 200
    assert member_api.get(f"{URL}{theirs.client_id}/").status_code == 404
    assert member_api.delete(f"{URL}{theirs.client_id}/").status_code == 404
    assert WorkoutSession.objects.filter(pk=theirs.pk).exists()


def test_member_deletes_a_session_with_its_entries(member, member_api, stretch):
    session = log(member, stretch)
    assert member_api.delete(f"{URL}{session.client_id}/").status_code == 204
    assert not WorkoutSession.objects.exists() and not SessionEntry.objects.exists()


def test_the_list_filters_by_date_range_and_exercise(member, member_api, stretch, squat):
    old = log(member, stretch, days_ago=10)
    recent = log(member, squat, days_ago=1)
    today = timezone.localdate()
    since = (today - timedelta(days=3)).isoformat()

    def ids(query):
        response = member_api.get(f"{URL}?{query}")
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(f"from={since}") == [str(recent.client_id)]
    assert ids(f"to={since}") == [str(old.client_id)]
    assert ids("exercise=lying-glutes-stretch") == [str(old.client_id)]
    assert ids("exercise=air-squat") == [str(recent.client_id)]
    assert ids("exercise=nothing") == []
    bad = member_api.get(f"{URL}?from=last-week")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["from"]


@pytest.mark.parametrize("count", [3, 300])
def test_the_sessions_list_runs_the_same_queries_at_3_and_300_sessions(
    member, member_api, stretch, django_assert_num_queries, count
):
    start = timezone.now() - timedelta(days=1)
    sessions = WorkoutSession.objects.bulk_create(
        [
            WorkoutSession(owner=member, started_at=start, ended_at=start, title="S")
            for _ in range(count)
        ]
    )
    SessionEntry.objects.bulk_create(
        [SessionEntry(session=s, position=1, exercise=stretch, hold_seconds=30) for s in sessions]
    )
    with django_assert_num_queries(3):
        # 1 count of the member's sessions, 2 the page of sessions with their plan day,
        # 3 their entries with the exercises
        response = member_api.get(f"{URL}?limit=100")
    assert response.status_code == 200 and response.json()["count"] == count
