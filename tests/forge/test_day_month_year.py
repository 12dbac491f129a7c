"""forge.lib.dates.day_month_year shows what the template filter `date:"j M Y"` shows."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from forge.lib.dates import (
    day_month_year,
    local_iso,
    weekday_day_month_year_time,
    weekday_day_month_year_time_format,
)

VALUES = [
    date(2026, 1, 5),
    date(2026, 12, 31),
    datetime(2026, 3, 9, 23, 30, tzinfo=UTC),  # the next day in some time zones
    datetime(2026, 5, 31, 0, 15, tzinfo=UTC),  # the day before in others
    datetime(2026, 9, 1, 12, 0),  # naive: as it is
]


def _shown(value, format="j M Y") -> str:
    """What a template shows (it puts an aware datetime in the current time zone first)."""
    return Template(f'{{{{ value|date:"{format}" }}}}').render(Context({"value": value}))


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_it_matches_the_template_filter(zone, value):
    with timezone.override(zone):
        assert day_month_year(value) == _shown(value)


def test_the_month_follows_the_active_language():
    with translation.override("de"):
        assert day_month_year(date(2026, 3, 9)) == _shown(date(2026, 3, 9)) == "9 Mär 2026"


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
@pytest.mark.parametrize("value", [v for v in VALUES if isinstance(v, datetime)], ids=str)
def test_the_session_labels_match_the_template_filter(zone, value):
    with timezone.override(zone):
        assert weekday_day_month_year_time(value) == _shown(value, "D j M Y, H:i")
        assert local_iso(value) == _shown(value, "c")


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_the_labels_made_once_per_page_match_the_template_filter(language, zone):
    """weekday_day_month_year_time_format looks the language's names up once, for datetimes
    already in the current time zone (the history page's rows)."""
    values = [v for v in VALUES if isinstance(v, datetime) and timezone.is_aware(v)]
    with timezone.override(zone), translation.override(language):
        show = weekday_day_month_year_time_format()
        for value in values:
            assert show(timezone.localtime(value)) == _shown(value, "D j M Y, H:i")
