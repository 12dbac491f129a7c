"""API throttles: visitors by address, members by account, never both.

A module of its own: settings.REST_FRAMEWORK names these classes, and DRF imports them while
rest_framework.views loads, so they must not live in a module that imports the views.
"""

from rest_framework import throttling


class VisitorRateThrottle(throttling.AnonRateThrottle):
    """Visitors (no credentials), counted per client address: API_THROTTLE_ANON."""

    scope = "anon"


class MemberRateThrottle(throttling.UserRateThrottle):
    """Signed-in clients, counted per account: API_THROTTLE_USER. DRF's own user throttle
    also counts visitors by address, which held them to the lower of the two rates."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # a visitor: VisitorRateThrottle's business
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
