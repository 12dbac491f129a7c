"""The plan generator: a goal, a time budget and what a person owns → a plan that explains itself.

Pure: :func:`generate` takes a :class:`GeneratorInput` and a :class:`Catalogue` snapshot
(plain data, loaded by ``plans.selectors.generator_catalogue``) and returns a
:class:`GeneratedPlan`. It runs no query and writes nothing; saving is
``plans.services.plans.generated_plan_save``. Every duration comes from the timeline function
(``plans.timeline``), the same one the player and every page use.

How a day is built:

1. *Eligible* exercises pass every rule of ``plans.generator_rules``: reviewed pages only, no
   partner moves, owned equipment and props, the level, no heavy lifts for beginners, no jumps
   or heavy lifts for gentle goals, the goal's start positions, and nothing that loads an
   avoided area (by its loads, start position, body part, target or secondary muscles).
2. The goal's ``warm_up_items`` mobility drills open the day and its ``cool_down_items``
   stretches close it; once the main work is chosen they are the ones that share the most
   muscles with it, and their reasons name what they prepare for or ease.
3. Main exercises come from the goal's categories and target one of its muscles (or sit in
   one of its body parts). The week's picks are shared between the goal's muscles by weight
   (the D'Hondt rule: the muscle with the largest weight / (picks + 1) goes next); within a
   muscle, the exercise used least this week so far goes first, so days differ. A beginner
   gets an exercise's easier variation where the plan may use it.
4. A followable day: at most one exercise per 2.5 minutes asked, and picks stop as soon as
   the exercises chosen could fill the time at their largest prescriptions. Prescriptions
   (holds, rounds, rests, each inside the exercise's range) then grow until the day is as
   close as it gets to the minutes asked. When even the largest prescriptions fall short,
   the plan says so instead of padding the day with exercises that do not serve the goal.
5. Order: mobility first, then strength (and other hard work), then stretching; within each,
   standing → seated → kneeling → floor, so a person changes position as little as possible.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from forge.lib.errors import InvalidInput
from plans import timeline
from plans.generator_records import (
    BODY_WEIGHT,
    FLOOR,
    KNEELING,
    LEVELS,
    PHASE_MOBILITY,
    PHASE_STRETCH,
    PHASE_WORK,
    SEATED,
    STANDING,
    AreaRecord,
    Catalogue,
    ExerciseRecord,
    GeneratedDay,
    GeneratedItem,
    GeneratedPlan,
    GeneratorInput,
    GoalRecord,
    phase_of,
    position_of,
    position_rank,
    prescription_words,
)
from plans.generator_rules import (
    MAX_SETS,
    RULE_NAMES,
    exclusion,
    hold_range,
    loaded_areas,
    reps_for,
    rest_range,
    sets_for,
)

__all__ = [
    "BODY_WEIGHT",
    "FLOOR",
    "KNEELING",
    "LEVELS",
    "PHASE_MOBILITY",
    "PHASE_STRETCH",
    "PHASE_WORK",
    "RULE_NAMES",
    "SEATED",
    "STANDING",
    "AreaRecord",
    "Catalogue",
    "ExerciseRecord",
    "GeneratedDay",
    "GeneratedItem",
    "GeneratedPlan",
    "GeneratorInput",
    "GoalRecord",
    "exclusion",
    "generate",
    "loaded_areas",
    "phase_of",
    "position_of",
    "position_rank",
    "prescription_words",
]

MIN_MINUTES, MAX_MINUTES = 5, 60
MIN_DAYS, MAX_DAYS = 1, 7
TOLERANCE = 0.10
MAX_SEED = 2**31 - 1
# A followable day: at most one exercise per this many minutes asked.
MINUTES_PER_EXERCISE = 2.5
# Picks aim at one exercise per this many minutes, and stop there once the exercises chosen,
# at their largest prescriptions, could fill the time: the rest is filled with rounds and
# longer holds, not with more exercises.
MINUTES_PER_PICK = 3.5
FILL_RATIO = 1.05

# Why a main item is there, by its category: toward a body part of the goal, or a muscle (with
# the goal's reason for it, or without). Whole sentences, so that each reads well translated.
PART_REASONS = {
    "stretching": gettext_lazy("Stretches your %(part)s, part of the %(goal)s goal; %(rx)s."),
    "mobility": gettext_lazy("Loosens your %(part)s, part of the %(goal)s goal; %(rx)s."),
    "strength": gettext_lazy("Strengthens your %(part)s, part of the %(goal)s goal; %(rx)s."),
    "cardio": gettext_lazy(
        "Raises your pulse and works your %(part)s, part of the %(goal)s goal; %(rx)s."
    ),
    "plyometrics": gettext_lazy(
        "Builds spring in your %(part)s, part of the %(goal)s goal; %(rx)s."
    ),
    "": gettext_lazy("Works your %(part)s, part of the %(goal)s goal; %(rx)s."),
}
MUSCLE_REASONS = {
    "stretching": gettext_lazy("Stretches the %(muscle)s; %(rx)s."),
    "mobility": gettext_lazy("Loosens the %(muscle)s; %(rx)s."),
    "strength": gettext_lazy("Strengthens the %(muscle)s; %(rx)s."),
    "cardio": gettext_lazy("Raises your pulse and works the %(muscle)s; %(rx)s."),
    "plyometrics": gettext_lazy("Builds spring in the %(muscle)s; %(rx)s."),
    "": gettext_lazy("Works the %(muscle)s; %(rx)s."),
}
MUSCLE_WHY_REASONS = {
    "stretching": gettext_lazy("Stretches the %(muscle)s, %(why)s; %(rx)s."),
    "mobility": gettext_lazy("Loosens the %(muscle)s, %(why)s; %(rx)s."),
    "strength": gettext_lazy("Strengthens the %(muscle)s, %(why)s; %(rx)s."),
    "cardio": gettext_lazy("Raises your pulse and works the %(muscle)s, %(why)s; %(rx)s."),
    "plyometrics": gettext_lazy("Builds spring in the %(muscle)s, %(why)s; %(rx)s."),
    "": gettext_lazy("Works the %(muscle)s, %(why)s; %(rx)s."),
}

HOLD_STEP = 5
REST_STEP = 5
# A warm-up or cool-down stays short: at most this many rounds.
MAX_EXTRA_SETS = 2


def exercise_cap(minutes: int) -> int:
    """The most exercises a day of this length holds."""
    return max(1, int(minutes / MINUTES_PER_EXERCISE))


def exercise_aim(minutes: int) -> int:
    """How many exercises a day of this length usually holds."""
    return min(exercise_cap(minutes), max(2, round(minutes / MINUTES_PER_PICK)))


# --- Validation -----------------------------------------------------------------------------


def validate(inputs: GeneratorInput, catalogue: Catalogue) -> None:
    """Refuse input that names nothing real; every message names its field."""
    if inputs.goal not in catalogue.goals:
        raise InvalidInput(
            _("There is no goal “%(value)s”.") % {"value": inputs.goal}, field="goal"
        )
    if not MIN_MINUTES <= inputs.minutes <= MAX_MINUTES:
        raise InvalidInput(
            _("Choose between %(low)s and %(high)s minutes.")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES},
            field="minutes",
        )
    if not MIN_DAYS <= inputs.days_per_week <= MAX_DAYS:
        raise InvalidInput(
            _("Choose between %(low)s and %(high)s sessions a week.")
            % {"low": MIN_DAYS, "high": MAX_DAYS},
            field="days_per_week",
        )
    if inputs.level not in LEVELS:
        raise InvalidInput(
            _("There is no level “%(value)s”.") % {"value": inputs.level}, field="level"
        )
    unknown = sorted(set(inputs.equipment) - set(catalogue.equipment) - set(catalogue.owned_props))
    if unknown:
        raise InvalidInput(
            _("Unknown equipment: %(values)s.") % {"values": ", ".join(unknown)}, field="equipment"
        )
    unknown = sorted(set(inputs.avoid) - set(catalogue.areas))
    if unknown:
        raise InvalidInput(
            _("Unknown areas: %(values)s.") % {"values": ", ".join(unknown)}, field="avoid"
        )


# --- The rules (see plans.generator_rules) ----------------------------------------------------


def is_eligible(exercise: ExerciseRecord, inputs: GeneratorInput, catalogue: Catalogue) -> bool:
    goal = catalogue.goals[inputs.goal]
    return exclusion(exercise, inputs, goal, catalogue) is None


# A level as the generated plan's description names it ("beginner level").
_LEVEL_NAMES = {
    "beginner": gettext_lazy("beginner"),
    "intermediate": gettext_lazy("intermediate"),
    "advanced": gettext_lazy("advanced"),
}


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
    return bool(
        exercise.muscles & set(goal.muscles)
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


def default_item(exercise: ExerciseRecord, *, role: str, focus: str | None, level: str):
    """The exercise at its usual prescription: holds for stretches (per side when one-sided),
    sets of reps with a fitting rest for strength, few heavy reps with long rests for lifts."""
    rest = rest_range(exercise)[1]
    holds = hold_range(exercise)
    if holds is not None:
        sets = exercise.reps_per_side if exercise.is_timed and exercise.reps_per_side else 1
        if exercise.phase == PHASE_WORK:  # a plank, an interval: a few rounds
            sets = max(sets, 2)
        return GeneratedItem(
            exercise, min(sets, MAX_SETS), None, holds[1], exercise.per_side, rest, role, focus
        )
    return GeneratedItem(
        exercise,
        sets_for(exercise, level),
        reps_for(exercise, level),
        None,
        exercise.per_side,
        rest,
        role,
        focus,
    )


def _max_sets(item: GeneratedItem) -> int:
    return MAX_SETS if item.role == "main" else max(item.sets, MAX_EXTRA_SETS)


def _largest(item: GeneratedItem) -> GeneratedItem:
    """The item at the top of every range it may grow in."""
    holds = hold_range(item.exercise)
    return replace(
        item,
        sets=max(item.sets, _max_sets(item)),
        hold_seconds=holds[2] if holds is not None and item.hold_seconds is not None else None,
        rest_seconds=rest_range(item.exercise)[2],
    )


def _grow(item: GeneratedItem) -> list[GeneratedItem]:
    """One step larger, each within the exercise's own range (hold first, then sets, rest)."""
    options = []
    holds = hold_range(item.exercise)
    hold = item.hold_seconds
    if hold is not None and holds is not None and hold + HOLD_STEP <= holds[2]:
        options.append(replace(item, hold_seconds=hold + HOLD_STEP))
    if item.sets < _max_sets(item):
        options.append(replace(item, sets=item.sets + 1))
    if item.rest_seconds + REST_STEP <= rest_range(item.exercise)[2]:
        options.append(replace(item, rest_seconds=item.rest_seconds + REST_STEP))
    return options


def _shrink(item: GeneratedItem) -> list[GeneratedItem]:
    options = []
    if item.rest_seconds - REST_STEP >= rest_range(item.exercise)[0]:
        options.append(replace(item, rest_seconds=item.rest_seconds - REST_STEP))
    if item.sets > 1:
        options.append(replace(item, sets=item.sets - 1))
    holds = hold_range(item.exercise)
    hold = item.hold_seconds
    if hold is not None and holds is not None and hold - HOLD_STEP >= holds[0]:
        options.append(replace(item, hold_seconds=hold - HOLD_STEP))
    return options


def _tune(items: list[GeneratedItem], target: int) -> list[GeneratedItem]:
    """Grow (or shrink) prescriptions, spread over the items, toward the target length."""
    items = list(items)
    total = _day_seconds(items)
    steps = [0] * len(items)
    high, low = target * (1 + TOLERANCE / 2), target * (1 - TOLERANCE / 2)
    for _round in range(600):
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


def _in_sentence(name: str) -> str:
    """A vocabulary name inside a sentence: lower case, except in German (its nouns keep
    their capital)."""
    return name if get_language() == "de" else name.lower()


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _names(slugs, catalogue: Catalogue) -> str:
    return _join([_in_sentence(catalogue.muscles.get(slug, slug)) for slug in slugs])


def _exercise_names(items: list[GeneratedItem]) -> str:
    names = [item.exercise.name for item in items]
    if len(names) > 3:
        return _("%(first)s and %(count)s more") % {
            "first": ", ".join(names[:2]),
            "count": len(names) - 2,
        }
    return _join(names)


def _main_focus(item: GeneratedItem) -> str:
    """The goal muscle (or "part:<slug>") a main item was picked for: every one has one."""
    if item.focus is None:
        raise ValueError(f"The main item {item.exercise.slug} was picked for no focus.")
    return item.focus


def _shared(item: GeneratedItem, others: list[GeneratedItem]) -> list[str]:
    """The muscles of `item` the other items also work, in a stable order."""
    theirs = set().union(*(other.exercise.muscles for other in others)) if others else set()
    return sorted(item.exercise.muscles & theirs)


def reason_for(
    item: GeneratedItem, goal: GoalRecord, catalogue: Catalogue, day: list[GeneratedItem]
) -> str:
    """Why the item is in the day, in one line ending with its prescription. Warm-ups and
    cool-downs name what they prepare for or recover from in this very day."""
    exercise = item.exercise
    rx = prescription_words(item)
    main = [other for other in day if other.role == "main"]
    if item.role == "warm-up":
        shared = _shared(item, main)
        if shared and main:
            users = [m for m in main if m.exercise.muscles & set(shared)]
            return ngettext(
                "Warms up the %(muscles)s that %(exercises)s works next; %(rx)s.",
                "Warms up the %(muscles)s that %(exercises)s work next; %(rx)s.",
                len(users),
            ) % {
                "muscles": _names(shared, catalogue),
                "exercises": _exercise_names(users),
                "rx": rx,
            }
        if main:
            return _("Gets you moving before %(name)s; %(rx)s.") % {
                "name": main[0].exercise.name,
                "rx": rx,
            }
        return _("Gets you moving to start the session; %(rx)s.") % {"rx": rx}
    if item.role == "cool-down":
        shared = _shared(item, main)
        if shared and main:
            users = [m for m in main if m.exercise.muscles & set(shared)]
            return _("Eases the %(muscles)s after %(exercises)s; %(rx)s.") % {
                "muscles": _names(shared, catalogue),
                "exercises": _exercise_names(users),
                "rx": rx,
            }
        if main:
            return _("Winds the session down after %(name)s; %(rx)s.") % {
                "name": main[-1].exercise.name,
                "rx": rx,
            }
        return _("Winds the session down to end the session; %(rx)s.") % {"rx": rx}
    category = exercise.category if exercise.category in MUSCLE_REASONS else ""
    if item.focus and item.focus.startswith("part:"):
        part = _in_sentence(catalogue.body_parts.get(item.focus[5:], item.focus[5:]))
        return str(PART_REASONS[category]) % {
            "part": part,
            "goal": _in_sentence(goal.name),
            "rx": rx,
        }
    focus = _main_focus(item)
    why = goal.muscles[focus][1]
    muscle = _in_sentence(catalogue.muscles.get(focus, focus))
    if why:
        return str(MUSCLE_WHY_REASONS[category]) % {"muscle": muscle, "why": why, "rx": rx}
    return str(MUSCLE_REASONS[category]) % {"muscle": muscle, "rx": rx}


# --- The generator ------------------------------------------------------------------------


STAGES = {"warm-up": 0, "cool-down": 4}


def sort_key(item: GeneratedItem) -> tuple[int, int]:
    """(stage, position): warm-up, mobility, hard work, stretches, cool-down; and within
    each stage standing → seated → kneeling → floor. A day never goes back on either."""
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
    removed = dict.fromkeys(RULE_NAMES, 0)
    eligible = []
    for exercise in catalogue.exercises:
        rule = exclusion(exercise, inputs, goal, catalogue)
        if rule is None:
            eligible.append(exercise)
        else:
            removed[rule] += 1
    # Each exercise's place in the seeded order depends on its slug alone, not on which
    # other exercises the snapshot holds: a snapshot narrowed to the inputs gives the same plan.
    rank = {e.slug: _seeded_rank(inputs, e.slug) for e in eligible}
    shuffled = sorted(eligible, key=lambda e: rank[e.slug])
    main_pool = {e.slug: main_focuses(e, goal) for e in eligible}
    main_pool = {slug: keys for slug, keys in main_pool.items() if keys}
    by_slug = {e.slug: e for e in eligible}
    week = _Week(goal, rng)
    cap = exercise_cap(inputs.minutes)
    warm_items = min(goal.warm_up_items, cap - 1)
    context = _DayContext(
        inputs=inputs,
        goal=goal,
        target=target,
        cap=cap,
        warm_items=warm_items,
        cool_items=min(goal.cool_down_items, cap - 1 - warm_items),
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
    capped = 0
    previous: list[frozenset[str]] = []
    for number in range(1, inputs.days_per_week + 1):
        items, was_capped = _build_day(context)
        capped += was_capped
        items = _vary(items, previous, context)
        previous.append(frozenset(i.exercise.slug for i in items))
        for item in items:
            week.uses[item.exercise.slug] = week.uses.get(item.exercise.slug, 0) + 1
            if item.role == "main":
                week.picks[_main_focus(item)] += 1
        ordered = _order(items)
        items = [replace(i, reason=reason_for(i, goal, catalogue, ordered)) for i in ordered]
        seconds = timeline.build_timeline([i.prescription() for i in items]).total_seconds
        fits = abs(seconds - target) <= target * TOLERANCE
        days.append(
            GeneratedDay(_("Day %(number)s") % {"number": number}, tuple(items), seconds, fits)
        )

    notice = ""
    if not all(day.fits for day in days):
        shortest = min(day.estimated_seconds for day in days)
        notice = _(
            "Forge has too few reviewed %(goal)s exercises for your equipment, level and "
            "areas to fill %(minutes)s minutes without repeating one or straying from the "
            "goal. This is the closest plan: about %(closest)s minutes a session. Adding "
            "equipment or removing an area to avoid gives it more to choose from."
        ) % {
            "goal": _in_sentence(goal.name),
            "minutes": inputs.minutes,
            "closest": round(shortest / 60),
        }
    sessions = ngettext(
        "%(count)s session a week", "%(count)s sessions a week", inputs.days_per_week
    ) % {"count": inputs.days_per_week}
    return GeneratedPlan(
        inputs=inputs,
        goal=goal,
        name=_("%(goal)s: %(minutes)s minutes") % {"goal": goal.name, "minutes": inputs.minutes},
        description=_(
            "Made by the Forge generator: %(goal)s, %(sessions)s, %(minutes)s minutes each, "
            "%(level)s level."
        )
        % {
            "goal": _in_sentence(goal.name),
            "sessions": sessions,
            "minutes": inputs.minutes,
            "level": _LEVEL_NAMES.get(inputs.level, inputs.level),
        },
        days=tuple(days),
        notice=notice,
        eligible=tuple(e.slug for e in eligible),
        removed=removed,
        capped_days=capped,
    )


class _DayContext:
    """What each day of one plan is built from. Fixed for the plan, except ``week``, which
    counts what the days so far have used."""

    def __init__(
        self,
        *,
        inputs: GeneratorInput,
        goal: GoalRecord,
        target: int,
        cap: int,
        warm_items: int,
        cool_items: int,
        week: _Week,
        main_pool: dict[str, list[str]],
        by_slug: dict[str, ExerciseRecord],
        rank: dict[str, bytes],
        warm_pool: tuple[ExerciseRecord, ...],
        cool_pool: tuple[ExerciseRecord, ...],
    ):
        self.inputs, self.goal, self.target, self.cap = inputs, goal, target, cap
        self.warm_items, self.cool_items = warm_items, cool_items
        self.week = week
        self.main_pool = main_pool  # slug → the focus keys it can be main work for
        self.by_slug = by_slug
        self.rank = rank  # slug → its place in the seeded order
        self.warm_pool, self.cool_pool = warm_pool, cool_pool  # in the seeded order

    def for_level(
        self, exercise: ExerciseRecord, used: set[str], focus: str | None = None
    ) -> ExerciseRecord:
        """A beginner gets the exercise's easier variation where the plan may use one in its
        place: main work for the same focus, or a drill or stretch of the same kind."""
        if self.inputs.level != LEVELS[0]:
            return exercise
        for slug in exercise.easier:
            easier = self.by_slug.get(slug)
            if easier is None or slug in used:
                continue
            if focus is not None and focus in main_focuses(easier, self.goal):
                return easier
            if (
                focus is None
                and easier.category == exercise.category
                and touches_goal(easier, self.goal)
            ):
                return easier
        return exercise


def _pick_extra(
    context: _DayContext,
    pool: tuple[ExerciseRecord, ...],
    used: set[str],
    count: int,
    role: str,
    prefer: frozenset[str] = frozenset(),
) -> list[GeneratedItem]:
    """Warm-up drills (standing ones first: the day starts on its feet) or cool-down
    stretches: those that share the most muscles with the day's main work, then the least
    used this week."""
    week, rank = context.week, context.rank

    def key(e: ExerciseRecord) -> tuple[int, int, int, bytes]:
        position = e.position if role == "warm-up" else 0
        return (-len(e.muscles & prefer), week.uses.get(e.slug, 0), position, rank[e.slug])

    chosen: list[GeneratedItem] = []
    for exercise in sorted(pool, key=key):
        if len(chosen) == count:
            break
        if exercise.slug not in used:
            exercise = context.for_level(exercise, used)
            chosen.append(default_item(exercise, role=role, focus=None, level=context.inputs.level))
            used.add(exercise.slug)
    return chosen


def _capacity(items: list[GeneratedItem]) -> int:
    return _day_seconds(_order([_largest(item) for item in items]))


def _build_day(context: _DayContext) -> tuple[list[GeneratedItem], bool]:
    """One day's items, tuned to the time asked, and whether the cap stopped its picks."""
    week, rank, target = context.week, context.rank, context.target
    # Stand-ins for the warm-up and cool-down, to budget their time: the real ones are chosen
    # once the main work is known, from what it leaves.
    reserved: set[str] = set()
    warm = _pick_extra(context, context.warm_pool, reserved, context.warm_items, "warm-up")
    cool = _pick_extra(context, context.cool_pool, reserved, context.cool_items, "cool-down")
    items = warm + cool
    used: set[str] = set()
    capped = False
    # Picks of this day count toward the week's shares as they are made.
    picks = dict(week.picks)
    main: list[GeneratedItem] = []
    while True:
        if len(items) >= context.cap:
            capped = True
            break
        if (
            main
            and len(items) >= exercise_aim(context.inputs.minutes)
            and _capacity(items) >= target * FILL_RATIO
        ):
            break
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
        chosen = context.for_level(context.by_slug[slug], used, focus)
        item = default_item(chosen, role="main", focus=focus, level=context.inputs.level)
        if items and _day_seconds(_order([*items, item])) > target * (1 + TOLERANCE / 2):
            break
        items.append(item)
        main.append(item)
        used.update({slug, chosen.slug})
        picks[focus] += 1
    # Warm up and cool down what the main work uses, with what it left.
    prefer = frozenset().union(*(item.exercise.muscles for item in main)) if main else frozenset()
    warm = _pick_extra(context, context.warm_pool, used, len(warm), "warm-up", prefer=prefer)
    cool = _pick_extra(context, context.cool_pool, used, len(cool), "cool-down", prefer=prefer)
    items = warm + cool + main
    if not items:
        return [], capped
    return _tune(_order(items), target), capped


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
