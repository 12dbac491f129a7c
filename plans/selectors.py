"""Reads of members' plans. Every function scopes to its owner, or raises 404."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from exercises.models import Exercise, ExerciseImage, ExerciseMuscle
from plans.models import Plan, PlanDay, PlanItem, SessionEntry, WorkoutSession


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


def get_plan_for_user(user, pk: int, *, detail: bool = False) -> Plan:
    """The member's own plan, or 404 (another member's plan looks exactly like a missing one)."""
    queryset = plan_detail_queryset() if detail else Plan.objects.all()
    return get_object_or_404(queryset, pk=pk, owner=user)


def get_day_for_user(user, pk: int) -> PlanDay:
    return get_object_or_404(PlanDay.objects.select_related("plan"), pk=pk, plan__owner=user)


def get_item_for_user(user, pk: int) -> PlanItem:
    return get_object_or_404(
        PlanItem.objects.select_related("day__plan", "exercise"), pk=pk, day__plan__owner=user
    )


def plan_shared(*, token: str) -> Plan:
    """A plan by its share link; 404 when the link was never on or has been turned off."""
    return get_object_or_404(plan_detail_queryset(), share_token=token)


# --- Player and log ----------------------------------------------------------------------


def _player_exercise_prefetches(prefix: str = "") -> list:
    """What the player shows of each exercise: steps, main picture, muscles for the map."""
    return [
        f"{prefix}steps",
        Prefetch(
            f"{prefix}images",
            queryset=ExerciseImage.objects.order_by("-is_main", "position", "pk"),
        ),
        Prefetch(
            f"{prefix}muscle_links",
            queryset=ExerciseMuscle.objects.select_related("muscle").order_by(
                "role", "muscle__name"
            ),
        ),
    ]


def plan_day_for_player(*, user, pk: int) -> PlanDay:
    """The member's own day with its items and all the player shows of their exercises."""
    items = (
        PlanItem.objects.select_related("exercise")
        .prefetch_related(*_player_exercise_prefetches("exercise__"))
        .order_by("position")
    )
    return get_object_or_404(
        PlanDay.objects.select_related("plan").prefetch_related(Prefetch("items", queryset=items)),
        pk=pk,
        plan__owner=user,
    )


def plan_day_queryset(*, user) -> QuerySet[PlanDay]:
    """Days of the member's own plans (for choosing one, e.g. the day a session followed)."""
    return PlanDay.objects.filter(plan__owner=user).select_related("plan")


def plan_first_day(*, user, pk: int) -> PlanDay:
    """The first day of the member's own plan (a plan always has one), or 404."""
    plan = get_plan_for_user(user, pk)
    return get_object_or_404(PlanDay.objects.filter(plan=plan).order_by("position")[:1])


def exercise_for_player(*, slug: str, user=None) -> Exercise:
    """A published exercise (drafts for staff) with what the player shows."""
    base = Exercise.objects.visible_to(user) if user is not None else Exercise.objects.published()
    return get_object_or_404(base.prefetch_related(*_player_exercise_prefetches()), slug=slug)


def _session_entries() -> Prefetch:
    return Prefetch(
        "entries",
        queryset=SessionEntry.objects.select_related("exercise").order_by("position"),
    )


def session_list(*, user) -> QuerySet[WorkoutSession]:
    """The member's logged sessions, newest first, with their entries."""
    return (
        WorkoutSession.objects.filter(owner=user)
        .select_related("plan_day__plan")
        .prefetch_related(_session_entries())
        .order_by("-started_at", "-created_at")
    )


def session_get(*, user, pk) -> WorkoutSession:
    """One of the member's own sessions, or 404 (another member's looks like a missing one)."""
    return get_object_or_404(session_list(user=user), pk=pk)


def session_loggable_exercises(*, slugs) -> dict[str, Exercise]:
    """Exercises a member may log, by slug: the published ones."""
    return {e.slug: e for e in Exercise.objects.published().filter(slug__in=set(slugs))}


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
