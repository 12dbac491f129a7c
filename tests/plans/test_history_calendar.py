"""The history figures (plans/history.py), the calendar side: months, streaks, the month's
grid and minutes. Pure functions, so no database here."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans import history
from plans.history import DayTotal

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def run_of(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


# --- Months ------------------------------------------------------------------------------


def test_parse_month_reads_year_dash_month():
    assert history.parse_month("2026-11") == date(2026, 11, 1)
    assert history.parse_month("1970-01") == date(1970, 1, 1)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "2026-13",
        "2026-00",
        "2026-1",
        "26-11",
        "2026/11",
        "2026-11-01",
        "２０２６-11",
        " 2026-1",
        "0001-01",  # before the dates Forge accepts (forge.lib.dates)
        "1969-12",
        "9999-12",
    ],
)
def test_parse_month_refuses_anything_else(value):
    assert history.parse_month(value) is None


def test_month_steps_cross_year_ends_and_february():
    assert history.previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert history.next_month(date(2025, 12, 31)) == date(2026, 1, 1)
    assert history.month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert history.month_end(date(2026, 2, 1)) == date(2026, 2, 28)


def test_weeks_start_on_monday():
    assert history.week_start(date(2026, 11, 25)) == date(2026, 11, 23)  # a Wednesday
    assert history.week_start(date(2026, 11, 23)) == date(2026, 11, 23)  # the Monday itself
    assert history.week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # the Sunday after


# --- Streaks -----------------------------------------------------------------------------


def test_a_streak_runs_across_a_month_end():
    days = run_of(date(2026, 1, 29), 5)  # 29 Jan – 2 Feb
    assert history.streaks(days, today=date(2026, 2, 2)) == history.Streaks(current=5, longest=5)


def test_a_streak_runs_across_a_year_end():
    days = run_of(date(2025, 12, 30), 4)  # 30 Dec – 2 Jan
    assert history.streaks(days, today=date(2026, 1, 2)) == history.Streaks(current=4, longest=4)


def test_february_the_28th_leads_to_march_the_1st_except_in_a_leap_year():
    common = [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)]
    assert history.streaks(common, today=date(2026, 3, 1)) == history.Streaks(3, 3)
    leap = [date(2024, 2, 27), date(2024, 2, 28), date(2024, 3, 1)]
    assert history.streaks(leap, today=date(2024, 3, 1)) == history.Streaks(current=1, longest=2)


def test_the_current_streak_still_counts_when_the_last_session_was_yesterday():
    days = run_of(date(2026, 10, 29), 4)  # 29 Oct – 1 Nov
    assert history.streaks(days, today=date(2026, 11, 2)) == history.Streaks(current=4, longest=4)


def test_the_current_streak_is_zero_after_a_day_without_a_session():
    days = run_of(date(2026, 10, 29), 4)
    assert history.streaks(days, today=date(2026, 11, 3)) == history.Streaks(current=0, longest=4)


def test_the_longest_streak_can_be_an_older_one():
    days = [*run_of(date(2026, 9, 28), 6), *run_of(date(2026, 10, 30), 3)]
    assert history.streaks(days, today=date(2026, 11, 1)) == history.Streaks(current=3, longest=6)


def test_two_sessions_on_one_day_count_as_one_day():
    days = [date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 2)]
    assert history.streaks(days, today=date(2026, 11, 2)) == history.Streaks(2, 2)


def test_no_sessions_no_streaks():
    assert history.streaks([], today=date(2026, 11, 2)) == history.Streaks(0, 0)


def test_a_day_after_today_counts_towards_the_longest_streak_only():
    days = [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)]
    assert history.streaks(days, today=date(2026, 11, 2)) == history.Streaks(current=2, longest=3)


def longest_by_brute_force(days: set[date]) -> int:
    best = 0
    for day in days:
        length = 0
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


@given(st.sets(DAYS, max_size=40), DAYS)
def test_streaks_agree_with_counting_day_by_day(days, today):
    result = history.streaks(days, today=today)
    assert result.longest == longest_by_brute_force(days)
    past = {day for day in days if day <= today}
    last = max(past, default=None)
    if last is None or last < today - timedelta(days=1):
        assert result.current == 0
    else:
        length = 0
        while last - timedelta(days=length) in past:
            length += 1
        assert result.current == length
    assert 0 <= result.current <= result.longest <= len(days)


@given(DAYS, st.integers(min_value=1, max_value=400), st.booleans())
def test_a_run_ending_today_or_yesterday_is_the_current_streak(first, count, yesterday):
    days = run_of(first, count)
    today = days[-1] + timedelta(days=1 if yesterday else 0)
    assert history.streaks(days, today=today) == history.Streaks(count, count)


# --- Calendar ----------------------------------------------------------------------------


def test_the_month_grid_is_monday_first_with_blanks_around_the_month():
    grid = history.month_grid(date(2026, 11, 1), [], today=date(2026, 11, 24))
    assert len(grid.weeks) == 6  # 1 November 2026 is a Sunday, the 30th a Monday
    assert grid.weeks[0][:6] == [None] * 6
    assert grid.weeks[0][6].day == date(2026, 11, 1)
    assert grid.weeks[-1][0].day == date(2026, 11, 30)
    assert grid.weeks[-1][1:] == [None] * 6
    today = [cell for week in grid.weeks for cell in week if cell and cell.is_today]
    assert [cell.day for cell in today] == [date(2026, 11, 24)]


def test_the_month_grid_marks_the_days_trained_with_their_sessions():
    totals = [
        DayTotal(date(2026, 10, 31), 1, 600),
        DayTotal(date(2026, 11, 2), 2, 1200),
        DayTotal(date(2026, 11, 3), 1, 300),
    ]
    grid = history.month_grid(date(2026, 11, 1), totals, today=date(2026, 11, 24))
    trained = {
        cell.day: cell.sessions for week in grid.weeks for cell in week if cell and cell.trained
    }
    assert trained == {date(2026, 11, 2): 2, date(2026, 11, 3): 1}
    assert grid.days_trained == 2


def test_previous_month_is_offered_only_with_earlier_history_and_next_only_up_to_now():
    october = [DayTotal(date(2026, 10, 31), 1, 600)]
    now = history.month_grid(date(2026, 11, 1), october, today=date(2026, 11, 24))
    assert (now.previous, now.next) == (date(2026, 10, 1), None)
    first = history.month_grid(date(2026, 10, 1), october, today=date(2026, 11, 24))
    assert (first.previous, first.next) == (None, date(2026, 11, 1))


@given(DAYS)
def test_every_day_of_the_month_sits_once_under_its_weekday(day):
    grid = history.month_grid(day, [], today=day)
    assert all(len(week) == 7 for week in grid.weeks)
    cells = [(i, cell.day) for week in grid.weeks for i, cell in enumerate(week) if cell]
    first = day.replace(day=1)
    assert [d for _, d in cells] == run_of(first, history.month_end(first).day)
    assert all(i == d.weekday() for i, d in cells)


# --- Minutes -----------------------------------------------------------------------------


def test_minutes_this_week_start_on_monday_and_this_month_on_the_first():
    totals = [
        DayTotal(date(2026, 11, 22), 1, 1200),  # Sunday, the week before
        DayTotal(date(2026, 11, 23), 1, 600),  # Monday
        DayTotal(date(2026, 11, 25), 2, 900),  # Wednesday, today
        DayTotal(date(2026, 10, 31), 1, 3000),  # last month
    ]
    assert history.totals(totals, today=date(2026, 11, 25)) == history.Totals(25, 45)


def test_a_week_that_began_last_month_counts_its_days_in_that_month():
    totals = [DayTotal(date(2026, 11, 30), 1, 600), DayTotal(date(2026, 12, 1), 1, 300)]
    assert history.totals(totals, today=date(2026, 12, 1)) == history.Totals(15, 5)


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 0), (29, 0), (30, 1), (89, 1), (90, 2)])
def test_minutes_round_to_the_nearest(seconds, minutes):
    assert history.minutes(seconds) == minutes


def _streaks_by_hand(days, today):
    """The rule read plainly: every run of days, the longest, and the run ending on the last
    day up to today (while that day is today or yesterday)."""
    ordered = sorted(set(days))
    runs, run_ending = [], {}
    for day in ordered:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
        run_ending[day] = len(runs[-1])
    past = [day for day in ordered if day <= today]
    current = run_ending[past[-1]] if past and past[-1] >= today - timedelta(days=1) else 0
    return history.Streaks(current=current, longest=max(map(len, runs), default=0))


@pytest.mark.parametrize("seed", range(40))
def test_streaks_over_a_long_random_history_follow_the_rule(seed):
    """history.streaks counts day numbers in one pass (a thousand days on every history page):
    the same as the rule read plainly, days after today included."""
    import random

    rng = random.Random(seed)
    today = date(2026, 12, 7)
    days = [today + timedelta(days=rng.randint(-60, 3)) for _ in range(rng.randint(0, 50))]
    for offset in (-1, 0, 1, 30):
        assert history.streaks(days, today=today + timedelta(days=offset)) == _streaks_by_hand(
            days, today + timedelta(days=offset)
        )


def test_totals_and_the_month_count_read_the_days_once():
    days = [
        DayTotal(date(2026, 11, 30), 1, 600),  # Monday of this week, last month
        DayTotal(date(2026, 12, 1), 2, 1200),
        DayTotal(date(2026, 12, 7), 1, 290),  # the Monday after: this month, next week
    ]
    assert history.totals(days, today=date(2026, 12, 6)) == history.Totals(
        week_minutes=30, month_minutes=25
    )
    grid = history.month_grid(date(2026, 12, 1), days, today=date(2026, 12, 7))
    assert grid.days_trained == 2


# history.html's loop over the calendar's weeks before history_calendar_weeks wrote them.
LOOPS = Path(__file__).parent / "replaced_loops"  # the templates' loops the tags replaced
CALENDAR_LOOP = "{% load i18n %}" + (LOOPS / "history_calendar.html").read_text()


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("seed", range(6))
def test_the_calendar_tag_writes_what_the_template_loop_wrote(language, seed):
    """history_calendar_weeks (plans/templatetags/history_tags.py) gives the loop's markup to
    the character: blanks around the month, trained days linked with their count, today
    marked (trained or not), in every language."""
    import random

    from django.template import Context, Template
    from django.utils import translation

    from plans.templatetags.history_tags import history_calendar_weeks

    rng = random.Random(seed)
    month = date(rng.randint(2020, 2027), rng.randint(1, 12), 1)
    today = month + timedelta(days=rng.randint(-5, 40))
    totals = [
        history.DayTotal(month + timedelta(days=n), rng.randint(1, 3), 600)
        for n in range(31)
        if rng.random() < 0.5
    ]
    grid = history.month_grid(month, totals, today=today)
    with translation.override(language):
        want = Template(CALENDAR_LOOP).render(Context({"cal": grid}))
        # After the loop's leading indent, before the newline that follows {% endfor %}.
        assert history_calendar_weeks(grid) == want.removeprefix("      ").removesuffix("\n")
