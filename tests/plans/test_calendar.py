"""Calendar export: any plan (own, shared or routine) as an .ics file, parsed back here."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from plans import timeline
from plans.models import Plan
from plans.services import plans as plan_services

FORM = {"starts": "2026-12-01", "at": "07:30"}  # 1 December 2026 is a Tuesday


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_routine_downloads_with_one_weekly_event_per_day_on_the_chosen_weekdays(starter, client):
    url = reverse("plans:routine-calendar", args=["beginner-full-body-strength"])
    response = client.get(url, {**FORM, "day_1": "0", "day_2": "3"})  # Monday, Thursday
    assert response["Content-Disposition"] == (
        'attachment; filename="beginner-full-body-strength.ics"'
    )
    events = _events(response)
    plan = Plan.objects.get(routine__slug="beginner-full-body-strength")
    days = list(plan.days.prefetch_related("items__exercise"))
    assert [str(e["summary"]) for e in events] == [
        "Beginner full-body strength — Day A",
        "Beginner full-body strength — Day B",
    ]
    assert [e.decoded("dtstart") for e in events] == [
        datetime(2026, 12, 7, 7, 30),  # the first Monday on or after the start
        datetime(2026, 12, 3, 7, 30),  # the first Thursday
    ]
    assert [e.decoded("duration") for e in events] == [
        timedelta(seconds=timeline.day_timeline(day).total_seconds) for day in days
    ]
    assert "Bodyweight Squat: 3 × 10 reps" in str(events[0]["description"])
    for event in events:
        assert event["rrule"]["FREQ"] == ["WEEKLY"]
        assert str(event["url"]).endswith("/routines/beginner-full-body-strength/")
    assert len({str(e["uid"]) for e in events}) == 2


def test_the_calendar_form_offers_a_weekday_per_day(starter, client):
    response = client.get(reverse("plans:routine-calendar", args=["desk-reset"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="day_1"' in content
    assert 'name="day_2"' not in content
    assert "Download the calendar file" in content


def test_a_bad_weekday_or_date_is_a_form_error_and_no_file(starter, client):
    url = reverse("plans:routine-calendar", args=["desk-reset"])
    response = client.get(url, {"starts": "someday", "at": "07:30", "day_1": "9"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors == {
        "starts": ["Enter a valid date."],
        "day_1": ["Choose a day of the week."],
    }


@pytest.mark.parametrize("starts", ["9999-12-31", "0001-01-01", "1969-12-31", "2101-01-01"])
def test_a_date_beyond_the_bounds_is_a_form_error_not_a_500(starter, client, starts):
    url = reverse("plans:routine-calendar", args=["desk-reset"])
    days = {f"day_{position}": "0" for position in range(1, 8)}
    response = client.get(url, {"starts": starts, "at": "07:30", **days})
    assert response.status_code == 400
    assert response.context["form"].errors == {"starts": ["Choose a date from 1970 to 2100."]}


def test_a_member_downloads_their_own_plan_and_another_member_gets_404(
    starter, member, member_client, other_member
):
    plan = plan_services.plan_create(owner=member, name="Evening")
    url = reverse("plans:plan-calendar", args=[plan.pk])
    events = _events(member_client.get(url, {**FORM, "day_1": "1"}))
    assert [e.decoded("dtstart").date() for e in events] == [date(2026, 12, 1)]
    member_client.force_login(other_member)
    assert member_client.get(url, {**FORM, "day_1": "1"}).status_code == 404


def test_a_shared_plan_downloads_without_login(starter, member, client):
    plan = plan_services.plan_create(owner=member, name="Shared stretch")
    plan_services.plan_share(plan=plan)
    url = reverse("plans:plan-shared-calendar", args=[plan.share_token])
    events = _events(client.get(url, {**FORM, "day_1": "6", "at": "18:00"}))
    assert events[0].decoded("dtstart") == datetime.combine(date(2026, 12, 6), time(18, 0))
    plan_services.plan_unshare(plan=plan)
    assert client.get(url, {**FORM, "day_1": "6"}).status_code == 404
