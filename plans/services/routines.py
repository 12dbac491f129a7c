"""Writes to the shipped routines: editors' saves in the admin and the routines loader."""

from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch

from exercises.models import Exercise
from plans import timeline
from plans.models import Goal, Plan, PlanDay, PlanItem, Routine
from plans.services.plans import checked_save

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
        checked_save(plan)
        plan.days.all().delete()
        outcome = "updated"
    else:
        plan = checked_save(Plan(owner=owner, name=data.name, description=""))
        routine = Routine(plan=plan, slug=data.slug)
        outcome = "created"
    for position, (name, items) in enumerate(data.days, 1):
        day = checked_save(PlanDay(plan=plan, name=name, position=position))
        for index, item in enumerate(items, 1):
            checked_save(
                PlanItem(day=day, position=index, **asdict(item) | {"exercise": item.exercise})
            )
    for key, value in fields.items():
        setattr(routine, key, value)
    routine.is_published = True
    return routine_save(routine=routine), outcome
