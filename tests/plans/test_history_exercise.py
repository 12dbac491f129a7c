"""The history figures (plans/history.py), one exercise's side: values per session,
imbalance, progression and the chart. Pure functions, so no database here."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans import history
from plans.history import SessionValues


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def sessions(*pairs, start=date(2026, 11, 1)) -> list[SessionValues]:
    """One session a day from `start`, each (left, right)."""
    return [
        SessionValues(at(start + timedelta(days=i)), left=left, right=right)
        for i, (left, right) in enumerate(pairs)
    ]


# --- One exercise: values, imbalance, progression ----------------------------------------


def entry(side, hold=None, reps=None):
    return SimpleNamespace(side=side, hold_seconds=hold, reps=reps)


def test_session_values_keep_the_best_of_each_side():
    when = at(date(2026, 11, 1))
    entries = [entry("left", 30), entry("left", 40), entry("right", 25), entry("both", reps=8)]
    assert history.session_values(when, entries, metric="hold") == SessionValues(
        when, left=40, right=25
    )
    assert history.session_values(when, entries, metric="reps") == SessionValues(when, both=8)
    assert history.session_values(when, [entry("left", reps=5)], metric="hold") is None


def test_the_imbalance_note_names_the_side_that_held_less_in_each_of_the_last_three():
    note = history.imbalance(sessions((30, 40), (24, 30), (20, 30)))
    assert (note.side, note.other, note.shorter_average, note.longer_average) == (
        "left",
        "right",
        25,
        33,
    )
    assert note.message == (
        "Your left side has lagged behind: in each of your last three sessions that logged "
        "both sides, it held at least 20 % less time than your right side "
        "(on average 25 s against 33 s)."
    )


def test_exactly_twenty_percent_shorter_is_enough_and_a_little_less_is_not():
    assert history.imbalance(sessions((30, 24), (30, 24), (30, 24))).side == "right"
    assert history.imbalance(sessions((30, 24), (30, 25), (30, 24))) is None


def test_no_imbalance_note_with_fewer_than_three_sessions_of_both_sides():
    assert history.imbalance(sessions((20, 40), (20, 40))) is None
    one_sided = [*sessions((20, 40), (20, 40)), SessionValues(at(date(2026, 12, 1)), left=20)]
    assert history.imbalance(one_sided) is None


def test_the_note_looks_at_the_last_three_sessions_that_logged_both_sides():
    older = sessions((40, 40), (20, 40), (20, 40), start=date(2026, 10, 1))
    between = [SessionValues(at(date(2026, 10, 20)), both=40)]
    latest = sessions((20, 40), start=date(2026, 11, 1))
    assert history.imbalance([*older, *between, *latest]).side == "left"


def test_no_imbalance_note_once_the_latest_session_is_even():
    assert history.imbalance(sessions((20, 40), (20, 40), (20, 40), (38, 40))) is None


def test_no_imbalance_note_when_the_shorter_side_changes():
    assert history.imbalance(sessions((20, 40), (40, 20), (20, 40))) is None


def test_the_imbalance_note_speaks_of_reps_for_a_rep_exercise():
    note = history.imbalance(sessions((6, 10), (7, 10), (8, 10)), metric="reps")
    assert "at least 20 % fewer reps than your right side (on average 7 reps against 10 reps)" in (
        note.message
    )


@given(
    st.lists(
        st.tuples(st.integers(1, 600), st.integers(1, 600)),
        min_size=0,
        max_size=8,
    )
)
def test_swapping_the_sides_swaps_the_side_named(pairs):
    note = history.imbalance(sessions(*pairs))
    mirrored = history.imbalance(sessions(*[(right, left) for left, right in pairs]))
    if note is None:
        assert mirrored is None
    else:
        assert (mirrored.side, mirrored.other) == (note.other, note.side)
        assert mirrored.shorter_average == note.shorter_average
        recent = pairs[-3:]
        assert len(recent) == 3
        side = 0 if note.side == "left" else 1
        assert all(p[side] <= 0.8 * p[1 - side] for p in recent)


def test_three_sessions_at_the_top_of_the_range_suggest_the_harder_variation():
    hint = history.progression(
        sessions((60, 65), (70, 60), (60, 60)),
        exercise_name="Pigeon Pose",
        hold_seconds_max=60,
        harder="Figure-Four Stretch",
    )
    assert hint.harder == "Figure-Four Stretch"
    assert hint.longer_seconds is None
    assert hint.message == (
        "You held Pigeon Pose for 60 s or longer — the top of its range — in each of your last "
        "three sessions. You could move on to a harder variation: Figure-Four Stretch."
    )


def test_without_a_harder_variation_the_hint_suggests_a_longer_hold():
    hint = history.progression(
        [SessionValues(at(date(2026, 11, d)), both=60) for d in (1, 2, 3)],
        exercise_name="Butterfly Stretch",
        hold_seconds_max=60,
    )
    assert (hint.harder, hint.longer_seconds) == (None, 75)
    assert hint.message.endswith("You could try holding it a little longer, up to 75 s.")


def test_the_longer_hold_is_capped_at_what_can_be_logged():
    at_top = [SessionValues(at(date(2026, 11, d)), both=600) for d in (1, 2, 3)]
    hint = history.progression(at_top, exercise_name="Plank", hold_seconds_max=590)
    assert hint.longer_seconds == 600
    assert history.progression(at_top, exercise_name="Plank", hold_seconds_max=600) is None


def test_one_side_short_of_the_top_in_one_session_means_no_hint():
    hint = history.progression(
        sessions((60, 60), (60, 59), (60, 60)), exercise_name="Pigeon", hold_seconds_max=60
    )
    assert hint is None


def test_the_hint_needs_three_sessions_running_at_the_top():
    assert (
        history.progression(sessions((60, 60), (60, 60)), exercise_name="P", hold_seconds_max=60)
        is None
    )
    earlier_short = sessions((30, 30), (60, 60), (61, 60), (60, 62))
    assert history.progression(earlier_short, exercise_name="P", hold_seconds_max=60) is not None
    latest_short = sessions((60, 60), (60, 60), (60, 60), (45, 60))
    assert history.progression(latest_short, exercise_name="P", hold_seconds_max=60) is None


def test_no_hint_for_an_exercise_without_a_hold_range():
    assert (
        history.progression(
            sessions((9, 9), (9, 9), (9, 9)), exercise_name="P", hold_seconds_max=None
        )
        is None
    )


# --- The chart ---------------------------------------------------------------------------


def test_no_chart_without_values():
    assert history.chart([]) is None
    assert history.chart([SessionValues(at(date(2026, 11, 1)))]) is None


def test_the_chart_draws_left_and_right_as_two_lines_across_the_plot():
    chart = history.chart(sessions((30, 20), (40, 30), (45, 35)))
    assert chart.keys == ["left", "right"]
    left = chart.series[0]
    assert [p.value for p in left.points] == [30, 40, 45]
    assert (left.points[0].x, left.points[-1].x) == (chart.left, chart.right)
    # y runs from 0 (the bottom) up in steps of 15 s to 45 s, the largest value (the top).
    assert [t.label for t in chart.y_ticks] == ["0 s", "15 s", "30 s", "45 s"]
    assert chart.y_ticks[0].position == chart.bottom
    assert chart.y_ticks[-1].position == chart.top
    assert left.points[-1].y == chart.top
    assert left.points[0].y == pytest.approx(chart.bottom - 30 / 45 * (chart.bottom - chart.top))
    assert left.polyline.split()[0] == f"{chart.left:.1f},{left.points[0].y:.1f}"
    assert [(t.label, t.anchor) for t in chart.x_ticks] == [
        ("1 Nov", "start"),
        ("2 Nov", "middle"),
        ("3 Nov", "end"),
    ]


def test_both_sides_is_a_third_line_only_when_logged():
    values = [*sessions((30, 20)), SessionValues(at(date(2026, 11, 5)), both=50)]
    chart = history.chart(values)
    assert chart.keys == ["left", "right", "both"]
    assert [s.label for s in chart.series] == ["Left side", "Right side", "Both sides"]
    assert chart.series[2].points[0].x == chart.right


def test_one_session_sits_in_the_middle():
    chart = history.chart([SessionValues(at(date(2026, 11, 1)), both=30)])
    assert chart.series[0].points[0].x == (chart.left + chart.right) / 2
    assert [(t.label, t.position) for t in chart.x_ticks] == [
        ("1 Nov", (chart.left + chart.right) / 2)
    ]
    assert (
        chart.description == "Longest hold per session, 1 session on 1 Nov 2026. Both sides: 30 s."
    )


def test_dates_carry_the_year_when_the_chart_spans_two():
    values = [
        SessionValues(at(date(2025, 12, 20)), both=30),
        SessionValues(at(date(2026, 1, 10)), both=40),
    ]
    chart = history.chart(values)
    assert chart.x_ticks[0].label == "20 Dec 2025"
    assert chart.x_ticks[-1].label == "10 Jan 2026"
    assert chart.description == (
        "Longest hold per session, 2 sessions from 20 Dec 2025 to 10 Jan 2026. "
        "Both sides: 30 s at first, 40 s most recently, best 40 s."
    )


def test_a_rep_chart_labels_plain_numbers():
    chart = history.chart(sessions((8, 10), (9, 12)), metric="reps")
    assert [t.label for t in chart.y_ticks] == ["0", "5", "10", "15"]
    assert "Most reps per session" in chart.description
    assert "8 reps at first" in chart.description


def test_the_narrow_chart_fits_its_width_with_at_most_three_dates():
    values = sessions(*[(30 + i, 25 + i) for i in range(10)])
    chart = history.chart(values, **history.NARROW_CHART)
    assert (chart.width, chart.height) == (360, 250)
    assert chart.series[0].points[-1].x == chart.right == 360 - history.CHART_MARGIN["right"]
    assert [t.label for t in chart.x_ticks] == ["1 Nov", "6 Nov", "10 Nov"]


def test_markers_differ_by_shape_per_side():
    chart = history.chart(sessions((30, 20)))
    left, right = chart.series
    assert " a4.5,4.5 " in left.markers  # circles
    assert " h9.0 v9.0 " in right.markers  # squares


@given(st.integers(min_value=1, max_value=5000))
def test_the_y_axis_holds_the_largest_value_in_at_most_five_ticks(largest):
    step, top = history.nice_maximum(largest)
    assert top >= largest
    assert top % step == 0
    assert 1 <= top // step <= 4


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=100_000),  # minutes after the first session
            st.one_of(st.none(), st.integers(1, 600)),
            st.one_of(st.none(), st.integers(1, 600)),
            st.one_of(st.none(), st.integers(1, 600)),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_every_point_lands_inside_the_plot(rows):
    start = at(date(2026, 1, 1))
    values = sorted(
        (
            SessionValues(start + timedelta(minutes=m), left=left, right=right, both=both)
            for m, left, right, both in rows
        ),
        key=lambda s: s.started_at,
    )
    chart = history.chart(values)
    if not any(s.values for s in values):
        assert chart is None
        return
    for line in chart.series:
        xs = [p.x for p in line.points]
        assert xs == sorted(xs)
        for p in line.points:
            assert chart.left <= p.x <= chart.right
            assert chart.top - 1e-9 <= p.y <= chart.bottom
    assert 2 <= len(chart.y_ticks) <= 5
    assert 1 <= len(chart.x_ticks) <= 4
