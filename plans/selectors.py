"""Reads of members' plans. Every function scopes to its owner, or raises 404."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from exercises.models import Exercise
from plans.models import Plan, PlanDay, PlanItem


def _days_with_items() -> Prefetch:
    return Prefetch(
        "days",
        queryset=PlanDay.objects.order_by("position").prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related(
                    "exercise", "exercise__body_part", "exercise__equipment"
                ).order_by("position"),
            )
        ),
    )


def plan_list(*, user) -> QuerySet[Plan]:
    """A member's plans with their size, newest change first."""
    return Plan.objects.filter(owner=user).annotate(
        day_count=Count("days", distinct=True), item_count=Count("days__items", distinct=True)
    )


def plan_detail_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related("owner").prefetch_related(_days_with_items())


def plan_get(*, user, pk: int, detail: bool = False) -> Plan:
    """The member's own plan, or 404 (another member's plan looks exactly like a missing one)."""
    queryset = plan_detail_queryset() if detail else Plan.objects.select_related("owner")
    return get_object_or_404(queryset, pk=pk, owner=user)


def plan_day_get(*, user, pk: int) -> PlanDay:
    """A day of one of the member's plans, or 404."""
    return get_object_or_404(PlanDay.objects.select_related("plan"), pk=pk, plan__owner=user)


def plan_item_get(*, user, pk: int) -> PlanItem:
    """An item of one of the member's plans, or 404."""
    return get_object_or_404(plan_item_queryset(user=user), pk=pk)


def plan_owned_queryset(*, user) -> QuerySet[Plan]:
    """The member's plans with days and items, as the API lists them."""
    return plan_detail_queryset().filter(owner=user).order_by("-updated_at", "-pk")


def plan_day_queryset(*, user) -> QuerySet[PlanDay]:
    return (
        PlanDay.objects.filter(plan__owner=user)
        .select_related("plan")
        .prefetch_related("items__exercise")
    )


def plan_item_queryset(*, user) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(day__plan__owner=user).select_related("exercise", "day__plan")


def plan_shared(*, token: str) -> Plan:
    """A plan by its share link; 404 when the link was never on or has been turned off."""
    return get_object_or_404(plan_detail_queryset(), share_token=token)


def plan_day_choices(*, user) -> list[tuple[int, str]]:
    """(day id, "Plan — Day") for every day of the member's plans, newest plan first."""
    days = PlanDay.objects.filter(plan__owner=user).select_related("plan")
    days = days.order_by("-plan__updated_at", "-plan__pk", "position")
    return [(day.pk, f"{day.plan.name} — {day.name}") for day in days]


@dataclass
class SavedExercise:
    exercise: Exercise
    plans: list[Plan]


def saved_exercise_list(*, user) -> list[SavedExercise]:
    """Every exercise in the member's plans (once each, by name) with the plans it is in."""
    items = (
        PlanItem.objects.filter(day__plan__owner=user)
        .select_related("exercise", "day__plan")
        .order_by("exercise__name", "day__plan__name", "day__plan_id")
    )
    saved: dict[int, SavedExercise] = {}
    for item in items:
        entry = saved.setdefault(item.exercise_id, SavedExercise(item.exercise, []))
        if item.day.plan not in entry.plans:
            entry.plans.append(item.day.plan)
    return list(saved.values())
