"""The generator's plain data: its inputs, the catalogue snapshot it reads, and its output.

Pure: nothing here touches the database. ``plans.selectors.generator_catalogue`` fills a
:class:`Catalogue`; ``plans.generator.generate`` turns it and a :class:`GeneratorInput` into a
:class:`GeneratedPlan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from plans import timeline

BODY_WEIGHT = "body-weight"
LEVELS = ("beginner", "intermediate", "advanced")

# Session order: warm-up and mobility, then the hard work, then stretches.
PHASE_MOBILITY, PHASE_WORK, PHASE_STRETCH = 0, 1, 2
# Where the body is, in the order a day moves through: up, then down to the floor.
STANDING, SEATED, KNEELING, FLOOR = 0, 1, 2, 3
POSITION_RANK = {
    "standing": STANDING,
    "hanging": STANDING,
    "seated": SEATED,
    "kneeling": KNEELING,
    "all-fours": KNEELING,
    "lying-back": FLOOR,
    "lying-front": FLOOR,
    "lying-side": FLOOR,
}


def phase_of(category: str) -> int:
    if category == "mobility":
        return PHASE_MOBILITY
    if category == "stretching":
        return PHASE_STRETCH
    return PHASE_WORK


def position_of(first_step: str) -> int:
    """Where the body starts, read off the first step ("Stand tall…", "Kneel…", "Lie…"),
    for exercises whose start position nobody has set yet."""
    text = first_step.lower()
    if "stand" in text:
        return STANDING
    if "chair" in text or "sit " in text or "seated" in text:
        return SEATED
    if "kneel" in text or "hands and knees" in text:
        return KNEELING
    return FLOOR


def position_rank(start_position: str, first_step: str = "") -> int:
    return POSITION_RANK.get(start_position, position_of(first_step))


@dataclass(frozen=True)
class GeneratorInput:
    goal: str
    minutes: int
    days_per_week: int = 3
    # Equipment slugs, and slugs of the props one must own (a bar, a strap) that one has.
    equipment: tuple[str, ...] = ()
    level: str = "beginner"
    avoid: tuple[str, ...] = ()  # area slugs
    seed: int = 0
    # Imported pages stay out until an editor has reviewed them (reports may switch it off).
    reviewed_only: bool = True

    def with_seed(self, seed: int) -> GeneratorInput:
        return replace(self, seed=seed)


@dataclass(frozen=True)
class AreaRecord:
    slug: str
    name: str
    kind: str
    muscles: frozenset[str] = frozenset()
    body_parts: frozenset[str] = frozenset()


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
    start_position: str = ""
    loads: tuple[str, ...] = ()  # area slugs its editors set
    needs_partner: bool = False
    props: tuple[str, ...] = ()
    reviewed: bool = False
    easier: tuple[str, ...] = ()  # slugs of its easier variations

    @property
    def phase(self) -> int:
        return phase_of(self.category)

    @property
    def is_timed(self) -> bool:
        return self.hold_seconds is not None

    @property
    def muscles(self) -> frozenset[str]:
        return frozenset(self.targets) | frozenset(self.secondaries)


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
    # No jumps and no heavy lifts (flexibility, relief and recovery goals).
    gentle: bool = False
    # The start positions that fit (a desk break: standing or seated); empty for any.
    positions: tuple[str, ...] = ()

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
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    props: dict[str, tuple[str, bool]] = field(default_factory=dict)  # slug → (name, must own)

    @property
    def owned_props(self) -> dict[str, str]:
        """Props one has to own, by slug: the generator's form offers them with equipment."""
        return {slug: name for slug, (name, must_own) in self.props.items() if must_own}


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


def prescription_words(item: GeneratedItem) -> str:
    if item.hold_seconds is not None:
        if item.per_side:
            text = _("%(seconds)s s each side") % {"seconds": item.hold_seconds}
        else:
            text = _("%(seconds)s s") % {"seconds": item.hold_seconds}
        if item.sets > 1:
            return _("%(work)s, %(sets)s rounds") % {"work": text, "sets": item.sets}
        return text
    if item.per_side:
        text = _("%(reps)s reps each side") % {"reps": item.reps}
    else:
        text = _("%(reps)s reps") % {"reps": item.reps}
    if item.sets > 1:
        text = _("%(sets)s sets of %(work)s") % {"sets": item.sets, "work": text}
        if item.rest_seconds:
            text = _("%(work)s, %(rest)s s rest") % {"work": text, "rest": item.rest_seconds}
    return text


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
    # How many catalogue exercises each rule left out (the first rule each one failed).
    removed: dict[str, int] = field(default_factory=dict)
    # Days whose picks stopped at the cap of one exercise per 2.5 minutes.
    capped_days: int = 0

    @property
    def fits(self) -> bool:
        return all(day.fits for day in self.days)

    @property
    def target_seconds(self) -> int:
        return self.inputs.minutes * 60
