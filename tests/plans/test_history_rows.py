"""The history page's plain rows (selectors.session_history reads its sessions, their entries
and the days of its calendar and minutes through one plain SQL query): they say what the ORM
and the template filters said, in the member's time zone, across DST changes and midnight."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from plans import history, selectors
from plans.models import WorkoutSession
from plans.services.sessions import EntryInput
from tests.factories import ExerciseFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def at(zone, day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """A local time as an aware UTC datetime (so adding to it adds real time)."""
    local = datetime.combine(day, time(hour, minute), tzinfo=zone).replace(fold=fold)
    return local.astimezone(UTC)


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def database_day_totals(member, between) -> list[history.DayTotal]:
    """The day totals as the page read them before: grouped by the database's TruncDate in
    the current time zone, durations summed there."""
    ranges = Q()
    for first, last in between:
        ranges |= Q(started_at__gte=midnight(first), started_at__lt=midnight(last + timedelta(1)))
    rows = (
        WorkoutSession.objects.filter(ranges, owner=member)
        .annotate(day=TruncDate("started_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(sessions=Count("pk"), duration=Sum(F("ended_at") - F("started_at")))
        .order_by("day")
        .values_list("day", "sessions", "duration")
    )
    return [history.DayTotal(d, n, int(s.total_seconds()) if s else 0) for d, n, s in rows]


ROW = Template(
    '{% load forge_tags %}{{ s.started_at|date:"Y-m-d" }}|{{ s.started_at|date:"c" }}|'
    '{{ s.started_at|date:"D j M Y, H:i" }}|{{ s.get_absolute_url }}|{{ s.duration_seconds }}'
)


def template_rows(sessions) -> list[str]:
    """Each session's day, ISO start, label, link and duration as the page's template wrote
    them from the model (the date filter in the current time zone and language)."""
    return [ROW.render(Context({"s": s})) for s in sessions]


def page_rows(rows) -> list[str]:
    return [f"{r.day}|{r.started_iso}|{r.started_label}|{r.url}|{r.duration_seconds}" for r in rows]


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` (the page's today) a given day."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


# Berlin's clocks go forward on 29 March 2026 (02:00 -> 03:00) and back on 25 October 2026
# (03:00 -> 02:00, so 02:30 happens twice). Sessions half an hour either side of midnight
# fall on different local days than UTC days.
SPRING = date(2026, 3, 29)
AUTUMN = date(2026, 10, 25)
DST_MOMENTS = [
    at(BERLIN, date(2026, 2, 28), 23, 45),  # February locally; 22:45 UTC
    at(BERLIN, date(2026, 3, 1), 0, 15),  # March locally; still 28 February in UTC
    at(BERLIN, SPRING - timedelta(1), 23, 30),
    at(BERLIN, SPRING, 0, 30),  # 23:30 UTC the day before
    at(BERLIN, SPRING, 3, 30),  # just after the change
    at(BERLIN, SPRING, 23, 30),
    at(BERLIN, SPRING + timedelta(1), 0, 30),  # the day after: 22:30 UTC on the 29th
    at(BERLIN, AUTUMN - timedelta(1), 23, 30),
    at(BERLIN, AUTUMN, 0, 30),  # 22:30 UTC the day before
    at(BERLIN, AUTUMN, 2, 30),  # 02:30 summer time ...
    at(BERLIN, AUTUMN, 2, 30, fold=1),  # ... and an hour later 02:30 winter time
    at(BERLIN, AUTUMN, 23, 59),
    at(BERLIN, date(2026, 10, 31), 23, 30),  # 22:30 UTC; 1 November is the next month
    at(BERLIN, date(2026, 11, 1), 0, 30),
]


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize(
    "today, month",
    [
        (SPRING, None),  # this week and month hold the change
        (SPRING + timedelta(1), date(2026, 3, 1)),
        (date(2026, 4, 2), date(2026, 2, 1)),  # an earlier month, beside this one's days
        (AUTUMN, None),
        (date(2026, 11, 1), date(2026, 10, 1)),
        (date(2026, 11, 1), None),  # a week that began last month
    ],
)
def test_a_berlin_history_across_dst_changes_says_what_the_orm_and_template_said(
    member, other_member, stretch, on_day, language, today, month
):
    with timezone.override(BERLIN):
        for started in DST_MOMENTS:
            for owner in (member, other_member):
                WorkoutSessionFactory(
                    owner=owner,
                    started_at=started,
                    ended_at=started + timedelta(minutes=25, seconds=31),
                    entries=[EntryInput(exercise=stretch, side="both", hold_seconds=30)],
                )
        on_day(today)
        shown = month or history.month_start(today)
        with translation.override(language):
            page = selectors.session_history(user=member, month=month)
            sessions = WorkoutSession.objects.filter(owner=member).order_by(
                "-started_at", "-created_at"
            )
            if month is not None:
                sessions = sessions.filter(
                    started_at__gte=midnight(shown),
                    started_at__lt=midnight(history.next_month(shown)),
                )
            listed = list(sessions[:20] if month is None else sessions)
            assert listed  # every case lists some sessions
            assert page_rows(page.sessions) == template_rows(listed)
        assert [row.pk for row in page.sessions] == [s.pk for s in listed]
        assert [row.started_at for row in page.sessions] == [s.started_at for s in listed]

        totals = database_day_totals(member, history.counted_ranges(today, shown))
        first_day = min(started.astimezone(BERLIN).date() for started in DST_MOMENTS)
        assert page.calendar == history.month_grid(shown, totals, today=today, earliest=first_day)
        assert page.totals == history.totals(totals, today=today)
        assert page.calendar.days_trained > 0


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York"])
@pytest.mark.parametrize("seed", range(6))
def test_the_calendar_and_minutes_count_the_days_as_the_database_grouped_them(
    member, other_member, on_day, zone, seed
):
    """Random histories with sessions near midnight, several a day, some running past
    midnight, and another member's beside them: the calendar and the minutes are what
    grouping by the database's TruncDate gave, for this month and earlier ones."""
    rng = random.Random(seed)
    local = ZoneInfo(zone)
    with timezone.override(local):
        today = date(2026, 3, 29) + timedelta(days=rng.randint(-20, 220))  # both DST changes
        on_day(today)
        sessions = []
        for _ in range(rng.randint(1, 50)):
            day = today - timedelta(days=rng.randint(0, 70))
            moment = rng.choice([time(0, 0), time(0, 30), time(2, 30), time(12), time(23, 59)])
            started = at(local, day, moment.hour, moment.minute)
            ended = started + timedelta(minutes=rng.randint(0, 90), seconds=rng.randint(0, 59))
            sessions.append(WorkoutSession(owner=member, started_at=started, ended_at=ended))
        other = at(local, today, 12)
        sessions.append(WorkoutSession(owner=other_member, started_at=other, ended_at=other))
        WorkoutSession.objects.bulk_create(sessions)
        first_day = min(
            s.started_at.astimezone(local).date() for s in sessions if s.owner == member
        )
        for back in (0, 1, 2):
            shown = history.month_start(today)
            for _ in range(back):
                shown = history.previous_month(shown)
            page = selectors.session_history(user=member, month=shown if back else None)
            totals = database_day_totals(member, history.counted_ranges(today, shown))
            assert page.calendar == history.month_grid(
                shown, totals, today=today, earliest=first_day
            )
            assert page.totals == history.totals(totals, today=today)


def test_a_session_without_entries_is_listed_with_none(member, member_client, stretch):
    started = timezone.now() - timedelta(hours=2)
    bare = WorkoutSession.objects.create(
        owner=member, title="Just a walk", started_at=started, ended_at=started
    )
    WorkoutSessionFactory(
        owner=member,
        started_at=started - timedelta(days=1),
        entries=[EntryInput(exercise=stretch, side="both", hold_seconds=30)] * 2,
    )
    response = member_client.get(reverse("plans:history"))
    rows = response.context["history"].sessions
    assert [(r.pk, r.title, r.duration_seconds, r.exercises) for r in rows[:1]] == [
        (bare.pk, "Just a walk", 0, [])
    ]
    assert [e.name for e in rows[1].exercises] == [stretch.name]  # logged twice, named once
    assert rows[0].exercises_label == "0 exercises"
    assert f'href="{bare.get_absolute_url()}">Just a walk</a>' in response.content.decode()


def test_a_draft_exercise_is_named_without_a_link(member, member_client):
    draft = ExerciseFactory(name="Old Reach", stretch=True)
    WorkoutSessionFactory(
        owner=member, entries=[EntryInput(exercise=draft, side="both", hold_seconds=30)]
    )
    draft.status = "draft"
    draft.save()
    row = member_client.get(reverse("plans:history")).context["history"].sessions[0]
    assert [(e.name, e.is_published) for e in row.exercises] == [("Old Reach", False)]
