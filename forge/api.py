"""Site-wide API defaults referenced from settings.REST_FRAMEWORK."""

from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset pagination; a limit above 100 is clamped to 100 (documented in the schema)."""

    default_limit = 20
    max_limit = 100
