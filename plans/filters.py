"""FilterSets of the plans app, shared by the HTML pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef

from plans.models import SessionEntry, WorkoutSession


class SessionFilterSet(django_filters.FilterSet):
    """Logged sessions by date range (the day they started, in the site's time zone) and by
    an exercise they include. Loads nothing when no filter is set."""

    exercise = django_filters.CharFilter(
        method="filter_exercise", max_length=100, label="Exercise slug"
    )

    class Meta:
        model = WorkoutSession
        fields = []

    def filter_exercise(self, queryset, name, value):
        return queryset.filter(
            Exists(
                SessionEntry.objects.filter(session=OuterRef("pk"), exercise__slug=value.strip())
            )
        )


# "from" is a Python keyword, so these two are added under their query names.
SessionFilterSet.base_filters["from"] = django_filters.DateFilter(
    field_name="started_at", lookup_expr="date__gte", label="On or after (YYYY-MM-DD)"
)
SessionFilterSet.base_filters["to"] = django_filters.DateFilter(
    field_name="started_at", lookup_expr="date__lte", label="On or before (YYYY-MM-DD)"
)
