"""Writes to members' plans. HTML views and the API both call these.

Order is kept per plan (days) and per day (items) as gap-free positions 1..n under a unique
constraint. Every write that reads positions first locks the parent row, so two concurrent
additions queue up instead of colliding.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from exercises.models import Exercise
from forge.lib.errors import Conflict, InvalidInput, LimitReached
from plans import generator
from plans.models import Plan, PlanDay, PlanItem

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


def checked_save(obj):
    """full_clean(), then save(): every write of these services (and the routines') checks first."""
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def plan_create(*, owner, name: str, description: str = "", first_day: str = "Day 1") -> Plan:
    plan = checked_save(Plan(owner=owner, name=name.strip(), description=description.strip()))
    checked_save(PlanDay(plan=plan, name=first_day, position=1))
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, name: str, description: str = "") -> Plan:
    plan.name, plan.description = name.strip(), description.strip()
    return checked_save(plan)


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    plan.delete()


@transaction.atomic
def plan_day_add(*, plan: Plan, name: str = "") -> PlanDay:
    plan = _lock(Plan, plan.pk)
    count = plan.days.count()
    if count >= MAX_DAYS:
        raise LimitReached(f"A plan can have at most {MAX_DAYS} days.")
    day = checked_save(
        PlanDay(plan=plan, name=name.strip() or f"Day {count + 1}", position=count + 1)
    )
    _touch(plan.pk)
    return day


@transaction.atomic
def plan_day_rename(*, day: PlanDay, name: str) -> PlanDay:
    day.name = name.strip()
    checked_save(day)
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
        raise InvalidInput(_("That day belongs to another plan."), field="day")
    day = _lock(PlanDay, day.pk)
    last = day.items.aggregate(last=Max("position"))["last"] or 0
    if last >= MAX_ITEMS_PER_DAY:
        raise LimitReached(f"A day can hold at most {MAX_ITEMS_PER_DAY} exercises.")
    item = checked_save(
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
            raise InvalidInput(_("That day belongs to another plan."), field="day")
        plan = day.plan
    if plan is None:
        if not new_plan_name.strip():
            raise InvalidInput(_("Name the new plan."), field="new_plan_name")
        plan = plan_create(owner=owner, name=new_plan_name)
    elif plan.owner_id != owner.pk:
        raise InvalidInput(_("You have no plan with this id."), field="plan")
    return plan_add_exercise(plan=plan, exercise=exercise, day=day)


@transaction.atomic
def plan_item_update(*, item: PlanItem, **fields) -> PlanItem:
    allowed = {"sets", "reps", "hold_seconds", "per_side", "rest_seconds", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")  # a programming error
    for name, value in fields.items():
        setattr(item, name, value)
    checked_save(item)
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
            raise Conflict(_("That exercise is no longer in the plan."))
        pks = sorted({day_id, also.pk} if also is not None else {day_id})
        locked = {day.pk: day for day in PlanDay.objects.select_for_update().filter(pk__in=pks)}
        if PlanItem.objects.filter(pk=item.pk, day_id=day_id).exists():
            item.day_id = day_id
            return locked[day_id]
    raise Conflict(_("That exercise is being moved by another request. Try again."))


@transaction.atomic
def plan_item_move(*, item: PlanItem, direction: str) -> PlanItem:
    """Move an item one place up or down within its day; at either end it stays put."""
    if direction not in ("up", "down"):
        raise InvalidInput(_("Choose “up” or “down”."), field="direction")
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
        raise InvalidInput(_("An item can only move between days of its own plan."), field="day")
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
        raise InvalidInput(_("Give every item of the day exactly once."), field="item_ids")
    _renumber(PlanItem.objects.filter(day=day), item_ids)
    _touch(day.plan_id)


@transaction.atomic
def plan_copy(*, plan: Plan, owner, name: str | None = None) -> Plan:
    """A new plan for `owner` with the same days and items (three writes, whatever the size)."""
    days = list(plan.days.prefetch_related("items").order_by("position"))
    copy = checked_save(
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


@transaction.atomic
def generated_plan_save(*, owner, plan: generator.GeneratedPlan) -> Plan:
    """Store a generated plan as the member's own: one day per session, reasons as notes."""
    stored = checked_save(Plan(owner=owner, name=plan.name[:100], description=plan.description))
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
