"""The generator's rules: which exercises a plan may use, and how each kind is prescribed.

Pure, like the generator: every function reads the plain records of
``plans.generator_records``.

Which exercises (:func:`exclusion` names the first rule an exercise fails, in this order):

- *unreviewed*: only pages an editor has reviewed (imports stay out until then);
- *partner*: never a move that needs a partner;
- *equipment*: only owned equipment (body weight always counts);
- *props*: a prop one has to own (a bar, a bench, a box, a strap, an ab wheel) counts like
  equipment; a wall, a chair, a step, a towel, a cushion, a doorway or a mat are at hand;
- *level*: nothing above the level asked;
- *heavy for a beginner*: no olympic weightlifting, powerlifting or strongman for beginners;
- *gentle goal*: gentle goals (flexibility, relief, recovery) have no jumps and no heavy lifts;
- *position*: a goal that names start positions (a desk break: standing or seated) takes only
  exercises that start in one of them;
- *avoided area*: nothing that loads an avoided area (:func:`loaded_areas`).
"""

from __future__ import annotations

from collections.abc import Callable

from plans.generator_records import (
    BODY_WEIGHT,
    LEVELS,
    PHASE_WORK,
    AreaRecord,
    Catalogue,
    ExerciseRecord,
    GeneratorInput,
    GoalRecord,
)

HEAVY = frozenset({"olympic-weightlifting", "powerlifting", "strongman"})
JUMPS = frozenset({"plyometrics"})
# Positions that put weight on joints whatever the muscles worked: kneeling loads the knees,
# all fours the knees and wrists, hanging the shoulders, elbows and wrists.
POSITION_LOADS = {
    "kneeling": ("knees",),
    "all-fours": ("knees", "wrists"),
    "hanging": ("shoulders", "elbows", "wrists"),
}


def loaded_areas(exercise: ExerciseRecord, areas: dict[str, AreaRecord]) -> set[str]:
    """The areas an exercise loads: those its ``loads`` name, those its start position puts
    weight on, and those that cover its body part or one of its target or secondary muscles."""
    loaded = set(exercise.loads)
    loaded.update(POSITION_LOADS.get(exercise.start_position, ()))
    muscles = exercise.muscles
    for area in areas.values():
        if exercise.body_part in area.body_parts or muscles & area.muscles:
            loaded.add(area.slug)
    return loaded


def _owned(inputs: GeneratorInput) -> set[str]:
    return set(inputs.equipment) | {BODY_WEIGHT}


RuleCheck = Callable[[ExerciseRecord, GeneratorInput, GoalRecord, Catalogue], bool]

# (name, check): the check is True when the rule leaves the exercise out.
RULES: tuple[tuple[str, RuleCheck], ...] = (
    ("unreviewed", lambda e, i, g, c: i.reviewed_only and not e.reviewed),
    ("partner", lambda e, i, g, c: e.needs_partner),
    ("equipment", lambda e, i, g, c: e.equipment not in _owned(i)),
    (
        "props",
        lambda e, i, g, c: any(c.props.get(p, ("", False))[1] for p in set(e.props) - _owned(i)),
    ),
    ("level", lambda e, i, g, c: LEVELS.index(e.difficulty) > LEVELS.index(i.level)),
    ("heavy for a beginner", lambda e, i, g, c: i.level == LEVELS[0] and e.category in HEAVY),
    ("gentle goal", lambda e, i, g, c: g.gentle and e.category in HEAVY | JUMPS),
    ("position", lambda e, i, g, c: bool(g.positions) and e.start_position not in g.positions),
    ("avoided area", lambda e, i, g, c: bool(loaded_areas(e, c.areas) & set(i.avoid))),
)
RULE_NAMES = tuple(name for name, _ in RULES)


def exclusion(
    exercise: ExerciseRecord, inputs: GeneratorInput, goal: GoalRecord, catalogue: Catalogue
) -> str | None:
    """The first rule that leaves the exercise out of this plan, or None when it may be used."""
    for name, check in RULES:
        if check(exercise, inputs, goal, catalogue):
            return name
    return None


# --- Schemes: how each kind of exercise is prescribed ------------------------------------

MAX_SETS = 4
# (minimum, default, maximum) hold for kinds done as holds when the page sets no range.
STRETCH_HOLD = (20, 30, 45)
CARDIO_HOLD = (30, 60, 180)


def hold_range(exercise: ExerciseRecord) -> tuple[int, int, int] | None:
    """The hold a timed item may take, or None for rep work. A stretch is always held (30 s
    by default when its page sets no hold), cardio is done for time."""
    if exercise.hold_seconds is not None:
        low = exercise.hold_min if exercise.hold_min is not None else exercise.hold_seconds
        high = exercise.hold_max if exercise.hold_max is not None else exercise.hold_seconds
        return low, exercise.hold_seconds, high
    if exercise.category == "stretching":
        return STRETCH_HOLD
    if exercise.category == "cardio":
        return CARDIO_HOLD
    return None


def rest_range(exercise: ExerciseRecord) -> tuple[int, int, int]:
    """(minimum, default, maximum) rest after a set, by the kind of work."""
    if exercise.category in HEAVY:
        return 90, 120, 180
    if exercise.category in JUMPS:
        return 45, 60, 90
    if exercise.category == "cardio":
        return 15, 30, 60
    if exercise.phase == PHASE_WORK:
        return 45, 60, 90
    return 5, 10, 30


def reps_for(exercise: ExerciseRecord, level: str) -> int:
    """Reps a set: the page's own count, else by kind (heavy lifts few, beginners more)."""
    if exercise.reps_per_side:
        return exercise.reps_per_side
    if exercise.category in HEAVY:
        return 5
    if exercise.category in JUMPS:
        return 8
    if exercise.phase == PHASE_WORK:
        return 12 if level == LEVELS[0] else 10
    return 10


def sets_for(exercise: ExerciseRecord, level: str) -> int:
    if exercise.phase == PHASE_WORK:
        return 2 if level == LEVELS[0] else 3
    return 1
