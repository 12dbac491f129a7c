"""Writes to members' plans. HTML views and the API both call these.

Order is kept per plan (days) and per day (items) as gap-free positions 1..n under a unique
constraint. Every write that reads positions first locks the parent row, so two concurrent
additions queue up instead of colliding.
"""

import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Prefetch, Value, When
from django.utils import timezone

from exercises.models import Exercise
from forge.lib.errors import Conflict, InvalidInput, LimitReached
from plans import generator, timeline
from plans.models import (
    Goal,
    Plan,
    PlanDay,
    PlanItem,
    Routine,
    SessionEntry,
    WorkoutSession,
)

DEFAULT_SETS = 3
DEFAULT_REPS = 10
DEFAULT_REST_SECONDS = 30
MAX_DAYS = 14
MAX_ITEMS_PER_DAY = 50


# Positions are parked above this while being renumbered; real ones stay far below it.
_PARKING = 10_000


def _renumber(queryset, ordered_pks: list[int]) -> None:
    """Give rows positions 1..n in the given order, in two queries, never clashing."""
    if not ordered_pks:
        return
    # First to parking places no real position uses, then down to 1..n.
    queryset.filter(pk__in=ordered_pks).update(
        position=Case(
            *(When(pk=pk, then=Value(_PARKING + i)) for i, pk in enumerate(ordered_pks, 1)),
        )
    )
    queryset.filter(pk__in=ordered_pks).update(position=F("position") - _PARKING)


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _touch(plan_id: int) -> None:
    """Mark a plan as changed (plans are listed most recently changed first)."""
    Plan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def plan_create(*, owner, name: str, description: str = "", first_day: str = "Day 1") -> Plan:
    plan = _save(Plan(owner=owner, name=name.strip(), description=description.strip()))
    _save(PlanDay(plan=plan, name=first_day, position=1))
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, name: str, description: str = "") -> Plan:
    plan.name, plan.description = name.strip(), description.strip()
    return _save(plan)


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    plan.delete()


@transaction.atomic
def plan_day_add(*, plan: Plan, name: str = "") -> PlanDay:
    plan = _lock(Plan, plan.pk)
    count = plan.days.count()
    if count >= MAX_DAYS:
        raise LimitReached(f"A plan can have at most {MAX_DAYS} days.")
    day = _save(PlanDay(plan=plan, name=name.strip() or f"Day {count + 1}", position=count + 1))
    _touch(plan.pk)
    return day


@transaction.atomic
def plan_day_rename(*, day: PlanDay, name: str) -> PlanDay:
    day.name = name.strip()
    _save(day)
    _touch(day.plan_id)
    return day


@transaction.atomic
def plan_day_remove(*, day: PlanDay) -> None:
    """Remove a day and its items; a plan always keeps at least one day."""
    plan = _lock(Plan, day.plan_id)
    if plan.days.count() <= 1:
        raise LimitReached("A plan needs at least one day. Delete the plan instead.")
    day.delete()
    _renumber(PlanDay.objects.filter(plan=plan), list(plan.days.values_list("pk", flat=True)))
    _touch(plan.pk)


def default_prescription(exercise: Exercise) -> dict:
    """A new item's prescription, from the exercise's own where it has one."""
    if exercise.is_timed:
        return {
            "sets": exercise.reps_per_side or 1,
            "reps": None,
            "hold_seconds": exercise.hold_seconds,
            "per_side": exercise.per_side,
            "rest_seconds": DEFAULT_REST_SECONDS if exercise.per_side else 15,
        }
    return {
        "sets": DEFAULT_SETS if not exercise.reps_per_side else 2,
        "reps": exercise.reps_per_side or DEFAULT_REPS,
        "hold_seconds": None,
        "per_side": exercise.per_side,
        "rest_seconds": DEFAULT_REST_SECONDS if not exercise.reps_per_side else 15,
    }


def plan_add_exercise(*, plan: Plan, exercise: Exercise, day: PlanDay | None = None) -> PlanItem:
    """Append an exercise, with its default prescription, to a day (the plan's first by default)."""
    # SQLite has no row locks; a concurrent writer shows up as a clash on the unique
    # position, and trying again sees its row.
    for attempt in range(3):
        try:
            return _plan_add_exercise(plan=plan, exercise=exercise, day=day)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _plan_add_exercise(*, plan, exercise, day) -> PlanItem:
    if day is None:
        day = plan.days.order_by("position").first() or plan_day_add(plan=plan)
    elif day.plan_id != plan.pk:
        raise InvalidInput("That day belongs to another plan.", field="day")
    day = _lock(PlanDay, day.pk)
    last = day.items.aggregate(last=Max("position"))["last"] or 0
    if last >= MAX_ITEMS_PER_DAY:
        raise LimitReached(f"A day can hold at most {MAX_ITEMS_PER_DAY} exercises.")
    item = _save(
        PlanItem(day=day, exercise=exercise, position=last + 1, **default_prescription(exercise))
    )
    _touch(plan.pk)
    return item


@transaction.atomic
def plan_save_exercise(
    *,
    owner,
    exercise: Exercise,
    plan: Plan | None = None,
    day: PlanDay | None = None,
    new_plan_name: str = "",
) -> PlanItem:
    """“Save to my plan”, for the HTML page and the API alike, all or nothing.

    Onto `day`, or onto `plan`'s first day, or (neither given) into a new plan named
    `new_plan_name`. The caller found `plan` and `day` through the ownership selectors.
    """
    if day is not None:
        if plan is not None and day.plan_id != plan.pk:
            raise InvalidInput("That day belongs to another plan.", field="day")
        plan = day.plan
    if plan is None:
        if not new_plan_name.strip():
            raise InvalidInput("Name the new plan.", field="new_plan_name")
        plan = plan_create(owner=owner, name=new_plan_name)
    elif plan.owner_id != owner.pk:
        raise InvalidInput("You have no plan with this id.", field="plan")
    return plan_add_exercise(plan=plan, exercise=exercise, day=day)


@transaction.atomic
def plan_item_update(*, item: PlanItem, **fields) -> PlanItem:
    allowed = {"sets", "reps", "hold_seconds", "per_side", "rest_seconds", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")  # a programming error
    for name, value in fields.items():
        setattr(item, name, value)
    _save(item)
    _touch(item.day.plan_id)
    return item


def _lock_day_of(item: PlanItem, *, also: PlanDay | None = None) -> PlanDay:
    """Lock the day the item is in *now* (and `also`, in id order), then check it is still there.

    The item object may be stale: a concurrent move can have taken it to another day since it
    was read. So: read its day, lock, re-read under the lock; a move in between means trying
    again. Locking in id order keeps two opposite moves from deadlocking.
    """
    for _attempt in range(5):
        day_id = PlanItem.objects.filter(pk=item.pk).values_list("day_id", flat=True).first()
        if day_id is None:
            raise Conflict("That exercise is no longer in the plan.")
        pks = sorted({day_id, also.pk} if also is not None else {day_id})
        locked = {day.pk: day for day in PlanDay.objects.select_for_update().filter(pk__in=pks)}
        if PlanItem.objects.filter(pk=item.pk, day_id=day_id).exists():
            item.day_id = day_id
            return locked[day_id]
    raise Conflict("That exercise is being moved by another request. Try again.")


@transaction.atomic
def plan_item_move(*, item: PlanItem, direction: str) -> PlanItem:
    """Move an item one place up or down within its day; at either end it stays put."""
    if direction not in ("up", "down"):
        raise InvalidInput("Choose “up” or “down”.", field="direction")
    day = _lock_day_of(item)
    order = list(day.items.values_list("pk", flat=True))
    index = order.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        _renumber(PlanItem.objects.filter(day=day), order)
        _touch(day.plan_id)
    item.refresh_from_db()
    return item


@transaction.atomic
def plan_item_move_to_day(*, item: PlanItem, day: PlanDay) -> PlanItem:
    """Move an item to the end of another day of the same plan."""
    if day.plan_id != item.day.plan_id:
        raise InvalidInput("An item can only move between days of its own plan.", field="day")
    source = _lock_day_of(item, also=day)
    if source.pk == day.pk:
        return item
    last = day.items.aggregate(last=Max("position"))["last"] or 0
    if last >= MAX_ITEMS_PER_DAY:
        raise LimitReached(f"A day can hold at most {MAX_ITEMS_PER_DAY} exercises.", field="day")
    PlanItem.objects.filter(pk=item.pk).update(day=day, position=last + 1)
    remaining = PlanItem.objects.filter(day=source)
    _renumber(remaining, list(remaining.values_list("pk", flat=True)))
    _touch(day.plan_id)
    item.refresh_from_db()
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem) -> None:
    day = _lock_day_of(item)
    PlanItem.objects.filter(pk=item.pk).delete()
    remaining = PlanItem.objects.filter(day=day)
    _renumber(remaining, list(remaining.values_list("pk", flat=True)))
    _touch(day.plan_id)


@transaction.atomic
def plan_reorder_items(*, day: PlanDay, item_ids: list[int]) -> None:
    """Put a day's items in exactly this order (the API's reorder)."""
    day = _lock(PlanDay, day.pk)
    current = list(day.items.values_list("pk", flat=True))
    if sorted(current) != sorted(item_ids) or len(set(item_ids)) != len(item_ids):
        raise InvalidInput("Give every item of the day exactly once.", field="item_ids")
    _renumber(PlanItem.objects.filter(day=day), item_ids)
    _touch(day.plan_id)


@transaction.atomic
def plan_copy(*, plan: Plan, owner, name: str | None = None) -> Plan:
    """A new plan for `owner` with the same days and items (three writes, whatever the size)."""
    days = list(plan.days.prefetch_related("items").order_by("position"))
    copy = _save(
        Plan(owner=owner, name=(name or f"Copy of {plan.name}")[:100], description=plan.description)
    )
    new_days = PlanDay.objects.bulk_create(
        [PlanDay(plan=copy, name=day.name, position=day.position) for day in days]
    )
    if any(day.pk is None for day in new_days):  # databases that cannot return ids
        new_days = list(copy.days.order_by("position"))
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                day=new_day,
                exercise_id=item.exercise_id,
                position=item.position,
                sets=item.sets,
                reps=item.reps,
                hold_seconds=item.hold_seconds,
                per_side=item.per_side,
                rest_seconds=item.rest_seconds,
                notes=item.notes,
            )
            for day, new_day in zip(days, new_days, strict=True)
            for item in day.items.all()
        ]
    )
    return copy


@transaction.atomic
def plan_share(*, plan: Plan) -> Plan:
    """Turn the read-only link on (a fresh unguessable token; an old link stays dead)."""
    if not plan.share_token:
        plan.share_token = secrets.token_urlsafe(24)
        plan.save(update_fields=["share_token", "updated_at"])
    return plan


@transaction.atomic
def plan_unshare(*, plan: Plan) -> Plan:
    plan.share_token = None
    plan.save(update_fields=["share_token", "updated_at"])
    return plan


# --- The log: sessions a member has done ---------------------------------------------------

# A session may be logged up to a day ahead (time zones, a phone's clock), never further.
SESSION_FUTURE_LEEWAY = timedelta(days=1)
MAX_SESSION_LENGTH = timedelta(hours=12)
MAX_SESSION_ENTRIES = 200


@dataclass(frozen=True)
class EntryInput:
    """One logged result, already resolved to an exercise the member may log."""

    exercise: Exercise
    side: str = SessionEntry.Side.BOTH
    hold_seconds: int | None = None
    reps: int | None = None
    rating: int | None = None
    note: str = ""


def _session_title(plan_day: PlanDay | None, entries: list[EntryInput]) -> str:
    if plan_day is not None:
        return f"{plan_day.plan.name} — {plan_day.name}"[:200]
    names = list(dict.fromkeys(entry.exercise.name for entry in entries))
    return names[0][:200] if len(names) == 1 else "Workout"


def session_log(
    *,
    owner,
    started_at: datetime,
    ended_at: datetime,
    entries: list[EntryInput],
    plan_day: PlanDay | None = None,
    session_id: uuid.UUID | None = None,
) -> tuple[WorkoutSession, bool]:
    """Store a session with its entries; (session, created).

    Saving an id that the member already saved stores nothing and returns that session, so a
    client can retry a save whose answer it never received. The plan day, if any, must be
    the member's own (the caller resolves it through a selector).
    """
    if session_id is not None:
        existing = WorkoutSession.objects.filter(pk=session_id).first()
        if existing is not None:
            if existing.owner_id != owner.pk:
                raise InvalidInput("This id is already used by another session.", field="id")
            return existing, False
    if plan_day is not None and plan_day.plan.owner_id != owner.pk:
        raise InvalidInput("Choose a day of one of your own plans.", field="plan_day")
    if not entries:
        raise InvalidInput("Log at least one exercise.", field="entries")
    if len(entries) > MAX_SESSION_ENTRIES:
        raise InvalidInput(
            f"A session can hold at most {MAX_SESSION_ENTRIES} entries.", field="entries"
        )
    if ended_at < started_at:
        raise InvalidInput("The session cannot end before it starts.", field="ended_at")
    if ended_at - started_at > MAX_SESSION_LENGTH:
        raise InvalidInput("A session can last at most 12 hours.", field="ended_at")
    if started_at > timezone.now() + SESSION_FUTURE_LEEWAY:
        raise InvalidInput("A session cannot be more than a day in the future.", field="started_at")
    try:
        with transaction.atomic():
            session = _session_create(
                owner=owner,
                session_id=session_id,
                plan_day=plan_day,
                started_at=started_at,
                ended_at=ended_at,
                entries=entries,
            )
    except IntegrityError:
        # The same id saved at the same moment by a second request: that one won.
        if session_id is not None:
            existing = WorkoutSession.objects.filter(pk=session_id, owner=owner).first()
            if existing is not None:
                return existing, False
        raise
    return session, True


def _session_create(*, owner, session_id, plan_day, started_at, ended_at, entries):
    session = WorkoutSession(
        owner=owner,
        plan_day=plan_day,
        title=_session_title(plan_day, entries),
        started_at=started_at,
        ended_at=ended_at,
    )
    if session_id is not None:
        session.id = session_id
    session.full_clean(validate_unique=False)
    session.save(force_insert=True)
    rows = []
    errors = {}
    for position, entry in enumerate(entries, 1):
        row = SessionEntry(session=session, position=position, **asdict(entry))
        try:
            row.full_clean(exclude=["session"], validate_unique=False)
        except ValidationError as error:
            errors.update(
                {
                    f"entries.{position - 1}.{name}": msgs
                    for name, msgs in error.message_dict.items()
                }
            )
        rows.append(row)
    if errors:
        raise SessionEntriesInvalid(errors)
    SessionEntry.objects.bulk_create(rows)
    return session


class SessionEntriesInvalid(InvalidInput):
    """Entries that break the model's rules, each named by its index and field."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("Some entries are invalid.")
        self.errors = errors

    def as_errors(self) -> dict[str, list[str]]:
        return self.errors


@transaction.atomic
def session_delete(*, session: WorkoutSession) -> None:
    session.delete()


# --- Generator and routines ----------------------------------------------------------------


def plan_generate(
    *, inputs: generator.GeneratorInput, vocabulary: generator.Catalogue | None = None
) -> generator.GeneratedPlan:
    """Generate a plan from the catalogue as it is now. Reads only: nothing is stored."""
    from plans import selectors  # a read inside a service: imported late to keep it optional

    catalogue = selectors.generator_catalogue(inputs=inputs, vocabulary=vocabulary)
    return generator.generate(inputs, catalogue)


@transaction.atomic
def generated_plan_save(*, owner, plan: generator.GeneratedPlan) -> Plan:
    """Store a generated plan as the member's own: one day per session, reasons as notes."""
    stored = _save(Plan(owner=owner, name=plan.name[:100], description=plan.description))
    days = PlanDay.objects.bulk_create(
        [PlanDay(plan=stored, name=day.name, position=n) for n, day in enumerate(plan.days, 1)]
    )
    if any(day.pk is None for day in days):
        days = list(stored.days.order_by("position"))
    exercises = {
        e.pk: e
        for e in Exercise.objects.filter(
            pk__in={i.exercise.pk for day in plan.days for i in day.items}
        )
    }
    items = []
    for day, generated in zip(days, plan.days, strict=True):
        for position, item in enumerate(generated.items, 1):
            row = PlanItem(
                day=day,
                exercise=exercises[item.exercise.pk],
                position=position,
                sets=item.sets,
                reps=item.reps,
                hold_seconds=item.hold_seconds,
                per_side=item.per_side,
                rest_seconds=item.rest_seconds,
                notes=item.reason[:500],
            )
            row.full_clean(exclude=["day"], validate_unique=False)
            items.append(row)
    PlanItem.objects.bulk_create(items)
    return stored


ROUTINES_OWNER_EMAIL = "routines@forge.invalid"


def routine_owner():
    """The account that owns the plans behind shipped routines: it cannot log in."""
    User = get_user_model()
    user = User.objects.filter(email=ROUTINES_OWNER_EMAIL).first()
    if user is None:
        user = User(email=ROUTINES_OWNER_EMAIL, display_name="Forge editors", is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def _routine_seconds(plan: Plan) -> int:
    day = (
        plan.days.order_by("position")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
        .first()
    )
    return timeline.day_timeline(day).total_seconds if day is not None else 0


@transaction.atomic
def routine_save(*, routine: Routine) -> Routine:
    """Check and store a routine, with its session length read off the timeline."""
    routine.estimated_seconds = _routine_seconds(routine.plan)
    routine.full_clean()
    routine.save()
    return routine


@dataclass(frozen=True)
class RoutineItemInput:
    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0


@dataclass(frozen=True)
class RoutineInput:
    slug: str
    name: str
    goal: Goal
    level: str
    description: str
    days: tuple[tuple[str, tuple[RoutineItemInput, ...]], ...]


def _plan_shape(plan: Plan) -> list:
    return [
        (
            day.name,
            [
                (i.exercise_id, i.sets, i.reps, i.hold_seconds, i.per_side, i.rest_seconds)
                for i in day.items.order_by("position")
            ],
        )
        for day in plan.days.order_by("position")
    ]


@transaction.atomic
def routine_upsert(*, data: RoutineInput, owner) -> tuple[Routine, str]:
    """Create or update a routine by slug; ("created" | "updated" | "unchanged").

    The plan's days and items are rebuilt only when they differ from the data, so loading
    the same file twice writes nothing the second time.
    """
    routine = Routine.objects.select_related("plan").filter(slug=data.slug).first()
    wanted = [
        (
            name,
            [
                (i.exercise.pk, i.sets, i.reps, i.hold_seconds, i.per_side, i.rest_seconds)
                for i in items
            ],
        )
        for name, items in data.days
    ]
    fields = {"goal": data.goal, "level": data.level, "description": data.description}
    if routine is not None:
        same_fields = all(getattr(routine, k) == v for k, v in fields.items())
        same_plan = routine.plan.name == data.name and _plan_shape(routine.plan) == wanted
        if same_fields and same_plan and routine.is_published:
            return routine, "unchanged"
        plan = routine.plan
        plan.name = data.name
        _save(plan)
        plan.days.all().delete()
        outcome = "updated"
    else:
        plan = _save(Plan(owner=owner, name=data.name, description=""))
        routine = Routine(plan=plan, slug=data.slug)
        outcome = "created"
    for position, (name, items) in enumerate(data.days, 1):
        day = _save(PlanDay(plan=plan, name=name, position=position))
        for index, item in enumerate(items, 1):
            _save(PlanItem(day=day, position=index, **asdict(item) | {"exercise": item.exercise}))
    for key, value in fields.items():
        setattr(routine, key, value)
    routine.is_published = True
    return routine_save(routine=routine), outcome
