"""Login lock-out rules on top of django-axes (settings: AXES_*).

- Accounts are found by email case-insensitively, so the lock-out counts the email as typed
  once normalised (trimmed, case-folded): `Member@x` and `member@x` share one count.
- The pair (account, address) is locked after AXES_FAILURE_LIMIT failures, as before.
- One address is also held to AXES_ADDRESS_FAILURE_LIMIT failures across all accounts within
  the cool-off, so trying one password on many accounts (password spraying) soon stops.
  A successful login clears that account's failures, so an office behind one address, whose
  people mistype now and then and then get in, stays far below the ceiling.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def normalised_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the email as typed, trimmed and case-folded."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "data", request.POST).get(field)
    return raw.strip().casefold() if isinstance(raw, str) else raw


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler plus the per-address ceiling."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Record the failure (axes), then answer with the lock-out page as axes does for
        the pair when this failure brought the address to its ceiling."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials


def address_failures(request) -> int:
    """Failures from this request's address across all accounts, within the cool-off."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0
