"""The timeline: what a person does, second by second, when following a plan day.

One pure function, :func:`build_timeline`, turns an ordered list of prescriptions into steps:
get ready, holds (each side in turn for per-side work, with a short switch between sides),
reps (a "done" step with no timer), and rest between sets and between exercises. Every
duration Forge shows — a plan's estimate, the print view, the JSON-LD ``totalTime``, the
player itself — is read off a timeline, so they can never disagree.

No Django request or query happens here: callers turn plan items or an exercise into
:class:`Prescription` objects (see ``prescription_from_item`` and
``prescription_from_exercise``) and get plain data back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils.translation import ngettext, pgettext

GET_READY_SECONDS = 5
SWITCH_SECONDS = 5
# A reps step has no timer; for estimates a steady rep (down and up) takes this long.
SECONDS_PER_REP = 3
# Between two exercises with no rest of their own, a short get-ready to change position.
TRANSITION_SECONDS = GET_READY_SECONDS


class Kind(StrEnum):
    READY = "ready"
    HOLD = "hold"
    SWITCH = "switch"
    REPS = "reps"
    REST = "rest"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True)
class Prescription:
    """One exercise as it is to be done: the input of the timeline."""

    slug: str
    name: str
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0
    # Anything the caller wants to carry through to the player (ids, image, steps…).
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError(f"{self.slug}: give either reps or a hold time")
        if self.sets < 1:
            raise ValueError(f"{self.slug}: sets must be at least 1")

    @property
    def is_timed(self) -> bool:
        return self.hold_seconds is not None


@dataclass(frozen=True)
class Step:
    kind: Kind
    # Seconds on the clock; None for a reps step, which ends when the person presses Done.
    seconds: int | None
    # Seconds this step counts for in estimates (equals ``seconds`` for timed steps).
    estimate_seconds: int
    # Index into Timeline.exercises of the exercise this step belongs to (for rest and
    # get-ready: the exercise that comes next).
    exercise: int
    side: Side = Side.BOTH
    set_number: int = 1
    sets: int = 1
    reps: int | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["kind"], data["side"] = str(self.kind), str(self.side)
        return data


@dataclass(frozen=True)
class Timeline:
    exercises: tuple[Prescription, ...]
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> int:
        return sum(step.estimate_seconds for step in self.steps)

    def seconds_for(self, index: int) -> int:
        """Estimated seconds of one exercise: its work, its rests between sets and the rest
        (or get-ready) leading into it — never the session's opening get-ready."""
        opening = self.steps[:1] if self.steps and self.steps[0].kind == Kind.READY else ()
        return sum(s.estimate_seconds for s in self.steps[len(opening) :] if s.exercise == index)

    def as_dict(self) -> dict:
        return {
            "total_seconds": self.total_seconds,
            "exercises": [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "sets": p.sets,
                    "reps": p.reps,
                    "hold_seconds": p.hold_seconds,
                    "per_side": p.per_side,
                    "rest_seconds": p.rest_seconds,
                    **p.extra,
                }
                for p in self.exercises
            ],
            "steps": [step.as_dict() for step in self.steps],
        }


def _work_steps(index: int, item: Prescription, set_number: int) -> list[Step]:
    def step(kind: Kind, seconds: int | None, estimate: int, side: Side = Side.BOTH) -> Step:
        return Step(
            kind,
            seconds,
            estimate,
            exercise=index,
            side=side,
            set_number=set_number,
            sets=item.sets,
            reps=item.reps,  # None for a timed item
        )

    hold, reps = item.hold_seconds, item.reps
    if hold is not None:
        if not item.per_side:
            return [step(Kind.HOLD, hold, hold)]
        return [
            step(Kind.HOLD, hold, hold, Side.LEFT),
            step(Kind.SWITCH, SWITCH_SECONDS, SWITCH_SECONDS, Side.RIGHT),
            step(Kind.HOLD, hold, hold, Side.RIGHT),
        ]
    if reps is None:  # Prescription refuses this when it is made
        raise ValueError(f"{item.slug}: give either reps or a hold time")
    estimate = reps * SECONDS_PER_REP
    if not item.per_side:
        return [step(Kind.REPS, None, estimate)]
    return [
        step(Kind.REPS, None, estimate, Side.LEFT),
        step(Kind.REPS, None, estimate, Side.RIGHT),
    ]


def build_timeline(
    items: list[Prescription] | tuple[Prescription, ...], *, get_ready: int = GET_READY_SECONDS
) -> Timeline:
    """The ordered steps of a session, from its exercises in order.

    - one get-ready step before the first exercise;
    - per set: a hold (left, switch, right for per-side holds) or a reps step (left, then
      right for per-side reps);
    - the item's rest after every set but the very last of the session; where an item has
      no rest, a short get-ready stands between it and the next exercise.
    """
    items = tuple(items)
    steps: list[Step] = []
    if not items:
        return Timeline(items, ())
    if get_ready > 0:
        steps.append(Step(Kind.READY, get_ready, get_ready, exercise=0))
    for index, item in enumerate(items):
        is_last_item = index == len(items) - 1
        for set_number in range(1, item.sets + 1):
            steps.extend(_work_steps(index, item, set_number))
            is_last_set = set_number == item.sets
            if is_last_set and is_last_item:
                break
            # Rest after the last set already looks ahead to the next exercise.
            following = index + 1 if is_last_set else index
            if item.rest_seconds > 0:
                steps.append(
                    Step(
                        Kind.REST,
                        item.rest_seconds,
                        item.rest_seconds,
                        exercise=following,
                        set_number=set_number,
                        sets=item.sets,
                    )
                )
            elif is_last_set:
                steps.append(
                    Step(Kind.READY, TRANSITION_SECONDS, TRANSITION_SECONDS, exercise=following)
                )
    return Timeline(items, tuple(steps))


def total_seconds(items: list[Prescription] | tuple[Prescription, ...]) -> int:
    return build_timeline(items).total_seconds


def prescription_text(
    *, sets: int, reps: int | None, hold_seconds: int | None, per_side: bool
) -> str:
    """A prescription in words: "2 × 30 s hold, each side", "10 reps" (in the active language)."""
    if hold_seconds:
        work = pgettext("prescription", "%(seconds)s s hold") % {"seconds": hold_seconds}
    else:
        work = ngettext("%(count)s rep", "%(count)s reps", reps or 0) % {"count": reps}
    text = f"{sets} × {work}" if sets > 1 else work
    return pgettext("prescription", "%(work)s, each side") % {"work": text} if per_side else text


# --- Adapters from Forge's models (attribute access only: no queries of their own) --------


def prescription_from_item(item, **extra) -> Prescription:
    """A plan item (with its exercise loaded) as a prescription."""
    return Prescription(
        slug=item.exercise.slug,
        name=item.exercise.name,
        sets=item.sets,
        reps=item.reps,
        hold_seconds=item.hold_seconds,
        per_side=item.per_side,
        rest_seconds=item.rest_seconds,
        extra=extra,
    )


# Default rest between the holds of a single exercise followed on its own.
SINGLE_EXERCISE_REST_SECONDS = 15
SINGLE_EXERCISE_REPS = 10


def prescription_from_exercise(exercise, **extra) -> Prescription:
    """An exercise's own default prescription (used by /exercise/<slug>/play/).

    Timed exercises hold ``hold_seconds`` for ``reps_per_side`` rounds (1 by default); others
    do ``reps_per_side`` reps (10 by default) once.
    """
    if exercise.hold_seconds is not None:
        return Prescription(
            slug=exercise.slug,
            name=exercise.name,
            sets=exercise.reps_per_side or 1,
            hold_seconds=exercise.hold_seconds,
            per_side=exercise.per_side,
            rest_seconds=SINGLE_EXERCISE_REST_SECONDS,
            extra=extra,
        )
    return Prescription(
        slug=exercise.slug,
        name=exercise.name,
        sets=1,
        reps=exercise.reps_per_side or SINGLE_EXERCISE_REPS,
        per_side=exercise.per_side,
        rest_seconds=0,
        extra=extra,
    )


def item_seconds(item) -> int:
    """One plan item on its own: its sets, switches and the rests between its sets."""
    return build_timeline([prescription_from_item(item)], get_ready=0).total_seconds


def day_timeline(day) -> Timeline:
    """The timeline of a plan day whose items (and their exercises) are prefetched."""
    return build_timeline([prescription_from_item(item) for item in day.items.all()])


def plan_seconds(plan) -> int:
    """A whole plan's estimate: the sum of its days (days and items prefetched)."""
    return sum(day_timeline(day).total_seconds for day in plan.days.all())
