"""Plans kept for use with no connection: which ones, what to keep of each, and the toggle.

A plan is "available offline" when its member says so, or — until they choose — when they
played it in the last 30 days. The service worker (templates/pwa/sw.js) asks for
`offline_bundle()` as JSON and keeps, per plan, the pages listed here (plus the pictures those
pages show); the browser, not the server, knows what it holds and since when.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from plans import selectors
from plans.models import Plan, PlanDay, PlanItem, WorkoutSession

RECENT_DAYS = 30


def recent_since():
    return timezone.now() - timedelta(days=RECENT_DAYS)


def _last_played() -> Subquery:
    """When the plan (the outer query's) was last played: its latest session on any day."""
    sessions = WorkoutSession.objects.filter(plan_day__plan=OuterRef("pk"))
    return Subquery(sessions.order_by("-started_at").values("started_at")[:1])


def with_last_played(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans with `last_played`, in the same query (a subquery, no grouping)."""
    return plans.annotate(last_played=_last_played())


def offline_plan_queryset(*, user) -> QuerySet[Plan]:
    """The member's plans with `last_played`."""
    return with_last_played(Plan.objects.filter(owner=user))


def plan_list(*, user) -> QuerySet[Plan]:
    """The member's plans as the list shows them (selectors.plan_list), with `last_played`."""
    return with_last_played(selectors.plan_list(user=user))


def is_automatic(plan: Plan) -> bool:
    """Kept offline because it was played lately, not because the member said so."""
    return plan.offline is None and is_offline(plan)


def is_offline(plan: Plan, *, since=None) -> bool:
    """Whether the plan is kept offline: the member's choice, else played since `since`.

    Needs `last_played` (offline_plan_queryset) when the member has not chosen."""
    if plan.offline is not None:
        return plan.offline
    last_played = getattr(plan, "last_played", None)
    return last_played is not None and last_played >= (since or recent_since())


def offline_plan_get(*, user, pk: int) -> Plan:
    """The member's own plan with `last_played`, or 404."""
    return get_object_or_404(offline_plan_queryset(user=user), pk=pk)


@transaction.atomic
def plan_set_offline(*, plan: Plan, offline: bool) -> Plan:
    """Record the member's choice. The plan's "changed" time stays: nothing in it changed."""
    plan.offline = offline
    plan.save(update_fields=["offline"])
    return plan


@dataclass
class OfflinePlan:
    id: int
    name: str
    version: str
    url: str
    urls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "url": self.url,
            "urls": self.urls,
        }


def offline_bundle(*, user) -> list[OfflinePlan]:
    """Each offline plan of the member with the pages to keep: the plan's page, its player
    (the plan's and each day's), the page of each published exercise in it, and the plans
    list, history and offline pages. Three queries: plans, days, items with their exercises."""
    items = PlanItem.objects.select_related("exercise").only(
        "day_id", "position", "exercise__slug", "exercise__status"
    )
    plans = offline_plan_queryset(user=user).prefetch_related(
        Prefetch(
            "days",
            queryset=PlanDay.objects.order_by("position").prefetch_related(
                Prefetch("items", queryset=items.order_by("position"))
            ),
        )
    )
    since = recent_since()
    # The plans list is where the installed app opens (the manifest's start_url).
    shared = [reverse("plans:plan-list"), reverse("plans:history"), reverse("offline")]
    bundle = []
    for plan in plans:
        if not is_offline(plan, since=since):
            continue
        urls = [plan.get_absolute_url(), reverse("plans:plan-play", args=[plan.pk])]
        exercise_urls: list[str] = []
        for day in plan.days.all():
            urls.append(reverse("plans:day-play", args=[day.pk]))
            for item in day.items.all():
                url = item.exercise.get_absolute_url()
                if item.exercise.is_published and url not in exercise_urls:
                    exercise_urls.append(url)
        bundle.append(
            OfflinePlan(
                id=plan.pk,
                name=plan.name,
                version=plan.updated_at.isoformat(),
                url=plan.get_absolute_url(),
                urls=urls + exercise_urls + shared,
            )
        )
    return bundle
