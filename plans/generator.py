"""The plan generator: a goal, a time budget and what a person owns → a plan that explains itself.

Pure: :func:`generate` takes a :class:`GeneratorInput` and a :class:`Catalogue` snapshot
(plain data, loaded by ``plans.selectors.generator_catalogue``) and returns a
:class:`GeneratedPlan`. It runs no query and writes nothing; saving is
``plans.services.plans.generated_plan_save``. Every duration comes from the timeline function
(``plans.timeline``), the same one the player and every page use.

How a day is built:

1. *Eligible* exercises: owned equipment only (body weight always counts), difficulty at or
   below the level, and neither the body part nor a target muscle in an avoided area.
2. The goal's ``warm_up_items`` mobility drills open the day and its ``cool_down_items``
   stretches close it; both must touch the goal's muscles or body parts.
3. Main exercises come from the goal's categories and target one of its muscles (or sit in
   one of its body parts). The week's picks are shared between the goal's muscles by weight
   (the D'Hondt rule: the muscle with the largest weight / (picks + 1) goes next); within a
   muscle, the exercise used least this week so far goes first, so days differ.
4. Picks stop when the next one would not fit; then prescriptions (hold, sets, rest, each
   inside the exercise's own range) grow until the day is as close as it gets to the minutes
   asked. When even the largest prescriptions fall short, the plan says so instead of
   padding the day with exercises that do not serve the goal.
5. Order: mobility first, then strength (and other hard work), then stretching; within each,
   standing → kneeling → floor, so a person changes position as little as possible.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from functools import lru_cache

from forge.lib.errors import InvalidInput
from plans import timeline

MIN_MINUTES, MAX_MINUTES = 5, 60
MIN_DAYS, MAX_DAYS = 1, 7
TOLERANCE = 0.10
MAX_SEED = 2**31 - 1
LEVELS = ("beginner", "intermediate", "advanced")
BODY_WEIGHT = "body-weight"

# Which muscles belong to which body area, for "areas to avoid". The traps sit in both the
# neck and the back: a sore neck should not be shrugged.
AREA_MUSCLES = {
    "legs": {
        "quadriceps",
        "hamstrings",
        "glutes",
        "calves",
        "adductors",
        "abductors",
        "hip-flexors",
    },
    "back": {"lats", "lower-back", "middle-back", "traps"},
    "chest": {"chest"},
    "shoulders": {"shoulders"},
    "arms": {"biceps", "triceps", "forearms"},
    "core": {"abdominals", "obliques"},
    "neck": {"neck", "traps"},
}

# Session order: warm-up and mobility, then the hard work, then stretches.
PHASE_MOBILITY, PHASE_WORK, PHASE_STRETCH = 0, 1, 2
STANDING, KNEELING, FLOOR = 0, 1, 2

VERBS = {
    "stretching": "Stretches",
    "mobility": "Loosens",
    "strength": "Strengthens",
    "cardio": "Raises your pulse and works",
    "plyometrics": "Builds spring in",
}

MAX_SETS = 4
HOLD_STEP = 5
REST_STEP = 5


def phase_of(category: str) -> int:
    if category == "mobility":
        return PHASE_MOBILITY
    if category == "stretching":
        return PHASE_STRETCH
    return PHASE_WORK


def position_of(first_step: str) -> int:
    """Where the body starts, read off the first step ("Stand tall…", "Kneel…", "Lie…")."""
    text = first_step.lower()
    if "stand" in text or "chair" in text:
        return STANDING
    if "kneel" in text or "hands and knees" in text:
        return KNEELING
    return FLOOR


# --- Inputs and the catalogue snapshot ------------------------------------------------------


@dataclass(frozen=True)
class GeneratorInput:
    goal: str
    minutes: int
    days_per_week: int = 3
    equipment: tuple[str, ...] = ()
    level: str = "beginner"
    avoid: tuple[str, ...] = ()
    seed: int = 0

    def with_seed(self, seed: int) -> GeneratorInput:
        return replace(self, seed=seed)


@dataclass(frozen=True)
class ExerciseRecord:
    pk: int
    slug: str
    name: str
    body_part: str
    equipment: str
    category: str
    difficulty: str
    targets: tuple[str, ...]
    secondaries: tuple[str, ...] = ()
    hold_seconds: int | None = None
    hold_min: int | None = None
    hold_max: int | None = None
    per_side: bool = False
    reps_per_side: int | None = None
    position: int = STANDING

    @property
    def phase(self) -> int:
        return phase_of(self.category)

    @property
    def is_timed(self) -> bool:
        return self.hold_seconds is not None


@dataclass(frozen=True)
class GoalRecord:
    slug: str
    name: str
    categories: tuple[str, ...]
    # slug → (weight, why); body parts slug → weight
    muscles: dict[str, tuple[int, str]]
    body_parts: dict[str, int] = field(default_factory=dict)
    description: str = ""
    warm_up_items: int = 1
    cool_down_items: int = 0

    def focus_weights(self) -> dict[str, int]:
        """The keys the week is shared between: muscles, and body parts as ``part:<slug>``."""
        weights = {slug: weight for slug, (weight, _) in self.muscles.items()}
        weights.update({f"part:{slug}": weight for slug, weight in self.body_parts.items()})
        return weights


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[ExerciseRecord, ...]
    goals: dict[str, GoalRecord]
    equipment: dict[str, str]  # slug → name
    body_parts: dict[str, str]
    muscles: dict[str, str]


# --- Output ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedItem:
    exercise: ExerciseRecord
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    rest_seconds: int
    role: str  # "warm-up", "main" or "cool-down"
    focus: str | None  # the goal muscle (or "part:<slug>") a main item was picked for
    reason: str = ""

    @property
    def seconds(self) -> int:
        """This item on its own (sets, side switches, rests between its sets)."""
        return timeline.build_timeline([self.prescription()], get_ready=0).total_seconds

    @property
    def prescription_text(self) -> str:
        return prescription_words(self)

    def prescription(self) -> timeline.Prescription:
        return timeline.Prescription(
            slug=self.exercise.slug,
            name=self.exercise.name,
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )


@dataclass(frozen=True)
class GeneratedDay:
    name: str
    items: tuple[GeneratedItem, ...]
    estimated_seconds: int
    fits: bool


@dataclass(frozen=True)
class GeneratedPlan:
    inputs: GeneratorInput
    goal: GoalRecord
    name: str
    description: str
    days: tuple[GeneratedDay, ...]
    notice: str = ""
    # Every exercise the rules allowed (for the record, and for tests of the rules).
    eligible: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return all(day.fits for day in self.days)

    @property
    def target_seconds(self) -> int:
        return self.inputs.minutes * 60


# --- Validation -----------------------------------------------------------------------------


def validate(inputs: GeneratorInput, catalogue: Catalogue) -> None:
    """Refuse input that names nothing real; every message names its field."""
    if inputs.goal not in catalogue.goals:
        raise InvalidInput(f"There is no goal “{inputs.goal}”.", field="goal")
    if not MIN_MINUTES <= inputs.minutes <= MAX_MINUTES:
        raise InvalidInput(
            f"Choose between {MIN_MINUTES} and {MAX_MINUTES} minutes.", field="minutes"
        )
    if not MIN_DAYS <= inputs.days_per_week <= MAX_DAYS:
        raise InvalidInput(
            f"Choose between {MIN_DAYS} and {MAX_DAYS} sessions a week.", field="days_per_week"
        )
    if inputs.level not in LEVELS:
        raise InvalidInput(f"There is no level “{inputs.level}”.", field="level")
    unknown = sorted(set(inputs.equipment) - set(catalogue.equipment))
    if unknown:
        raise InvalidInput(f"Unknown equipment: {', '.join(unknown)}.", field="equipment")
    unknown = sorted(set(inputs.avoid) - set(catalogue.body_parts))
    if unknown:
        raise InvalidInput(f"Unknown body areas: {', '.join(unknown)}.", field="avoid")


# --- The rules ------------------------------------------------------------------------------


def avoided_muscles(avoid) -> set[str]:
    return set().union(*(AREA_MUSCLES.get(area, set()) for area in avoid)) if avoid else set()


def is_eligible(exercise: ExerciseRecord, inputs: GeneratorInput) -> bool:
    owned = set(inputs.equipment) | {BODY_WEIGHT}
    if exercise.equipment not in owned:
        return False
    if LEVELS.index(exercise.difficulty) > LEVELS.index(inputs.level):
        return False
    if exercise.body_part in inputs.avoid:
        return False
    return not (set(exercise.targets) & avoided_muscles(inputs.avoid))


def main_focuses(exercise: ExerciseRecord, goal: GoalRecord) -> list[str]:
    """The goal's focus keys this exercise can be picked for as main work."""
    if exercise.category not in goal.categories:
        return []
    keys = [m for m in exercise.targets if m in goal.muscles]
    if exercise.body_part in goal.body_parts:
        keys.append(f"part:{exercise.body_part}")
    return keys


def touches_goal(exercise: ExerciseRecord, goal: GoalRecord) -> bool:
    """Related enough to warm up or cool down for this goal."""
    muscles = set(exercise.targets) | set(exercise.secondaries)
    return bool(
        muscles & set(goal.muscles)
        or exercise.body_part in goal.body_parts
        or exercise.body_part == "full-body"
    )


# --- Prescriptions and their durations (always through the timeline) -----------------------


@lru_cache(maxsize=65536)
def _cost(sets: int, reps: int | None, hold: int | None, per_side: bool, rest: int, last: bool):
    """Seconds an item adds to a day, from the timeline: alone when last, else followed."""
    item = timeline.Prescription("x", "x", sets, reps, hold, per_side, rest)
    if last:
        return timeline.build_timeline([item], get_ready=0).total_seconds
    follower = timeline.Prescription("y", "y", reps=1)
    pair = timeline.build_timeline([item, follower], get_ready=0).total_seconds
    return pair - timeline.build_timeline([follower], get_ready=0).total_seconds


def _item_cost(item: GeneratedItem, last: bool) -> int:
    return _cost(item.sets, item.reps, item.hold_seconds, item.per_side, item.rest_seconds, last)


def _day_seconds(items) -> int:
    """A day's length: the get-ready plus each item's share, all read off the timeline."""
    if not items:
        return 0
    first_ready = timeline.build_timeline([items[0].prescription()]).total_seconds - _item_cost(
        items[0], True
    )
    return first_ready + sum(_item_cost(item, i == len(items) - 1) for i, item in enumerate(items))


def _rest_range(exercise: ExerciseRecord) -> tuple[int, int, int]:
    """(minimum, default, maximum) rest after a set."""
    if exercise.phase == PHASE_WORK:
        return 30, 45, 90
    return 5, 10, 30


def default_item(exercise: ExerciseRecord, *, role: str, focus: str | None, level: str):
    rest = _rest_range(exercise)[1]
    if exercise.is_timed:
        sets = exercise.reps_per_side or 1
        if exercise.phase == PHASE_WORK:  # a plank: a few holds
            sets = max(sets, 2)
        return GeneratedItem(
            exercise, min(sets, MAX_SETS), None, exercise.hold_seconds, exercise.per_side,
            rest, role, focus,
        )  # fmt: skip
    reps = exercise.reps_per_side or 10
    sets = (2 if level == "beginner" else 3) if exercise.phase == PHASE_WORK else 1
    return GeneratedItem(exercise, sets, reps, None, exercise.per_side, rest, role, focus)


def _grow(item: GeneratedItem) -> list[GeneratedItem]:
    """One step larger, each within the exercise's own range (hold first, then sets, rest)."""
    exercise = item.exercise
    options = []
    # A record with a default hold but no range (the catalogue sets all three together)
    # keeps its hold.
    hold, hold_max = item.hold_seconds, exercise.hold_max
    if hold is not None and hold_max is not None and hold + HOLD_STEP <= hold_max:
        options.append(replace(item, hold_seconds=hold + HOLD_STEP))
    if item.sets < MAX_SETS:
        options.append(replace(item, sets=item.sets + 1))
    if item.rest_seconds + REST_STEP <= _rest_range(exercise)[2]:
        options.append(replace(item, rest_seconds=item.rest_seconds + REST_STEP))
    return options


def _shrink(item: GeneratedItem) -> list[GeneratedItem]:
    exercise = item.exercise
    options = []
    if item.rest_seconds - REST_STEP >= _rest_range(exercise)[0]:
        options.append(replace(item, rest_seconds=item.rest_seconds - REST_STEP))
    if item.sets > 1:
        options.append(replace(item, sets=item.sets - 1))
    hold, hold_min = item.hold_seconds, exercise.hold_min
    if hold is not None and hold_min is not None and hold - HOLD_STEP >= hold_min:
        options.append(replace(item, hold_seconds=hold - HOLD_STEP))
    return options


def _tune(items: list[GeneratedItem], target: int) -> list[GeneratedItem]:
    """Grow (or shrink) prescriptions, spread over the items, toward the target length."""
    items = list(items)
    total = _day_seconds(items)
    steps = [0] * len(items)
    high, low = target * (1 + TOLERANCE / 2), target * (1 - TOLERANCE / 2)
    for _ in range(400):
        if low <= total <= high:
            break
        growing = total < target
        best = None
        order = sorted(range(len(items)), key=lambda i: (steps[i] if growing else -steps[i], i))
        for i in order:
            for option in _grow(items[i]) if growing else _shrink(items[i]):
                last = i == len(items) - 1
                new_total = total - _item_cost(items[i], last) + _item_cost(option, last)
                if abs(new_total - target) < abs(total - target):
                    best = (i, option, new_total)
                    break
            if best:
                break
        if best is None:
            break
        i, option, total = best
        items[i] = option
        steps[i] += 1 if growing else -1
    return items


# --- Reasons ----------------------------------------------------------------------------------


def prescription_words(item: GeneratedItem) -> str:
    side = " each side" if item.per_side else ""
    if item.hold_seconds is not None:
        text = f"{item.hold_seconds} s{side}"
        return f"{text}, {item.sets} rounds" if item.sets > 1 else text
    text = f"{item.reps} reps{side}"
    if item.sets > 1:
        text = f"{item.sets} sets of {text}"
        if item.rest_seconds:
            text += f", {item.rest_seconds} s rest"
    return text


def _names(slugs, catalogue: Catalogue) -> str:
    names = [catalogue.muscles.get(slug, slug).lower() for slug in slugs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _main_focus(item: GeneratedItem) -> str:
    """The goal muscle (or "part:<slug>") a main item was picked for: every one has one."""
    if item.focus is None:
        raise ValueError(f"The main item {item.exercise.slug} was picked for no focus.")
    return item.focus


def reason_for(item: GeneratedItem, goal: GoalRecord, catalogue: Catalogue) -> str:
    exercise = item.exercise
    rx = prescription_words(item)
    if item.role == "warm-up":
        return f"Warms up the {_names(exercise.targets, catalogue)} for what follows; {rx}."
    if item.role == "cool-down":
        return f"Eases the {_names(exercise.targets, catalogue)} after the work; {rx}."
    verb = VERBS.get(exercise.category, "Works")
    if item.focus and item.focus.startswith("part:"):
        part = catalogue.body_parts.get(item.focus[5:], item.focus[5:]).lower()
        return f"{verb} your {part}, part of the {goal.name.lower()} goal; {rx}."
    focus = _main_focus(item)
    why = goal.muscles[focus][1]
    muscle = catalogue.muscles.get(focus, focus).lower()
    middle = f"{verb} the {muscle}, {why}" if why else f"{verb} the {muscle}"
    return f"{middle}; {rx}."


# --- The generator ------------------------------------------------------------------------


STAGES = {"warm-up": 0, "cool-down": 4}


def sort_key(item: GeneratedItem) -> tuple[int, int]:
    """(stage, position): warm-up, mobility, hard work, stretches, cool-down; and within
    each stage standing → kneeling → floor. A generated day never goes back on either."""
    stage = STAGES.get(item.role, 1 + item.exercise.phase)
    return (stage, item.exercise.position)


def _order(items: list[GeneratedItem]) -> list[GeneratedItem]:
    return sorted(items, key=lambda item: (*sort_key(item), item.exercise.slug))


def _seeded_rank(inputs: GeneratorInput, slug: str) -> bytes:
    return hashlib.blake2b(f"{inputs.goal}:{inputs.seed}:{slug}".encode(), digest_size=8).digest()


class _Week:
    """What the week has used so far: picks per focus, uses per exercise."""

    def __init__(self, goal: GoalRecord, rng: random.Random):
        self.weights = goal.focus_weights()
        self.picks = dict.fromkeys(self.weights, 0)
        self.uses: dict[str, int] = {}
        # A fixed, seeded order to break ties between equal weights and equal exercises.
        keys = sorted(self.weights)
        rng.shuffle(keys)
        self.tiebreak = {key: i for i, key in enumerate(keys)}

    def next_focus(self, available: set[str]) -> str | None:
        if not available:
            return None
        return max(
            available,
            key=lambda k: (
                self.weights[k] / (self.picks[k] + 1),
                self.weights[k],
                -self.tiebreak[k],
            ),
        )


def generate(inputs: GeneratorInput, catalogue: Catalogue) -> GeneratedPlan:
    validate(inputs, catalogue)
    goal = catalogue.goals[inputs.goal]
    rng = random.Random(f"{inputs.goal}:{inputs.seed}")
    target = inputs.minutes * 60
    eligible = [e for e in catalogue.exercises if is_eligible(e, inputs)]
    # Each exercise's place in the seeded order depends on its slug alone, not on which
    # other exercises the snapshot holds: a snapshot narrowed to the inputs gives the same plan.
    rank = {e.slug: _seeded_rank(inputs, e.slug) for e in eligible}
    shuffled = sorted(eligible, key=lambda e: rank[e.slug])
    main_pool = {e.slug: main_focuses(e, goal) for e in eligible}
    main_pool = {slug: keys for slug, keys in main_pool.items() if keys}
    by_slug = {e.slug: e for e in eligible}
    week = _Week(goal, rng)
    context = _DayContext(
        inputs=inputs,
        goal=goal,
        target=target,
        week=week,
        main_pool=main_pool,
        by_slug=by_slug,
        rank=rank,
        warm_pool=tuple(e for e in shuffled if e.category == "mobility" and touches_goal(e, goal)),
        cool_pool=tuple(
            e for e in shuffled if e.category == "stretching" and touches_goal(e, goal)
        ),
    )

    days = []
    previous: list[frozenset[str]] = []
    for number in range(1, inputs.days_per_week + 1):
        items = _build_day(context)
        items = _vary(items, previous, context)
        previous.append(frozenset(i.exercise.slug for i in items))
        for item in items:
            week.uses[item.exercise.slug] = week.uses.get(item.exercise.slug, 0) + 1
            if item.role == "main":
                week.picks[_main_focus(item)] += 1
        items = [replace(i, reason=reason_for(i, goal, catalogue)) for i in _order(items)]
        seconds = timeline.build_timeline([i.prescription() for i in items]).total_seconds
        fits = abs(seconds - target) <= target * TOLERANCE
        days.append(GeneratedDay(f"Day {number}", tuple(items), seconds, fits))

    notice = ""
    if not all(day.fits for day in days):
        shortest = min(day.estimated_seconds for day in days)
        notice = (
            f"Forge has too few {goal.name.lower()} exercises for your equipment, level and "
            f"areas to fill {inputs.minutes} minutes without repeating one or straying from "
            f"the goal. This is the closest plan: about {round(shortest / 60)} minutes "
            "a session. Adding equipment or removing an area to avoid gives it more to "
            "choose from."
        )
    sessions = "1 session" if inputs.days_per_week == 1 else f"{inputs.days_per_week} sessions"
    return GeneratedPlan(
        inputs=inputs,
        goal=goal,
        name=f"{goal.name}: {inputs.minutes} minutes",
        description=f"Made by the Forge generator: {goal.name.lower()}, {sessions} a week, "
        f"{inputs.minutes} minutes each, {inputs.level} level.",
        days=tuple(days),
        notice=notice,
        eligible=tuple(e.slug for e in eligible),
    )


@dataclass(frozen=True)
class _DayContext:
    """What each day of one plan is built from. Fixed for the plan, except ``week``, which
    counts what the days so far have used."""

    inputs: GeneratorInput
    goal: GoalRecord
    target: int  # seconds a day should last
    week: _Week
    main_pool: dict[str, list[str]]  # slug → the focus keys it can be main work for
    by_slug: dict[str, ExerciseRecord]
    rank: dict[str, bytes]  # slug → its place in the seeded order
    warm_pool: tuple[ExerciseRecord, ...]  # in the seeded order
    cool_pool: tuple[ExerciseRecord, ...]


def _pick_extra(
    context: _DayContext,
    pool: tuple[ExerciseRecord, ...],
    used: set[str],
    count: int,
    role: str,
) -> list[GeneratedItem]:
    """Warm-up drills (standing ones first: the day starts on its feet) or cool-down
    stretches, the least used this week first."""
    week, rank = context.week, context.rank

    def key(e: ExerciseRecord) -> tuple[int, int, bytes]:
        position = e.position if role == "warm-up" else 0
        return (week.uses.get(e.slug, 0), position, rank[e.slug])

    chosen: list[GeneratedItem] = []
    for exercise in sorted(pool, key=key):
        if len(chosen) == count:
            break
        if exercise.slug not in used:
            chosen.append(default_item(exercise, role=role, focus=None, level=context.inputs.level))
            used.add(exercise.slug)
    return chosen


def _build_day(context: _DayContext) -> list[GeneratedItem]:
    goal, week, rank, target = context.goal, context.week, context.rank, context.target
    used: set[str] = set()
    warm = _pick_extra(context, context.warm_pool, used, goal.warm_up_items, "warm-up")
    cool = _pick_extra(context, context.cool_pool, used, goal.cool_down_items, "cool-down")
    items = warm + cool
    # Picks of this day count toward the week's shares as they are made.
    picks = dict(week.picks)
    while True:
        available: dict[str, list[str]] = {}
        for slug, keys in context.main_pool.items():
            if slug not in used:
                for key in keys:
                    available.setdefault(key, []).append(slug)
        saved = week.picks
        week.picks = picks
        focus = week.next_focus(set(available))
        week.picks = saved
        if focus is None:
            break
        slug = min(available[focus], key=lambda s: (week.uses.get(s, 0), rank[s]))
        item = default_item(
            context.by_slug[slug], role="main", focus=focus, level=context.inputs.level
        )
        if items and _day_seconds(_order([*items, item])) > target * (1 + TOLERANCE / 2):
            break
        items.append(item)
        used.add(slug)
        picks[focus] += 1
    if not items:
        return []
    return _tune(_order(items), target)


def _vary(
    items: list[GeneratedItem], previous: list[frozenset[str]], context: _DayContext
) -> list[GeneratedItem]:
    """A day that repeats an earlier one swaps a main exercise for another of the same focus
    (the least used this week first), until it matches no earlier day."""
    week, rank = context.week, context.rank
    slugs = frozenset(i.exercise.slug for i in items)
    if slugs not in previous:
        return items
    for index in reversed(range(len(items))):
        item = items[index]
        if item.role != "main":
            continue
        others = [
            s for s, keys in context.main_pool.items() if item.focus in keys and s not in slugs
        ]
        for slug in sorted(others, key=lambda s: (week.uses.get(s, 0), rank[s])):
            if slugs - {item.exercise.slug} | {slug} in previous:
                continue
            swapped = list(items)
            swapped[index] = default_item(
                context.by_slug[slug], role="main", focus=item.focus, level=context.inputs.level
            )
            return _tune(_order(swapped), context.target)
    return items
