"""The figures of a member's history, as pure functions: no request, no query.

Selectors fetch rows (days trained with their totals, one exercise's logged values) and hand
them here; templates draw what comes back. Days are calendar days in the member's time zone
(settings.TIME_ZONE, through timezone.localdate), so a streak runs across month and year ends.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from forge.lib.dates import date_in_bounds

# The imbalance note: one side held at least this much less (20 %) ...
IMBALANCE_SHORTER_BY = 0.20
# ... in each of this many of the most recent sessions that logged both sides.
IMBALANCE_SESSIONS = 3
# The progression hint: the top of the hold range reached this many sessions running.
PROGRESSION_SESSIONS = 3
# Without a harder variation, suggest holding this much longer than the range's top ...
LONGER_HOLD_STEP_SECONDS = 15
# ... but never more than a member can log (plans.models.MAX_LOGGED_HOLD_SECONDS).
LONGER_HOLD_CAP_SECONDS = 600

HOLD = "hold"
REPS = "reps"


# --- Months -------------------------------------------------------------------------------


def parse_month(value: str | None) -> date | None:
    """ "2026-11" -> date(2026, 11, 1); None for anything else (the caller decides what to do)."""
    if not value or len(value) != 7 or value[4] != "-":
        return None
    year, month = value[:4], value[5:]
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        return None
    if not (1 <= int(year) <= 9999 and 1 <= int(month) <= 12):
        return None
    first = date(int(year), int(month), 1)
    return first if date_in_bounds(first) else None


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return month_start(month_start(month) - timedelta(days=1))


def next_month(month: date) -> date:
    return month_start(month_start(month) + timedelta(days=31))


def month_end(month: date) -> date:
    """The last day of the month."""
    return next_month(month) - timedelta(days=1)


def week_start(day: date) -> date:
    """The Monday on or before the day."""
    return day - timedelta(days=day.weekday())


def counted_ranges(today: date, shown: date) -> list[tuple[date, date]]:
    """The (first, last) days whose sessions the history page reads: this month and this
    week (for the minutes) and, when it is earlier, the month the calendar shows."""
    this_month = month_start(today)
    first = min(this_month, week_start(today))
    last = max(month_end(this_month), week_start(today) + timedelta(days=6))
    between = [(first, last)]
    if shown < first:
        between.append((shown, month_end(shown)))
    return between


# --- Days trained: calendar, streaks, minutes --------------------------------------------


class DayTotal(NamedTuple):
    """One calendar day with at least one session: how many, and their time together (a
    named tuple: a history page makes one per day trained, a thousand for a long history)."""

    day: date
    sessions: int
    seconds: int


@dataclass(frozen=True)
class CalendarDay:
    day: date
    sessions: int
    is_today: bool

    @property
    def trained(self) -> bool:
        return self.sessions > 0


@dataclass(frozen=True)
class MonthGrid:
    month: date  # the first of the month
    # Monday-first weeks; None pads the days before the 1st and after the last day.
    weeks: list[list[CalendarDay | None]]
    previous: date | None  # the first of the month before, when there is history to see there
    next: date | None  # the first of the month after, unless that is in the future
    days_trained: int


_FROM_TOTALS = date.min  # month_grid's default: the earliest day is the earliest of the totals


def month_grid(
    month: date, totals: Iterable[DayTotal], *, today: date, earliest: date | None = _FROM_TOTALS
) -> MonthGrid:
    """The month as a Monday-first grid, each day marked with its number of sessions.

    "Previous" is offered only when something was logged before this month (the first day
    trained is `earliest` when given: then `totals` may hold only the month's days), "next"
    only up to the current month.
    """
    month = month_start(month)
    totals = list(totals)
    sessions = {total.day: total.sessions for total in totals}
    weeks = [
        [
            CalendarDay(day, sessions.get(day, 0), day == today)
            if day.month == month.month
            else None
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            month.year, month.month
        )
    ]
    if earliest is _FROM_TOTALS:
        earliest = min((total.day for total in totals), default=None)
    has_earlier = earliest is not None and earliest < month and month.year > 1
    has_later = month < month_start(today) and month.year < 9999
    shown = (month.year, month.month)
    return MonthGrid(
        month=month,
        weeks=weeks,
        previous=previous_month(month) if has_earlier else None,
        next=next_month(month) if has_later else None,
        days_trained=sum(1 for day in sessions if (day.year, day.month) == shown),
    )


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


def streaks(days: Iterable[date], *, today: date) -> Streaks:
    """Runs of consecutive calendar days with at least one session.

    The current streak is the run ending on the last day trained, counted while that day is
    today or yesterday (today is not over yet). Days after today (a clock ahead of the
    server's) count towards the longest run, not the current one.
    """
    # Day numbers (date.toordinal), so that "the next day" is +1: a member's history may hold
    # a thousand days and this runs on every history page.
    ordered = sorted({day.toordinal() for day in days})
    today_number = today.toordinal()
    longest = run = 0
    previous = None
    last_past = last_past_run = None  # the last day up to today, and the run ending on it
    for number in ordered:
        run = run + 1 if previous is not None and number - previous == 1 else 1
        longest = max(longest, run)
        if number <= today_number:
            last_past, last_past_run = number, run
        previous = number
    current = 0
    if last_past is not None and last_past >= today_number - 1:
        current = last_past_run or 0
    return Streaks(current=current, longest=longest)


def minutes(seconds: int) -> int:
    """Whole minutes, rounded to the nearest (a 9 min 40 s session counts as 10)."""
    return (seconds + 30) // 60


@dataclass(frozen=True)
class Totals:
    week_minutes: int
    month_minutes: int


def totals(day_totals: Iterable[DayTotal], *, today: date) -> Totals:
    """Minutes trained this week (Monday to Sunday) and this calendar month."""
    monday = week_start(today)
    sunday = monday + timedelta(days=6)
    first = month_start(today)
    last = month_end(first)
    week = month = 0  # seconds, in one pass over the days
    for total in day_totals:
        if monday <= total.day <= sunday:
            week += total.seconds
        if first <= total.day <= last:
            month += total.seconds
    return Totals(week_minutes=minutes(week), month_minutes=minutes(month))


# --- One exercise over time --------------------------------------------------------------


@dataclass(frozen=True)
class SessionValues:
    """One session's best on one exercise, per side (None when that side was not logged)."""

    started_at: datetime  # local time
    left: int | None = None
    right: int | None = None
    both: int | None = None
    url: str = ""

    @property
    def values(self) -> list[int]:
        return [v for v in (self.left, self.right, self.both) if v is not None]


def session_values(
    started_at: datetime, entries: Iterable, *, metric: str, url: str = ""
) -> SessionValues | None:
    """A session's entries for one exercise → its best value on each side, or None when the
    entries hold no value of the metric ("hold" seconds or "reps").

    Entries are read by attribute (side, hold_seconds, reps) — model rows or anything alike.
    """
    best: dict[str, int] = {}
    for entry in entries:
        value = entry.hold_seconds if metric == HOLD else entry.reps
        if value is not None:
            best[entry.side] = max(best.get(entry.side, 0), value)
    if not best:
        return None
    return SessionValues(
        started_at=started_at,
        left=best.get("left"),
        right=best.get("right"),
        both=best.get("both"),
        url=url,
    )


@dataclass(frozen=True)
class Imbalance:
    side: str  # "left" or "right": the side that held less
    other: str
    shorter_average: int
    longer_average: int
    metric: str
    sessions: int = IMBALANCE_SESSIONS

    @property
    def message(self) -> str:
        values = {"shorter": self.shorter_average, "longer": self.longer_average}
        if self.metric == HOLD:
            if self.side == "left":
                text = _(
                    "Your left side has lagged behind: in each of your last three sessions that "
                    "logged both sides, it held at least 20 %% less time than your right side "
                    "(on average %(shorter)s s against %(longer)s s)."
                )
            else:
                text = _(
                    "Your right side has lagged behind: in each of your last three sessions that "
                    "logged both sides, it held at least 20 %% less time than your left side "
                    "(on average %(shorter)s s against %(longer)s s)."
                )
        elif self.side == "left":
            text = _(
                "Your left side has lagged behind: in each of your last three sessions that "
                "logged both sides, it managed at least 20 %% fewer reps than your right side "
                "(on average %(shorter)s reps against %(longer)s reps)."
            )
        else:
            text = _(
                "Your right side has lagged behind: in each of your last three sessions that "
                "logged both sides, it managed at least 20 %% fewer reps than your left side "
                "(on average %(shorter)s reps against %(longer)s reps)."
            )
        return text % values


def _shorter_side(left: int, right: int) -> str | None:
    """Which side is at least 20 % below the other, if either (whole numbers, no rounding)."""
    # shorter <= 0.8 × longer, kept in integers: 5 × shorter <= 4 × longer.
    if 5 * left <= 4 * right:
        return "left"
    if 5 * right <= 4 * left:
        return "right"
    return None


def imbalance(history: Sequence[SessionValues], *, metric: str = HOLD) -> Imbalance | None:
    """The note when the same side stayed ≥ 20 % below the other in each of the last three
    sessions that logged both sides (history oldest first)."""
    paired = [(s.left, s.right) for s in history if s.left is not None and s.right is not None]
    recent = paired[-IMBALANCE_SESSIONS:]
    if len(recent) < IMBALANCE_SESSIONS:
        return None
    sides = {_shorter_side(left, right) for left, right in recent}
    side = sides.pop() if len(sides) == 1 else None
    if side is None:
        return None
    other = "right" if side == "left" else "left"
    shorter = [left if side == "left" else right for left, right in recent]
    longer = [right if side == "left" else left for left, right in recent]
    return Imbalance(
        side=side,
        other=other,
        shorter_average=round(sum(shorter) / len(shorter)),
        longer_average=round(sum(longer) / len(longer)),
        metric=metric,
    )


@dataclass(frozen=True)
class Progression:
    exercise_name: str
    top_seconds: int
    harder: object | None = None  # the harder variation (an Exercise), when there is one
    longer_seconds: int | None = None  # otherwise, how long to try holding

    @property
    def message(self) -> str:
        values = {
            "name": self.exercise_name,
            "top": self.top_seconds,
            "harder": self.harder,
            "longer": self.longer_seconds,
        }
        if self.harder is not None:
            text = _(
                "You held %(name)s for %(top)s s or longer — the top of its range — in each of "
                "your last three sessions. You could move on to a harder variation: %(harder)s."
            )
        else:
            text = _(
                "You held %(name)s for %(top)s s or longer — the top of its range — in each of "
                "your last three sessions. You could try holding it a little longer, up to "
                "%(longer)s s."
            )
        return text % values


def progression(
    history: Sequence[SessionValues],
    *,
    exercise_name: str,
    hold_seconds_max: int | None,
    harder=None,
) -> Progression | None:
    """The hint when every side logged in each of the last three sessions (history oldest
    first) held at or above the top of the exercise's hold range.

    Suggests the harder variation when given, else a longer hold: the top plus 15 s, capped at
    what can be logged (no hint when the top is already there).
    """
    if hold_seconds_max is None:
        return None
    recent = [s for s in history if s.values][-PROGRESSION_SESSIONS:]
    if len(recent) < PROGRESSION_SESSIONS:
        return None
    if any(min(s.values) < hold_seconds_max for s in recent):
        return None
    if harder is not None:
        return Progression(exercise_name, hold_seconds_max, harder=harder)
    longer = min(hold_seconds_max + LONGER_HOLD_STEP_SECONDS, LONGER_HOLD_CAP_SECONDS)
    if longer <= hold_seconds_max:
        return None
    return Progression(exercise_name, hold_seconds_max, longer_seconds=longer)


# --- The chart ---------------------------------------------------------------------------

# Drawing units of the SVG's viewBox; it scales to the width it is given. Pages draw a wide
# chart for larger screens and a narrow one for phones, so the labels stay readable on both.
CHART_WIDTH = 800
CHART_HEIGHT = 320
NARROW_CHART = {"width": 360, "height": 250, "x_ticks": 3}
CHART_MARGIN = {"top": 16, "right": 20, "bottom": 40, "left": 56}
# Candidate distances between labelled values on the y axis (seconds or reps).
NICE_STEPS = (1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200)
Y_TICKS_AT_MOST = 5
X_TICKS_AT_MOST = 4

SERIES = (
    ("left", gettext_lazy("Left side")),
    ("right", gettext_lazy("Right side")),
    ("both", gettext_lazy("Both sides")),
)


@dataclass(frozen=True)
class Tick:
    position: float  # x or y in drawing units
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: int
    when: datetime


@dataclass
class Series:
    key: str  # left, right or both
    label: str
    points: list[ChartPoint] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        """The points attribute of an SVG <polyline>."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def markers(self) -> str:
        """One SVG path drawing every point's marker: a circle for the left side, a square for
        the right, a diamond for both — so the lines differ by more than colour."""
        return " ".join(marker_path(self.key, p.x, p.y) for p in self.points)


MARKER_SIZE = 4.5


def marker_path(key: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    if key == "left":
        return (
            f"M{x - size:.1f},{y:.1f} a{size},{size} 0 1,0 {2 * size},0 "
            f"a{size},{size} 0 1,0 {-2 * size},0 Z"
        )
    if key == "right":
        return f"M{x - size:.1f},{y - size:.1f} h{2 * size} v{2 * size} h{-2 * size} Z"
    d = size * 1.3
    return f"M{x:.1f},{y - d:.1f} l{d:.1f},{d:.1f} l{-d:.1f},{d:.1f} l{-d:.1f},{-d:.1f} Z"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float  # the plot area inside the margins
    right: float
    top: float
    bottom: float
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    metric: str
    description: str

    @property
    def keys(self) -> list[str]:
        """The lines drawn: left, right and/or both."""
        return [line.key for line in self.series]


def nice_maximum(largest: int) -> tuple[int, int]:
    """(step, top) for a y axis from 0 that holds `largest` in at most five labelled steps."""
    largest = max(largest, 1)
    for step in NICE_STEPS:
        if math.ceil(largest / step) <= Y_TICKS_AT_MOST - 1:
            return step, step * math.ceil(largest / step)
    step = NICE_STEPS[-1] * math.ceil(largest / (NICE_STEPS[-1] * (Y_TICKS_AT_MOST - 1)))
    return step, step * math.ceil(largest / step)


def format_value(value: int, metric: str) -> str:
    if metric == HOLD:
        return pgettext("duration", "%(seconds)s s") % {"seconds": value}
    return ngettext("%(count)s rep", "%(count)s reps", value) % {"count": value}


def format_day(day: date, *, with_year: bool) -> str:
    """ "7 Dec 2026" or "7 Dec", the month in the active language."""
    return date_format(day, "j M Y" if with_year else "j M")


def chart(
    history: Sequence[SessionValues],
    *,
    metric: str = HOLD,
    width: int = CHART_WIDTH,
    height: int = CHART_HEIGHT,
    x_ticks: int = X_TICKS_AT_MOST,
) -> Chart | None:
    """The geometry of the line chart of one exercise over time (history oldest first).

    x is time (sessions on the same day sit side by side by their start time); y runs from 0.
    Left and right are two lines; "both sides" is a third when any session logged it. None
    when there is nothing to draw.
    """
    history = [s for s in history if s.values]
    if not history:
        return None
    left = CHART_MARGIN["left"]
    right = width - CHART_MARGIN["right"]
    top = CHART_MARGIN["top"]
    bottom = height - CHART_MARGIN["bottom"]
    step, y_top = nice_maximum(max(v for s in history for v in s.values))

    first, last = history[0].started_at, history[-1].started_at
    span = (last - first).total_seconds()

    def x_at(when: datetime) -> float:
        if span <= 0:
            return (left + right) / 2
        return left + (when - first).total_seconds() / span * (right - left)

    def y_at(value: int) -> float:
        return bottom - value / y_top * (bottom - top)

    series = []
    for key, label in SERIES:
        points = [
            ChartPoint(x_at(s.started_at), y_at(getattr(s, key)), getattr(s, key), s.started_at)
            for s in history
            if getattr(s, key) is not None
        ]
        if points:
            series.append(Series(key, str(label), points))

    y_ticks = [
        Tick(round(y_at(value), 1), f"{value} s" if metric == HOLD else str(value), "end")
        for value in range(0, y_top + 1, step)
    ]
    with_year = first.year != last.year
    if span <= 0:
        dates = [Tick(round(x_at(first), 1), format_day(first.date(), with_year=with_year))]
    else:
        days = (last.date() - first.date()).days + 1
        count = max(2, min(x_ticks, days))
        dates = []
        seen = set()
        for i in range(count):
            when = first + (last - first) * i / (count - 1)
            day_label = format_day(when.date(), with_year=with_year)
            if day_label in seen:
                continue
            seen.add(day_label)
            anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
            dates.append(Tick(round(x_at(when), 1), day_label, anchor))

    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=series,
        x_ticks=dates,
        y_ticks=y_ticks,
        metric=metric,
        description=describe(history, series, metric=metric),
    )


def describe(history: Sequence[SessionValues], series: Sequence[Series], *, metric: str) -> str:
    """The chart in words, for its <desc>: the period and, per line, the first and last value."""
    first, last = history[0].started_at.date(), history[-1].started_at.date()
    count = len(history)
    if first == last:
        period = _("on %(day)s") % {"day": format_day(first, with_year=True)}
    else:
        period = _("from %(first)s to %(last)s") % {
            "first": format_day(first, with_year=True),
            "last": format_day(last, with_year=True),
        }
    if metric == HOLD:
        heading = ngettext(
            "Longest hold per session, %(count)s session %(period)s.",
            "Longest hold per session, %(count)s sessions %(period)s.",
            count,
        )
    else:
        heading = ngettext(
            "Most reps per session, %(count)s session %(period)s.",
            "Most reps per session, %(count)s sessions %(period)s.",
            count,
        )
    parts = [heading % {"count": count, "period": period}]
    for line in series:
        start, end = line.points[0].value, line.points[-1].value
        if len(line.points) == 1:
            parts.append(
                _("%(line)s: %(value)s.")
                % {"line": line.label, "value": format_value(start, metric)}
            )
        else:
            parts.append(
                _("%(line)s: %(first)s at first, %(last)s most recently, best %(best)s.")
                % {
                    "line": line.label,
                    "first": format_value(start, metric),
                    "last": format_value(end, metric),
                    "best": format_value(max(p.value for p in line.points), metric),
                }
            )
    return " ".join(parts)
