"""Reads of members' plans. Every function scopes to its owner, or raises 404."""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises import selectors as exercise_selectors
from exercises.models import (
    Area,
    BodyPart,
    Equipment,
    Exercise,
    ExerciseImage,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseVariation,
    Muscle,
    Prop,
    Status,
)
from exercises.translation import content_language
from forge.lib.dates import day_month_year, local_iso, weekday_day_month_year_time_format
from forge.lib.urls import one_argument_urls
from plans import generator, history, timeline
from plans.models import (
    Goal,
    GoalBodyPart,
    GoalMuscle,
    Plan,
    PlanDay,
    PlanItem,
    Routine,
    SessionEntry,
    WorkoutSession,
)


def _days_with_items(*, steps: bool = False) -> Prefetch:
    items = PlanItem.objects.select_related(
        "exercise", "exercise__body_part", "exercise__equipment"
    ).order_by("position")
    if steps:
        items = items.prefetch_related("exercise__steps")
    return Prefetch(
        "days",
        queryset=PlanDay.objects.order_by("position").prefetch_related(
            Prefetch("items", queryset=items)
        ),
    )


def plan_list(*, user) -> QuerySet[Plan]:
    """A member's plans with their size, newest change first."""
    return Plan.objects.filter(owner=user).annotate(
        day_count=Count("days", distinct=True), item_count=Count("days__items", distinct=True)
    )


def plan_detail_queryset(*, steps: bool = False) -> QuerySet[Plan]:
    """A plan with its days and items; with `steps`, each exercise's steps too (print view)."""
    return Plan.objects.select_related("owner").prefetch_related(_days_with_items(steps=steps))


def _translated(text: str, **values) -> SafeString:
    """What `{% blocktranslate with name=… %}` gives: the translated text (gettext'd by the
    caller) with each value escaped, for rows built in Python and shown as they are."""
    return mark_safe(text % {key: conditional_escape(value) for key, value in values.items()})


@dataclass(frozen=True)
class PlanItemRow:
    """A plan item as its plan's page shows it: hand-built from one row of columns, with its
    links and the labels that name its exercise (each a `blocktranslate` of the page before)."""

    pk: int
    name: str  # its exercise's name in the active language, else English
    url: str  # its exercise's page
    prescription: timeline.Prescription
    prescription_text: str  # "2 × 30 s hold, each side"
    rest_text: SafeString  # "rest 30 s"
    notes: str
    move_url: str
    edit_url: str
    delete_url: str
    move_up_label: SafeString  # "Move Side Plank up"
    move_down_label: SafeString
    move_day_label: SafeString  # "Move Side Plank to day"
    remove_question: SafeString  # "Remove Side Plank from “Day 1”?"


@dataclass(frozen=True)
class PlanDayRow:
    """A plan day as its plan's page shows it, with its items in order and its estimate."""

    pk: int
    name: str
    items: list[PlanItemRow]
    seconds: int  # following the day with the player (plans.timeline)
    others: list[tuple[int, str]]  # the plan's other days, (pk, name), for "move to day"
    play_url: str
    log_url: str
    edit_url: str
    delete_url: str


def plan_day_rows(*, plan: Plan) -> list[PlanDayRow]:
    """The plan's days in order, each with its items and their exercises' names: one query
    (days joined to their items), no model objects. The caller has checked the owner."""
    language = content_language()
    rows = (
        PlanDay.objects.filter(plan=plan)
        .order_by("position", "items__position")
        .values_list(
            "pk",
            "name",
            "items__pk",
            "items__sets",
            "items__reps",
            "items__hold_seconds",
            "items__per_side",
            "items__rest_seconds",
            "items__notes",
            # The name in the active language, else English (as Exercise.name reads it).
            f"items__exercise__name_{language}",
            "items__exercise__name_en",
            "items__exercise__slug",
        )
    )
    exercise_url, move_url, edit_url, delete_url = (
        one_argument_urls(name)
        for name in (
            "exercises:exercise-detail",
            "plans:item-move",
            "plans:item-edit",
            "plans:item-delete",
        )
    )
    move_up, move_down = _("Move %(name)s up"), _("Move %(name)s down")
    move_day = _("Move %(exercise_name)s to day")
    remove = _("Remove %(exercise_name)s from “%(day_name)s”?")
    days: dict[int, tuple[str, list[PlanItemRow]]] = {}
    # A plan repeats few prescriptions and rests: each worded once.
    texts: dict[tuple, str] = {}
    rests: dict[int, SafeString] = {}
    for row in rows:
        day_pk, day_name, item_pk, sets, reps, hold, per_side, rest, notes = row[:9]
        name, english, slug = row[9:]
        items = days.setdefault(day_pk, (day_name, []))[1]
        if item_pk is None:  # a day with no items
            continue
        key = (sets, reps, hold, per_side)
        if key not in texts:
            texts[key] = timeline.prescription_text(
                sets=sets, reps=reps, hold_seconds=hold, per_side=per_side
            )
        if rest not in rests:
            rests[rest] = _translated(_("rest %(rest)s s"), rest=rest)
        name = name or english
        escaped = conditional_escape(name)  # the labels below are blocktranslate's, by hand
        items.append(
            PlanItemRow(
                pk=item_pk,
                name=name,
                url=exercise_url(slug),
                prescription=timeline.Prescription(
                    slug=slug,
                    name=name,
                    sets=sets,
                    reps=reps,
                    hold_seconds=hold,
                    per_side=per_side,
                    rest_seconds=rest,
                ),
                prescription_text=texts[key],
                rest_text=rests[rest],
                notes=notes,
                move_url=move_url(item_pk),
                edit_url=edit_url(item_pk),
                delete_url=delete_url(item_pk),
                move_up_label=mark_safe(move_up % {"name": escaped}),
                move_down_label=mark_safe(move_down % {"name": escaped}),
                move_day_label=mark_safe(move_day % {"exercise_name": escaped}),
                remove_question=mark_safe(
                    remove % {"exercise_name": escaped, "day_name": conditional_escape(day_name)}
                ),
            )
        )
    play_url, log_url, day_edit_url, day_delete_url = (
        one_argument_urls(name)
        for name in ("plans:day-play", "plans:session-log", "plans:day-edit", "plans:day-delete")
    )
    return [
        PlanDayRow(
            pk=day_pk,
            name=day_name,
            items=items,
            seconds=timeline.total_seconds([item.prescription for item in items]),
            others=[(pk, other) for pk, (other, _items) in days.items() if pk != day_pk],
            play_url=play_url(day_pk),
            log_url=log_url(day_pk),
            edit_url=day_edit_url(day_pk),
            delete_url=day_delete_url(day_pk),
        )
        for day_pk, (day_name, items) in days.items()
    ]


def plan_get(*, user, pk: int, detail: bool = False) -> Plan:
    """The member's own plan, or 404 (another member's plan looks exactly like a missing one)."""
    queryset = plan_detail_queryset() if detail else Plan.objects.select_related("owner")
    return get_object_or_404(queryset, pk=pk, owner=user)


def plan_for_print(*, user, pk: int) -> Plan:
    """The member's own plan with every exercise's steps, for the print view; or 404."""
    return get_object_or_404(plan_detail_queryset(steps=True), pk=pk, owner=user)


def plan_day_get(*, user, pk: int) -> PlanDay:
    """A day of one of the member's plans, or 404."""
    return get_object_or_404(PlanDay.objects.select_related("plan"), pk=pk, plan__owner=user)


def plan_item_get(*, user, pk: int) -> PlanItem:
    """An item of one of the member's plans, or 404."""
    return get_object_or_404(plan_item_queryset(user=user), pk=pk)


def plan_owned_queryset(*, user) -> QuerySet[Plan]:
    """The member's plans with days and items, as the API lists them."""
    return plan_detail_queryset().filter(owner=user).order_by("-updated_at", "-pk")


def plan_item_queryset(*, user) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(day__plan__owner=user).select_related("exercise", "day__plan")


def plan_shared(*, token: str) -> Plan:
    """A plan by its share link; 404 when the link was never on or has been turned off."""
    return get_object_or_404(plan_detail_queryset(), share_token=token)


# --- Player and log ----------------------------------------------------------------------


def _player_exercise_prefetches(prefix: str = "") -> list:
    """What the player shows of each exercise: steps, main picture, muscles for the map."""
    return [
        f"{prefix}steps",
        Prefetch(
            f"{prefix}images",
            queryset=ExerciseImage.objects.order_by("-is_main", "position", "pk"),
        ),
        Prefetch(
            f"{prefix}muscle_links",
            queryset=ExerciseMuscle.objects.select_related("muscle").order_by(
                "role", "muscle__name"
            ),
        ),
    ]


def plan_day_for_player(*, user, pk: int) -> PlanDay:
    """The member's own day with its items and all the player shows of their exercises."""
    items = (
        PlanItem.objects.select_related("exercise")
        .prefetch_related(*_player_exercise_prefetches("exercise__"))
        .order_by("position")
    )
    return get_object_or_404(
        PlanDay.objects.select_related("plan").prefetch_related(Prefetch("items", queryset=items)),
        pk=pk,
        plan__owner=user,
    )


def plan_day_queryset(*, user) -> QuerySet[PlanDay]:
    """Days of the member's own plans (for choosing one, e.g. the day a session followed)."""
    return PlanDay.objects.filter(plan__owner=user).select_related("plan")


def plan_first_day(*, user, pk: int) -> PlanDay:
    """The first day of the member's own plan (a plan always has one), or 404."""
    plan = plan_get(user=user, pk=pk)
    return get_object_or_404(PlanDay.objects.filter(plan=plan).order_by("position")[:1])


def exercise_for_player(*, slug: str, user=None) -> Exercise:
    """A published exercise (drafts for staff) with what the player shows."""
    base = Exercise.objects.visible_to(user) if user is not None else Exercise.objects.published()
    return get_object_or_404(base.prefetch_related(*_player_exercise_prefetches()), slug=slug)


def _session_entries() -> Prefetch:
    return Prefetch(
        "entries",
        queryset=SessionEntry.objects.select_related("exercise").order_by("position"),
    )


def session_list(*, user) -> QuerySet[WorkoutSession]:
    """The member's logged sessions, newest first, with their entries."""
    return (
        WorkoutSession.objects.filter(owner=user)
        .select_related("plan_day__plan")
        .prefetch_related(_session_entries())
        .order_by("-started_at", "-created_at")
    )


def session_get(*, user, session_id) -> WorkoutSession:
    """One of the member's own sessions by its (client-chosen) id, or 404. Ids are scoped
    per member: another member's session is simply not found."""
    return get_object_or_404(session_list(user=user), client_id=session_id)


def plan_day_choices(*, user) -> list[tuple[int, str]]:
    """(day id, "Plan — Day") for every day of the member's plans, newest plan first."""
    days = PlanDay.objects.filter(plan__owner=user).select_related("plan")
    days = days.order_by("-plan__updated_at", "-plan__pk", "position")
    return [(day.pk, f"{day.plan.name} — {day.name}") for day in days]


@dataclass
class SavedExercise:
    exercise: Exercise
    plans: list[Plan]


def saved_exercise_list(*, user) -> list[SavedExercise]:
    """Every exercise in the member's plans (once each, by name) with the plans it is in."""
    items = (
        PlanItem.objects.filter(day__plan__owner=user)
        .select_related("exercise", "day__plan")
        .order_by("exercise__name", "day__plan__name", "day__plan_id")
    )
    saved: dict[int, SavedExercise] = {}
    for item in items:
        entry = saved.setdefault(item.exercise_id, SavedExercise(item.exercise, []))
        if item.day.plan not in entry.plans:
            entry.plans.append(item.day.plan)
    return list(saved.values())


def exercise_to_save(*, slug: str) -> Exercise:
    """A published exercise to save to a plan (no page sections: one query), or 404."""
    return get_object_or_404(Exercise.objects.published(), slug=slug)


def exercise_saved_days(*, user, exercise: Exercise) -> list[PlanDay]:
    """The member's plan days that already hold this exercise, each with `times` (how often),
    in the order plan_day_choices lists them."""
    # filter() before annotate(): the count is of this exercise's items only.
    return list(
        PlanDay.objects.filter(plan__owner=user, items__exercise=exercise)
        .annotate(times=Count("items"))
        .select_related("plan")
        .order_by("-plan__updated_at", "-plan__pk", "position")
    )


# --- History ------------------------------------------------------------------------------

# The history page lists this many recent sessions (a month's page lists all of that month).
RECENT_SESSIONS = 20
# ... and this many of the exercises most recently done; the whole list has its own page.
RECENT_EXERCISES = 20
# An exercise's chart covers this many of its most recent sessions; the table the newest few.
CHART_SESSIONS = 50
TABLE_SESSIONS = 10


def _local_day():
    """A session's calendar day in the member's time zone (see plans.history)."""
    return TruncDate("started_at", tzinfo=timezone.get_current_timezone())


# --- Plain SQL rows -----------------------------------------------------------------------
# The history pages read their sessions, entries, calendar days and exercises through plain
# SQL (session_history, _logged_exercises): building the ORM's queries, model objects and
# converted columns was most of the page's time. The SQL is plain enough for SQLite and
# PostgreSQL alike; these helpers read its values as the ORM would.


def _as_aware(value: datetime | str, zone: tzinfo) -> datetime:
    """A datetime column as a raw cursor returns it, made aware as the ORM makes it.

    `zone` is the connection's (connection.timezone: UTC unless the database settings name
    another). PostgreSQL gives aware datetimes; SQLite stores naive text in that zone, which
    a cursor hands back parsed by the column's declared type or, in a UNION or an aggregate,
    as the text itself.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _naive_param(value: datetime, zone: tzinfo) -> datetime:
    """An aware datetime as a raw query's parameter: naive, in the connection's zone, which
    both databases compare it in (SQLite's stored text; PostgreSQL's session time zone)."""
    return value.astimezone(zone).replace(tzinfo=None)


def _history_connection() -> tuple[BaseDatabaseWrapper, tzinfo]:
    """The connection the history's plain queries read through, and the zone its datetimes
    are stored and compared in (time zone support is on, settings.USE_TZ: it has one)."""
    connection = connections[router.db_for_read(WorkoutSession)]
    return connection, connection.timezone or UTC


def _history_tables(connection: BaseDatabaseWrapper) -> tuple[str, str, str, str]:
    """The quoted names of the sessions', entries' and exercises' tables, and of the
    exercises' name column in the active language (django-modeltranslation's name_<language>,
    a column of its own), for the history's plain queries."""
    quote = connection.ops.quote_name
    return (
        quote(WorkoutSession._meta.db_table),
        quote(SessionEntry._meta.db_table),
        quote(Exercise._meta.db_table),
        quote(f"name_{content_language()}"),
    )


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    """A UUID column as a raw cursor returns it (SQLite: 32 hex digits), as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _day_totals(
    moments: Iterable[Sequence[datetime | str]], stored: tzinfo
) -> list[history.DayTotal]:
    """(started, ended) of sessions, as read in the `stored` zone (_as_aware) → their local
    calendar days in the member's time zone, with their sessions and time, oldest first
    (what grouping by TruncDate in the database gave)."""
    zone = timezone.get_current_timezone()
    days: dict[date, tuple[int, timedelta]] = {}
    for started, ended in moments:
        start = _as_aware(started, stored)
        day = start.astimezone(zone).date()
        count, seconds = days.get(day, (0, timedelta()))
        days[day] = (count + 1, seconds + (_as_aware(ended, stored) - start))
    return [
        history.DayTotal(day, count, int(seconds.total_seconds()))
        for day, (count, seconds) in sorted(days.items())
    ]


class _DayNumber(Func):
    """A date as its number of days since 1970-01-01: the day after is one more."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of a date is its midnight, a half day after the Julian day's noon start.
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


_EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class DaysTrained:
    """What the history page needs of all the days a member trained, without the days."""

    streaks: history.Streaks
    first: date | None  # the first day trained, None when none


def session_days_trained(*, user, today: date) -> DaysTrained:
    """The member's streaks (plans.history.streaks' rules) and first day trained, counted in the
    database in one query: each run of consecutive days is an "island" of days whose number less
    their rank is the same; a long history returns one row, not a row per day."""
    days = (
        WorkoutSession.objects.filter(owner=user)
        .annotate(day_number=_DayNumber(_local_day()))
        .order_by()
        .values_list("day_number")
        .distinct()
    )
    days_sql, params = days.query.sql_with_params()
    today_number = today.toordinal() - _EPOCH
    # Per island: its length, its first day, its last day up to today and how many of its
    # days are up to today (days after today count towards the longest run only). The current
    # streak is the run ending on the last day up to today, when that is today or yesterday:
    # only one island can hold that day. The innermost SQL is the ORM's; every value is a
    # parameter.
    sql = f"""
        SELECT MAX(length), MIN(first), MAX(CASE WHEN last_past >= %s THEN past END)
        FROM (
            SELECT COUNT(*) AS length, MIN(day_number) AS first,
                   MAX(CASE WHEN day_number <= %s THEN day_number END) AS last_past,
                   SUM(CASE WHEN day_number <= %s THEN 1 ELSE 0 END) AS past
            FROM (
                SELECT day_number, day_number - ROW_NUMBER() OVER (ORDER BY day_number) AS island
                FROM ({days_sql}) days
            ) numbered
            GROUP BY island
        ) islands
    """
    with connections[days.db].cursor() as cursor:
        cursor.execute(sql, [today_number - 1, today_number, today_number, *params])
        longest, first, current = cursor.fetchone()
    return DaysTrained(
        streaks=history.Streaks(current=int(current or 0), longest=int(longest or 0)),
        first=date.fromordinal(first + _EPOCH) if first is not None else None,
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class LoggedExercise:
    """An exercise as the history page lists it: hand-built from a few columns."""

    name: str
    slug: str
    is_published: bool
    history_url: str  # its chart (plans:exercise-history)
    session_count: int = 0
    last_done: datetime | None = None
    last_done_label: str = ""  # last_done as the page shows it (day month year)
    # "12 sessions · last on 7 Dec 2026": the list's line, as its blocktranslate gave it.
    summary: SafeString = field(default_factory=SafeString)


def _logged(name: str, slug: str, status: str, history_url: str, **counts) -> LoggedExercise:
    return LoggedExercise(name, slug, status == Status.PUBLISHED, history_url, **counts)


def _logged_with_counts(rows: Iterable[tuple], history_url) -> list[LoggedExercise]:
    """The exercises' list from (name, english name, slug, status, sessions, last done) rows:
    each line's words are made once per count and per day (a long history repeats both)."""
    local = timezone.get_current_timezone()
    labels: dict[date, tuple[str, str]] = {}  # day -> (label, label escaped)
    lines: dict[int, str] = {}  # count -> the line, translated, still to be filled in
    exercises = []
    for name, english, slug, status, count, last_done in rows:
        day = last_done.astimezone(local).date()
        if day not in labels:
            label = day_month_year(day)
            labels[day] = (label, conditional_escape(label))
        if count not in lines:
            lines[count] = ngettext(
                "%(counter)s session · last on %(last)s",
                "%(counter)s sessions · last on %(last)s",
                count,
            )
        label, escaped = labels[day]
        exercises.append(
            LoggedExercise(
                name or english,
                slug,
                status == Status.PUBLISHED,
                history_url(slug),
                session_count=count,
                last_done=last_done,
                last_done_label=label,
                summary=mark_safe(lines[count] % {"counter": count, "last": escaped}),
            )
        )
    return exercises


@dataclass
class HistorySession:
    """A session as the history page lists it: hand-built from a few columns."""

    pk: uuid.UUID
    title: str
    started_at: datetime  # aware
    duration_seconds: int  # as WorkoutSession.duration_seconds
    exercises: list[LoggedExercise]  # each once, in the order first done
    day: str = ""  # the local date it started, YYYY-MM-DD (the page's anchor for that day)
    started_iso: str = ""  # its start as <time datetime> takes it
    started_label: str = ""  # and as the page shows it ("Mon 7 Dec 2026, 18:30")
    url: str = ""  # the session's page
    exercises_label: str = ""  # "3 exercises"


def _session_urls() -> Callable[[object], str]:
    """session.get_absolute_url() for a page's sessions (by client_id), resolved once."""
    zero = uuid.UUID(int=0)
    before, _zero, after = reverse("plans:session-detail", args=[zero]).partition(str(zero))
    return lambda pk: f"{before}{pk}{after}"


@dataclass
class SessionHistory:
    calendar: history.MonthGrid
    streaks: history.Streaks
    totals: history.Totals
    sessions: list[HistorySession]
    # The exercises logged, most recently done first: the RECENT_EXERCISES newest of them.
    exercises: Sequence[LoggedExercise]
    exercise_count: int  # how many there are in all (logged_exercise_list has them all)
    month_chosen: bool  # a month was asked for: the list holds that month's sessions
    more_sessions: bool  # the recent list stops at RECENT_SESSIONS; older ones exist
    has_sessions: bool


def _history_sql(
    connection: BaseDatabaseWrapper, *, listed_range: bool, limit: bool, ranges: int
) -> str:
    """One query for the history page's sessions and the days of its calendar and minutes.

    Part 0 is the sessions listed (the newest, or a chosen month's) in order: a row for each
    (position 0), then a row for each of its entries with the entry's exercise. Part 1 is the
    start and end of every session in the days counted (`ranges` of them). Each datetime is
    read once: converting them is most of the cost of reading rows.

    Parameters: the owner, the listed month's bounds (`listed_range`), the limit (`limit`),
    the owner again and each range's bounds.
    """
    session, entry, exercise, name = _history_tables(connection)
    listed = "AND started_at >= %s AND started_at < %s" if listed_range else ""
    counted = " OR ".join(["(started_at >= %s AND started_at < %s)"] * ranges)
    return f"""
        WITH listed AS (
            SELECT id, client_id, title, started_at, ended_at,
                   ROW_NUMBER() OVER (ORDER BY started_at DESC, created_at DESC) AS place
            FROM (
                SELECT id, client_id, title, started_at, ended_at, created_at
                FROM {session}
                WHERE owner_id = %s {listed}
                ORDER BY started_at DESC, created_at DESC {"LIMIT %s" if limit else ""}
            ) newest
        )
        SELECT 0, place, 0, id, client_id, title, started_at, ended_at,
               NULL, NULL, NULL, NULL, NULL
        FROM listed
        UNION ALL
        SELECT 0, l.place, e.position, NULL, NULL, NULL, NULL, NULL,
               e.exercise_id, x.{name}, x.name_en, x.slug, x.status
        FROM listed l
        JOIN {entry} e ON e.session_id = l.id
        JOIN {exercise} x ON x.id = e.exercise_id
        UNION ALL
        SELECT 1, NULL, NULL, NULL, NULL, NULL, started_at, ended_at,
               NULL, NULL, NULL, NULL, NULL
        FROM {session}
        WHERE owner_id = %s AND ({counted})
        ORDER BY 1, 2, 3
    """


def _history_sessions(rows: Iterable[Sequence], stored: tzinfo) -> list[HistorySession]:
    """The listed sessions from part 0 of _history_sql's rows (in order; datetimes as read
    in the `stored` zone), each with its exercises once in the order first done and its words
    made as the page's template did."""
    zone = timezone.get_current_timezone()
    started_label = weekday_day_month_year_time_format()
    history_url = one_argument_urls("plans:exercise-history")
    session_url = _session_urls()
    exercises: dict[int, LoggedExercise] = {}  # a long history repeats its exercises
    sessions: list[HistorySession] = []
    done: set[int] = set()  # the exercises of the last session
    for pk, client_id, title, started, ended, exercise_id, name, english, slug, status in rows:
        if pk is not None:  # a session's own row, before its entries'
            done = set()
            start, end = _as_aware(started, stored), _as_aware(ended, stored)
            local = start.astimezone(zone)
            sessions.append(
                HistorySession(
                    pk=_as_uuid(pk),
                    title=title,
                    started_at=start,
                    duration_seconds=max(int((end - start).total_seconds()), 0),
                    exercises=[],
                    day=local.date().isoformat(),
                    started_iso=local_iso(local),
                    started_label=started_label(local),
                    url=session_url(_as_uuid(client_id)),
                )
            )
        elif exercise_id not in done:
            done.add(exercise_id)
            if exercise_id not in exercises:
                exercises[exercise_id] = _logged(name or english, slug, status, history_url(slug))
            sessions[-1].exercises.append(exercises[exercise_id])
    labels: dict[int, str] = {}  # count -> "3 exercises"
    for row in sessions:
        count = len(row.exercises)
        if count not in labels:
            labels[count] = ngettext("%(counter)s exercise", "%(counter)s exercises", count) % {
                "counter": count
            }
        row.exercises_label = labels[count]
    return sessions


def session_history(*, user, month: date | None = None) -> SessionHistory:
    """The member's history page: the month's calendar (this month unless one is chosen),
    streaks, minutes this week and month, the recent sessions (or all of the chosen month's)
    and the exercises most recently logged. Three queries, however long the history (one
    with no history at all): the days trained reduced to the streaks in the database; the
    sessions listed with their entries, and the starts and ends of the calendar's, this
    week's and this month's sessions (not all), in one plain query; the exercises.
    """
    today = timezone.localdate()
    shown = history.month_start(month or today)
    trained = session_days_trained(user=user, today=today)
    if trained.first is None:
        return SessionHistory(
            calendar=history.month_grid(shown, [], today=today, earliest=None),
            streaks=trained.streaks,
            totals=history.totals([], today=today),
            sessions=[],
            exercises=[],
            exercise_count=0,
            month_chosen=month is not None,
            more_sessions=False,
            has_sessions=False,
        )
    # The days of the calendar's month, this week and this month (for the minutes), not all.
    between = history.counted_ranges(today, shown)
    connection, stored = _history_connection()

    def bounds(first: date, after: date) -> list[datetime]:  # the local midnights, as params
        return [_naive_param(_local_midnight(day), stored) for day in (first, after)]

    params: list = [user.pk]
    if month is not None:
        params += bounds(shown, history.next_month(shown))
    else:
        params.append(RECENT_SESSIONS + 1)
    params.append(user.pk)
    for start, end in between:
        params += bounds(start, end + timedelta(days=1))
    sql = _history_sql(
        connection, listed_range=month is not None, limit=month is None, ranges=len(between)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sessions = _history_sessions((row[3:] for row in rows if row[0] == 0), stored)
    day_totals = _day_totals((row[6:8] for row in rows if row[0] == 1), stored)
    more = month is None and len(sessions) > RECENT_SESSIONS
    if more:
        sessions = sessions[:RECENT_SESSIONS]
    history_url = one_argument_urls("plans:exercise-history")
    exercises, exercise_count = _logged_exercises(
        user=user, history_url=history_url, limit=RECENT_EXERCISES
    )
    return SessionHistory(
        calendar=history.month_grid(shown, day_totals, today=today, earliest=trained.first),
        streaks=trained.streaks,
        totals=history.totals(day_totals, today=today),
        sessions=sessions,
        exercises=exercises,
        exercise_count=exercise_count,
        month_chosen=month is not None,
        more_sessions=more,
        has_sessions=True,
    )


def _logged_exercises(
    *, user, history_url, limit: int | None = None
) -> tuple[list[LoggedExercise], int]:
    """The exercises the member has logged, most recently done first (the first `limit`), and
    how many there are in all. One plain query (see _history_sql): the count is a window over
    the grouped rows."""
    # The name in the active language's column, else English: plain columns (asking the ORM
    # for "name" would have django-modeltranslation build an object per row to fall back).
    # Ties of "last done" are ordered by the active language's column, then the English name
    # and the id (untranslated names are NULL in the language's column), so the first `limit`
    # are always the same ones.
    connection, stored = _history_connection()
    session, entry, exercise, name = _history_tables(connection)
    sql = f"""
        SELECT x.{name}, x.name_en, x.slug, x.status, COUNT(DISTINCT e.session_id),
               MAX(s.started_at), COUNT(*) OVER ()
        FROM {exercise} x
        JOIN {entry} e ON e.exercise_id = x.id
        JOIN {session} s ON s.id = e.session_id
        WHERE s.owner_id = %s
        GROUP BY x.id, x.{name}, x.name_en, x.slug, x.status
        ORDER BY 6 DESC, 1, 2, x.id {"LIMIT %s" if limit is not None else ""}
    """
    params = [user.pk] if limit is None else [user.pk, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    total = fetched[0][6] if fetched else 0
    rows = ((*row[:5], _as_aware(row[5], stored)) for row in fetched)
    return _logged_with_counts(rows, history_url), total


def logged_exercise_list(*, user) -> list[LoggedExercise]:
    """Every exercise the member has logged, most recently done first, as the history page
    lists them. One query."""
    history_url = one_argument_urls("plans:exercise-history")
    return _logged_exercises(user=user, history_url=history_url)[0]


@dataclass
class ExerciseHistory:
    exercise: Exercise
    metric: str  # history.HOLD or history.REPS
    values: list[history.SessionValues]  # oldest first, as charted
    chart: history.Chart | None  # for larger screens
    narrow_chart: history.Chart | None  # the same, drawn for phones
    imbalance: history.Imbalance | None
    progression: history.Progression | None
    recent: Sequence[WorkoutSession]  # newest first, each with exercise_entries
    limited: bool  # the chart stops at CHART_SESSIONS sessions; older ones exist

    @property
    def charts(self) -> list[tuple[str, history.Chart]]:
        drawn = [("wide", self.chart), ("narrow", self.narrow_chart)]
        return [(name, chart) for name, chart in drawn if chart is not None]


def exercise_history(*, user, slug: str) -> ExerciseHistory:
    """One published exercise in the member's log (404 for an unknown or unpublished slug):
    its values per session and side, chart, imbalance note and progression hint."""
    harder = Prefetch(
        "variations",
        queryset=ExerciseVariation.objects.filter(
            kind=ExerciseVariation.Kind.HARDER, variation__status=Status.PUBLISHED
        )
        .select_related("variation")
        .order_by("variation__name"),
        to_attr="harder_variations",
    )
    exercise = get_object_or_404(Exercise.objects.published().prefetch_related(harder), slug=slug)
    logged = SessionEntry.objects.filter(session=OuterRef("pk"), exercise=exercise)
    sessions = list(
        WorkoutSession.objects.filter(Exists(logged), owner=user)
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=SessionEntry.objects.filter(exercise=exercise).order_by("position"),
                to_attr="exercise_entries",
            )
        )
        .order_by("-started_at", "-created_at")[: CHART_SESSIONS + 1]
    )
    limited = len(sessions) > CHART_SESSIONS
    sessions = sessions[:CHART_SESSIONS]
    metric = history.HOLD if exercise.is_timed else history.REPS
    values = [
        value
        for session in reversed(sessions)
        if (
            value := history.session_values(
                timezone.localtime(session.started_at),
                session.exercise_entries,
                metric=metric,
                url=session.get_absolute_url(),
            )
        )
        is not None
    ]
    variation = exercise.harder_variations[0].variation if exercise.harder_variations else None
    return ExerciseHistory(
        exercise=exercise,
        metric=metric,
        values=values,
        chart=history.chart(values, metric=metric),
        narrow_chart=history.chart(values, metric=metric, **history.NARROW_CHART),
        imbalance=history.imbalance(values, metric=metric),
        progression=history.progression(
            values,
            exercise_name=exercise.name,
            hold_seconds_max=exercise.hold_seconds_max if metric == history.HOLD else None,
            harder=variation,
        ),
        recent=sessions[:TABLE_SESSIONS],
        limited=limited,
    )


# --- Generator and routines ----------------------------------------------------------------


def generator_vocabulary() -> generator.Catalogue:
    """Goals and vocabulary for the generator's form (no exercises yet): ten queries."""
    goals = Goal.objects.prefetch_related(
        "categories",
        Prefetch("muscle_links", queryset=GoalMuscle.objects.select_related("muscle")),
        Prefetch("body_part_links", queryset=GoalBodyPart.objects.select_related("body_part")),
    )
    goal_records = {
        goal.slug: generator.GoalRecord(
            slug=goal.slug,
            name=goal.name,
            description=goal.description,
            categories=tuple(c.slug for c in goal.categories.all()),
            muscles={link.muscle.slug: (link.weight, link.why) for link in goal.muscle_links.all()},
            body_parts={link.body_part.slug: link.weight for link in goal.body_part_links.all()},
            warm_up_items=goal.warm_up_items,
            cool_down_items=goal.cool_down_items,
            gentle=goal.gentle,
            positions=tuple(goal.start_positions or ()),
        )
        for goal in goals
    }
    areas = {
        area.slug: generator.AreaRecord(
            slug=area.slug,
            name=area.name,
            kind=area.kind,
            muscles=frozenset(m.slug for m in area.muscles.all()),
            body_parts=frozenset(p.slug for p in area.body_parts.all()),
        )
        for area in exercise_selectors.area_list()
    }
    return generator.Catalogue(
        exercises=(),
        goals=goal_records,
        equipment=dict(Equipment.objects.values_list("slug", "name")),
        body_parts=dict(BodyPart.objects.values_list("slug", "name")),
        muscles=dict(Muscle.objects.values_list("slug", "name")),
        areas=areas,
        props={
            slug: (name, must_own)
            for slug, name, must_own in Prop.objects.values_list("slug", "name", "must_own")
        },
    )


def generator_catalogue(*, inputs=None, vocabulary=None) -> generator.Catalogue:
    """The generator's snapshot: goals, vocabulary and published exercises as plain data.

    Given the inputs, only exercises that could pass the review, partner, equipment, level and
    category rules are loaded (the generator applies every rule again). Five queries on top
    of the vocabulary's ten, whatever the size of the catalogue.
    """
    vocabulary = vocabulary or generator_vocabulary()
    goal_records = vocabulary.goals
    first_step = ExerciseStep.objects.filter(exercise=OuterRef("pk")).order_by("position", "pk")
    easier = ExerciseVariation.objects.filter(
        kind=ExerciseVariation.Kind.EASIER, variation__status=Status.PUBLISHED
    ).select_related("variation")
    exercises = (
        Exercise.objects.published()
        .select_related("body_part", "equipment", "category")
        .prefetch_related(
            Prefetch("muscle_links", queryset=ExerciseMuscle.objects.select_related("muscle")),
            Prefetch("loads", queryset=Area.objects.order_by("slug")),
            Prefetch("props", queryset=Prop.objects.order_by("slug")),
            Prefetch("variations", queryset=easier, to_attr="easier_variations"),
        )
        # The English text: the position is read from its English words (generator_records), so
        # a plan comes out the same in every language. ("text" alone is rewritten by
        # modeltranslation into a fallback over two columns, which a sub-select cannot hold.)
        .annotate(first_step=Subquery(first_step.values("text_en")[:1], output_field=TextField()))
        .order_by("slug")
    )
    goal = goal_records.get(inputs.goal) if inputs is not None else None
    if goal is not None:
        levels = generator.LEVELS[: generator.LEVELS.index(inputs.level) + 1]
        exercises = exercises.filter(
            equipment__slug__in={*inputs.equipment, generator.BODY_WEIGHT},
            difficulty__in=levels,
            category__slug__in={*goal.categories, "mobility", "stretching"},
            needs_partner=False,
        )
        if inputs.reviewed_only:
            exercises = exercises.filter(reviewed=True)
    records = tuple(
        generator.ExerciseRecord(
            pk=e.pk,
            slug=e.slug,
            name=e.name,
            body_part=e.body_part.slug,
            equipment=e.equipment.slug,
            category=e.category.slug,
            difficulty=e.difficulty,
            targets=tuple(link.muscle.slug for link in e.muscle_links.all() if link.role == 1),
            secondaries=tuple(link.muscle.slug for link in e.muscle_links.all() if link.role == 2),
            hold_seconds=e.hold_seconds,
            hold_min=e.hold_seconds_min,
            hold_max=e.hold_seconds_max,
            per_side=e.per_side,
            reps_per_side=e.reps_per_side,
            position=generator.position_rank(e.start_position, e.first_step or ""),
            start_position=e.start_position,
            loads=tuple(area.slug for area in e.loads.all()),
            needs_partner=e.needs_partner,
            props=tuple(prop.slug for prop in e.props.all()),
            reviewed=e.reviewed,
            easier=tuple(sorted(link.variation.slug for link in e.easier_variations)),
        )
        for e in exercises
    )
    return replace(vocabulary, exercises=records)


def plan_generate(
    *, inputs: generator.GeneratorInput, vocabulary: generator.Catalogue | None = None
) -> generator.GeneratedPlan:
    """Generate a plan from the catalogue as it is now. Reads only: nothing is stored."""
    catalogue = generator_catalogue(inputs=inputs, vocabulary=vocabulary)
    return generator.generate(inputs, catalogue)


def goal_list() -> QuerySet[Goal]:
    return Goal.objects.all()


def exercises_by_slug(*, slugs) -> dict[str, Exercise]:
    """Published exercises by slug with what the player shows of them."""
    queryset = Exercise.objects.published().filter(slug__in=set(slugs))
    return {e.slug: e for e in queryset.prefetch_related(*_player_exercise_prefetches())}


def routine_list() -> QuerySet[Routine]:
    """Published routines with their goal and plan; day and item counts annotated."""
    return (
        Routine.objects.published()
        .select_related("goal", "plan")
        .annotate(
            day_count=Count("plan__days", distinct=True),
            item_count=Count("plan__days__items", distinct=True),
        )
        .order_by("estimated_seconds", "slug")
    )


def routine_detail_queryset() -> QuerySet[Routine]:
    """Published routines with their days, items and the items' exercises."""
    return (
        Routine.objects.published()
        .select_related("goal", "plan")
        .prefetch_related(Prefetch("plan__days", queryset=_days_with_items().queryset))
    )


def routine_detail(*, slug: str) -> Routine:
    """A published routine with its days, items and their exercises, or 404; its days carry
    their names in the active language (for display only: nothing is saved)."""
    routine = get_object_or_404(routine_detail_queryset(), slug=slug)
    for day in routine.plan.days.all():
        day.name = routine.day_name(day)
    return routine


def routine_day_for_player(*, slug: str, position: int) -> tuple[Routine, PlanDay]:
    """A published routine and one of its days with all the player shows, or 404."""
    routine = get_object_or_404(
        Routine.objects.published().select_related("goal", "plan"), slug=slug
    )
    items = (
        PlanItem.objects.select_related("exercise")
        .prefetch_related(*_player_exercise_prefetches("exercise__"))
        .order_by("position")
    )
    day = get_object_or_404(
        PlanDay.objects.prefetch_related(Prefetch("items", queryset=items)),
        plan=routine.plan,
        position=position,
    )
    day.name = routine.day_name(day)  # in the active language, for display only
    return routine, day
