"""FilterSets of the plans app, shared by the HTML pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from forge.lib.dates import validate_date
from plans.models import Goal, Routine, SessionEntry, WorkoutSession


class SessionFilterSet(django_filters.FilterSet):
    """Logged sessions by date range (the day they started, in the site's time zone) and by
    an exercise they include. Loads nothing when no filter is set."""

    exercise = django_filters.CharFilter(
        method="filter_exercise", max_length=100, label="Exercise slug"
    )

    class Meta:
        model = WorkoutSession
        fields: list[str] = []

    def filter_exercise(self, queryset, name, value):
        return queryset.filter(
            Exists(
                SessionEntry.objects.filter(session=OuterRef("pk"), exercise__slug=value.strip())
            )
        )


# "from" is a Python keyword, so these two are added under their query names.
SessionFilterSet.base_filters["from"] = django_filters.DateFilter(
    field_name="started_at",
    lookup_expr="date__gte",
    label=gettext_lazy("On or after (YYYY-MM-DD)"),
    validators=[validate_date],
)
SessionFilterSet.base_filters["to"] = django_filters.DateFilter(
    field_name="started_at",
    lookup_expr="date__lte",
    label=gettext_lazy("On or before (YYYY-MM-DD)"),
    validators=[validate_date],
)


# Session length buckets for routines, in seconds: (lower bound exclusive, upper inclusive).
DURATION_BUCKETS = {
    Routine.Duration.SHORT: (None, 600),
    Routine.Duration.MEDIUM: (600, 1200),
    Routine.Duration.LONG: (1200, None),
}


class RoutineFilterSet(django_filters.FilterSet):
    """Public routines by goal (its slug) and by session length. Loads nothing when no
    filter is set."""

    goal = django_filters.ModelChoiceFilter(
        queryset=Goal.objects.all(),
        to_field_name="slug",
        label=gettext_lazy("Goal"),
        empty_label=gettext_lazy("Any goal"),
    )
    duration = django_filters.ChoiceFilter(
        choices=Routine.Duration.choices,
        method="filter_duration",
        label=gettext_lazy("Length"),
        empty_label=gettext_lazy("Any length"),
    )

    class Meta:
        model = Routine
        fields: list[str] = []

    def filter_duration(self, queryset, name, value):
        low, high = DURATION_BUCKETS[value]
        if low is not None:
            queryset = queryset.filter(estimated_seconds__gt=low)
        if high is not None:
            queryset = queryset.filter(estimated_seconds__lte=high)
        return queryset
