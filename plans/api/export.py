"""A member's own data as one JSON document: account, plans and logged sessions.

Served as a download from the account page and through the API, in the same shapes the API
uses for plans and sessions, so a member can read it with the API's documentation.
"""

from django.utils import timezone

from plans import selectors
from plans.api.serializers import PlanSerializer, WorkoutSessionSerializer

EXPORT_FORMAT = "forge-member-data"
EXPORT_VERSION = 1


def member_export(*, user, request) -> dict:
    """Everything Forge keeps about the member (constant query count whatever its size)."""
    plans = selectors.plan_detail_queryset().filter(owner=user).order_by("created_at", "pk")
    sessions = selectors.session_list(user=user).order_by("started_at", "created_at")
    context = {"request": request}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": getattr(user, "display_name", ""),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "plans": PlanSerializer(plans, many=True, context=context).data,
        "sessions": WorkoutSessionSerializer(sessions, many=True, context=context).data,
    }


def export_filename(*, now=None) -> str:
    return f"forge-my-data-{(now or timezone.localdate()):%Y-%m-%d}.json"
