"""The timeline function: every duration Forge shows is read off it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.timeline import (
    GET_READY_SECONDS,
    SECONDS_PER_REP,
    SWITCH_SECONDS,
    Kind,
    Prescription,
    Side,
    build_timeline,
    prescription_from_exercise,
)


def hold(slug="stretch", seconds=30, *, per_side=False, sets=1, rest=0):
    return Prescription(
        slug=slug,
        name=slug.title(),
        hold_seconds=seconds,
        per_side=per_side,
        sets=sets,
        rest_seconds=rest,
    )


def reps(slug="squat", count=10, *, per_side=False, sets=1, rest=0):
    return Prescription(
        slug=slug, name=slug.title(), reps=count, per_side=per_side, sets=sets, rest_seconds=rest
    )


def kinds(line):
    return [(str(step.kind), str(step.side), step.seconds) for step in line.steps]


def test_an_empty_day_has_no_steps_and_takes_no_time():
    line = build_timeline([])
    assert line.steps == () and line.total_seconds == 0


def test_a_single_hold_is_get_ready_then_the_hold():
    line = build_timeline([hold(seconds=45)])
    assert kinds(line) == [("ready", "both", 5), ("hold", "both", 45)]
    assert line.total_seconds == 50


def test_a_per_side_hold_is_left_switch_right():
    line = build_timeline([hold(seconds=30, per_side=True)])
    assert kinds(line) == [
        ("ready", "both", GET_READY_SECONDS),
        ("hold", "left", 30),
        ("switch", "right", SWITCH_SECONDS),
        ("hold", "right", 30),
    ]
    assert line.total_seconds == 5 + 30 + 5 + 30


def test_sets_are_separated_by_the_items_rest_but_the_session_ends_without_one():
    line = build_timeline([hold(seconds=20, per_side=True, sets=2, rest=15)])
    assert kinds(line) == [
        ("ready", "both", 5),
        ("hold", "left", 20),
        ("switch", "right", 5),
        ("hold", "right", 20),
        ("rest", "both", 15),
        ("hold", "left", 20),
        ("switch", "right", 5),
        ("hold", "right", 20),
    ]
    assert [step.set_number for step in line.steps if step.kind == Kind.HOLD] == [1, 1, 2, 2]
    assert line.total_seconds == 5 + 2 * (20 + 5 + 20) + 15


def test_a_reps_step_has_no_timer_but_counts_in_the_estimate():
    line = build_timeline([reps(count=12)])
    step = line.steps[1]
    assert step.kind == Kind.REPS and step.seconds is None and step.reps == 12
    assert step.estimate_seconds == 12 * SECONDS_PER_REP
    assert line.total_seconds == 5 + 36


def test_per_side_reps_are_done_left_then_right_without_a_switch_timer():
    line = build_timeline([reps(count=8, per_side=True)])
    assert kinds(line) == [("ready", "both", 5), ("reps", "left", None), ("reps", "right", None)]


def test_rest_between_exercises_points_at_the_next_exercise():
    line = build_timeline([hold(slug="a", rest=20), reps(slug="b", count=5)])
    rest = line.steps[2]
    assert rest.kind == Kind.REST and rest.seconds == 20 and rest.exercise == 1
    assert line.total_seconds == 5 + 30 + 20 + 15


def test_an_exercise_without_rest_is_followed_by_a_short_get_ready():
    line = build_timeline([hold(slug="a", rest=0), hold(slug="b", rest=0)])
    assert kinds(line) == [
        ("ready", "both", 5),
        ("hold", "both", 30),
        ("ready", "both", 5),
        ("hold", "both", 30),
    ]
    assert line.steps[2].exercise == 1


def test_a_day_with_a_stretch_and_a_reps_exercise_adds_up():
    # The player's browser test plays exactly this day.
    line = build_timeline(
        [hold(slug="glutes", seconds=30, per_side=True, rest=15), reps(slug="squat", count=10)]
    )
    assert [str(s.kind) for s in line.steps] == ["ready", "hold", "switch", "hold", "rest", "reps"]
    assert line.total_seconds == 5 + 30 + 5 + 30 + 15 + 30
    # The rest between the two leads into the next exercise, so it counts towards that one.
    assert line.seconds_for(0) == 30 + 5 + 30
    assert line.seconds_for(1) == 15 + 30


def test_as_dict_carries_the_steps_and_the_callers_extra_data():
    item = Prescription(slug="a", name="A", hold_seconds=10, extra={"url": "/exercise/a/"})
    data = build_timeline([item]).as_dict()
    assert data["total_seconds"] == 15
    assert data["exercises"][0]["url"] == "/exercise/a/"
    assert data["steps"][1] == {
        "kind": "hold",
        "seconds": 10,
        "estimate_seconds": 10,
        "exercise": 0,
        "side": "both",
        "set_number": 1,
        "sets": 1,
        "reps": None,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reps": 5, "hold_seconds": 30}, "either reps or a hold"),
        ({}, "either reps or a hold"),
        ({"reps": 5, "sets": 0}, "sets must be at least 1"),
    ],
)
def test_a_prescription_must_be_reps_or_a_hold(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Prescription(slug="x", name="X", **kwargs)


def test_a_single_exercise_uses_its_default_prescription():
    class Exercise:
        slug, name = "lying-glutes-stretch", "Lying Glutes Stretch"
        hold_seconds, per_side, reps_per_side = 30, True, 1

    p = prescription_from_exercise(Exercise())
    assert (p.hold_seconds, p.per_side, p.sets, p.reps) == (30, True, 1, None)
    assert build_timeline([p]).total_seconds == 70


prescriptions = st.one_of(
    st.builds(
        hold,
        seconds=st.integers(1, 600),
        per_side=st.booleans(),
        sets=st.integers(1, 5),
        rest=st.integers(0, 120),
    ),
    st.builds(
        reps,
        count=st.integers(1, 50),
        per_side=st.booleans(),
        sets=st.integers(1, 5),
        rest=st.integers(0, 120),
    ),
)


@given(st.lists(prescriptions, min_size=1, max_size=8))
def test_the_total_is_work_plus_switches_plus_rests_plus_get_readies(items):
    line = build_timeline(items)
    work = sum(
        p.sets
        * (2 if p.per_side else 1)
        * (p.hold_seconds if p.is_timed else p.reps * SECONDS_PER_REP)
        for p in items
    )
    switches = sum(p.sets for p in items if p.per_side and p.is_timed) * SWITCH_SECONDS
    rests = sum(p.sets * p.rest_seconds for p in items) - items[-1].rest_seconds
    transitions = sum(5 for p in items[:-1] if p.rest_seconds == 0)
    assert line.total_seconds == GET_READY_SECONDS + work + switches + rests + transitions
    # Every exercise's own steps appear, in order, and each side of a per-side hold once a set.
    holds = [s for s in line.steps if s.kind == Kind.HOLD]
    assert len(holds) == sum(p.sets * (2 if p.per_side else 1) for p in items if p.is_timed)
    assert [s.exercise for s in line.steps] == sorted(s.exercise for s in line.steps)
    assert all(s.side in (Side.LEFT, Side.RIGHT) for s in holds if items[s.exercise].per_side)
