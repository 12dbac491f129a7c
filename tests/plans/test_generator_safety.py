"""Every safety rule of the generator, checked on random inputs over a catalogue that mixes
Forge's reviewed pages with imported, unreviewed, partner, prop and heavy exercises."""

from statistics import median

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Area, Category, Equipment, ExerciseVariation, Prop
from plans import generator, selectors, timeline
from plans.generator import GeneratorInput, generate
from plans.generator_rules import HEAVY, JUMPS, hold_range
from tests.factories import AREA_SLUGS, ExerciseFactory

pytestmark = pytest.mark.django_db
NO_DB_PER_EXAMPLE = [HealthCheck.function_scoped_fixture]
GOALS = [
    "flexibility",
    "low-back-relief",
    "desk-break",
    "post-run-recovery",
    "hips",
    "neck-and-shoulders",
    "strength-basics",
]
GENTLE = {"flexibility", "low-back-relief", "desk-break", "post-run-recovery"}
AREAS = AREA_SLUGS
EQUIPMENT = ["dumbbell", "barbell", "band", "bench", "bar", "strap", "box", "ab-wheel"]
POSITIONS = ["standing", "seated", "kneeling", "all-fours", "lying-back", "lying-front", ""]
MUSCLE_SETS = [
    (["hamstrings"], ["glutes"]),
    (["hip-flexors"], ["quadriceps"]),
    (["glutes"], ["adductors"]),
    (["lower-back"], ["glutes"]),
    (["neck"], ["traps"]),
    (["traps"], ["shoulders"]),
    (["chest"], ["shoulders", "triceps"]),
    (["quadriceps"], ["glutes", "calves"]),
    (["calves"], []),
    (["abdominals"], ["obliques"]),
    (["middle-back"], ["lats"]),
    (["shoulders"], []),
]


def _build(rng_index: int, **kwargs):
    target, secondary = MUSCLE_SETS[rng_index % len(MUSCLE_SETS)]
    props = kwargs.pop("props", [])
    loads = kwargs.pop("loads", [])
    exercise = ExerciseFactory.create(target=target, secondary=secondary, **kwargs)
    exercise.props.set(Prop.objects.filter(slug__in=props))
    exercise.loads.set(Area.objects.filter(slug__in=loads))
    return exercise


def build_mixed_catalogue():
    """About 170 exercises: every position, category and level, with the traps a careless
    generator falls into (unreviewed imports, partner moves, owned props, heavy lifts,
    jumps filed as stretches, kneeling drills) and easier variations."""
    categories = {c.slug: c for c in Category.objects.all()}
    equipment = {e.slug: e for e in Equipment.objects.all()}
    kinds = [
        ("stretching", {"hold_seconds": 30, "hold_seconds_min": 20, "hold_seconds_max": 60}),
        ("stretching", {}),  # an imported stretch with no hold set
        ("mobility", {"reps_per_side": 10}),
        ("strength", {}),
        ("cardio", {}),
        ("plyometrics", {}),
        ("olympic-weightlifting", {}),
        ("powerlifting", {}),
        ("strongman", {}),
    ]
    made = []
    n = 0
    for kind, extra in kinds:
        for position in POSITIONS:
            for level in ("beginner", "intermediate", "advanced"):
                n += 1
                tool = ["body-weight", "dumbbell", "barbell", "band"][n % 4]
                made.append(
                    _build(
                        n,
                        name=f"{kind} {position or 'unknown'} {level} {n:03d}",
                        category=categories[kind],
                        equipment=equipment[tool],
                        difficulty=level,
                        start_position=position,
                        per_side=n % 2 == 0,
                        reviewed=n % 5 != 0,  # every fifth is an unreviewed import
                        source="forge" if n % 5 else "free-exercise-db",
                        needs_partner=n % 7 == 0,
                        props=[["", "wall", "bar", "strap", "chair", "bench", "box"][n % 7]],
                        loads=["knees"] if n % 6 == 0 else [],
                        **extra,
                    )
                )
    # Easier variations: each intermediate exercise has its beginner sibling.
    by_name = {e.name.rsplit(" ", 1)[0]: e for e in made}
    for e in made:
        if " intermediate " in e.name:
            easier = by_name.get(e.name.rsplit(" ", 1)[0].replace("intermediate", "beginner"))
            if easier is not None:
                ExerciseVariation.objects.create(exercise=e, variation=easier, kind="easier")
    return made


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_mixed_catalogue()
        snapshot = selectors.generator_catalogue()
        transaction.set_rollback(True)
    return snapshot


inputs_strategy = st.builds(
    GeneratorInput,
    goal=st.sampled_from(GOALS),
    minutes=st.integers(5, 60),
    days_per_week=st.integers(1, 4),
    equipment=st.lists(st.sampled_from(EQUIPMENT), unique=True).map(lambda v: tuple(sorted(v))),
    level=st.sampled_from(generator.LEVELS),
    avoid=st.lists(st.sampled_from(AREAS), unique=True, max_size=3).map(lambda v: tuple(sorted(v))),
    seed=st.integers(0, 2**31 - 1),
)


def assert_safe(plan, catalogue):
    inputs, goal = plan.inputs, plan.goal
    target = inputs.minutes * 60
    owned = set(inputs.equipment) | {"body-weight"}
    cap = max(1, int(inputs.minutes / 2.5))
    eligible = set(plan.eligible)
    for day in plan.days:
        slugs = [item.exercise.slug for item in day.items]
        assert len(slugs) == len(set(slugs)), "the same exercise twice in a day"
        assert len(day.items) <= cap, (len(day.items), cap)
        seconds = timeline.build_timeline([i.prescription() for i in day.items]).total_seconds
        assert seconds == day.estimated_seconds
        if day.fits:
            assert abs(seconds - target) <= 0.1 * target
        else:
            assert plan.notice and seconds < 0.9 * target
        mains = [i for i in day.items if i.role == "main"]
        for index, item in enumerate(day.items):
            e = item.exercise
            assert e.reviewed
            assert not e.needs_partner
            assert e.equipment in owned
            for prop in e.props:
                assert not catalogue.props[prop][1] or prop in owned
            assert generator.LEVELS.index(e.difficulty) <= generator.LEVELS.index(inputs.level)
            if inputs.level == "beginner":
                assert e.category not in HEAVY
            if inputs.goal in GENTLE:
                assert e.category not in HEAVY | JUMPS
            if inputs.goal == "desk-break":
                assert e.start_position in {"standing", "seated"}
            # Loads: its own, its position's, and every area covering its muscles or body part.
            loaded = set(e.loads)
            if e.start_position in {"kneeling", "all-fours"}:
                loaded.add("knees")
            for area in catalogue.areas.values():
                if e.body_part in area.body_parts or (set(e.targets) | set(e.secondaries)) & (
                    area.muscles
                ):
                    loaded.add(area.slug)
            assert not loaded & set(inputs.avoid), (e.slug, loaded, inputs.avoid)
            # Schemes by category.
            holds = hold_range(e)
            if e.category in {"stretching", "cardio"}:
                assert item.hold_seconds is not None and item.reps is None
            if holds is not None and item.hold_seconds is not None:
                assert holds[0] <= item.hold_seconds <= holds[2]
            assert item.per_side == e.per_side
            if e.category == "strength":
                assert item.reps in (10, 12) and item.sets >= 2 and 45 <= item.rest_seconds <= 90
            if e.category in HEAVY:
                assert item.reps == 5 and 90 <= item.rest_seconds <= 180
            # The easier variation for beginners, where the plan could use it.
            if inputs.level == "beginner" and item.role == "main":
                for easier in e.easier:
                    assert (
                        easier not in eligible
                        or easier in slugs
                        or (
                            item.focus
                            not in generator.main_focuses(
                                next(x for x in catalogue.exercises if x.slug == easier), goal
                            )
                        )
                    )
            # Warm-up and cool-down reasons name exercises of this very day, in the right order.
            if item.role in ("warm-up", "cool-down"):
                named = [m for m in mains if m.exercise.name in item.reason]
                shares = [m for m in mains if m.exercise.muscles & e.muscles]
                if shares:
                    assert named, item.reason
                    assert all(m.exercise.muscles & e.muscles for m in named)
                later = day.items[index + 1 :] if item.role == "warm-up" else day.items[:index]
                assert all(m in later for m in named)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, *NO_DB_PER_EXAMPLE],
)
@given(inputs=inputs_strategy)
def test_every_plan_keeps_every_safety_rule(catalogue, inputs):
    assert_safe(generate(inputs, catalogue), catalogue)


def test_the_mixed_catalogue_really_holds_the_traps(catalogue):
    exercises = catalogue.exercises
    assert sum(not e.reviewed for e in exercises) >= 30
    assert sum(e.needs_partner for e in exercises) >= 20
    assert sum(e.category in HEAVY for e in exercises) >= 60
    assert sum("bar" in e.props for e in exercises) >= 20
    assert len(exercises) == 9 * 7 * 3


def test_a_long_session_is_filled_with_rounds_not_exercises(catalogue):
    inputs = GeneratorInput(
        goal="flexibility",
        minutes=60,
        days_per_week=3,
        equipment=("band", "barbell", "dumbbell"),
        level="advanced",
    )
    plan = generate(inputs, catalogue)
    counts = [len(day.items) for day in plan.days]
    assert max(counts) <= 24 and median(counts) <= 17
    assert all(day.fits for day in plan.days)
    assert any(item.sets > 1 for day in plan.days for item in day.items)


def test_rules_report_what_they_removed(catalogue):
    inputs = GeneratorInput(
        goal="desk-break",
        minutes=10,
        level="advanced",
        equipment=("band", "barbell", "dumbbell"),
        avoid=("knees",),
    )
    plan = generate(inputs, catalogue)
    assert set(plan.removed) == set(generator.RULE_NAMES)
    assert plan.removed["unreviewed"] == sum(not e.reviewed for e in catalogue.exercises)
    assert plan.removed["position"] > 0 and plan.removed["avoided area"] > 0
    assert sum(plan.removed.values()) + len(plan.eligible) == len(catalogue.exercises)


def test_unreviewed_pages_join_only_when_asked(catalogue):
    inputs = GeneratorInput(goal="hips", minutes=20, level="advanced", reviewed_only=False)
    plan = generate(inputs, catalogue)
    assert plan.removed["unreviewed"] == 0
    unreviewed = {e.slug for e in catalogue.exercises if not e.reviewed}
    assert unreviewed & set(plan.eligible)
