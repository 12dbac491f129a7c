"""The dates Forge accepts anywhere: from 1970 to 2100.

Python's dates end at 9999-12-31 and begin at 0001-01-01, so arithmetic near either end (a
calendar's next week, a time zone's offset) overflows; no workout or plan of Forge's needs a
date outside these bounds. Forms and filters use `validate_date`; services check
`date_in_bounds` and raise their own domain error.
"""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language, pgettext

EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2100, 12, 31)
OUT_OF_BOUNDS = f"Choose a date from {EARLIEST_DATE:%Y} to {LATEST_DATE:%Y}."


def date_in_bounds(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def validate_date(value: date) -> None:
    """A form or filter field validator (a datetime is checked by its date)."""
    if not date_in_bounds(value if type(value) is date else value.date()):  # type: ignore[attr-defined]
        raise ValidationError(OUT_OF_BOUNDS, code="date_out_of_bounds")


def day_month_year(value: date) -> str:
    """What `{{ value|date:"j M Y" }}` shows ("7 Dec 2026"; a datetime in the current time
    zone, the month in the active language) without the filter's cost per call: for pages
    that list hundreds of dates."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {_short_months(get_language())[value.month]} {value.year}"


@functools.lru_cache(maxsize=32)
def _short_months(language: str | None) -> dict[int, str]:
    """The month abbreviations of `{{ value|date:"M" }}` in this language."""
    return {number: str(name).title() for number, name in MONTHS_3.items()}


def local_iso(value: datetime) -> str:
    """What `{{ value|date:"c" }}` shows: ISO 8601 in the current time zone."""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()


def weekday_day_month_year_time(value: datetime) -> str:
    """What `{{ value|date:"D j M Y, H:i" }}` shows ("Mon 7 Dec 2026, 18:30")."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return weekday_day_month_year_time_format()(local)


def weekday_day_month_year_time_format() -> Callable[[datetime], str]:
    """weekday_day_month_year_time for a page that shows many datetimes, each given already
    in the current time zone: the active language's names are looked up once."""
    language = get_language()
    weekdays, months = _short_weekdays(language), _short_months(language)

    def show(local: datetime) -> str:
        return (
            f"{weekdays[local.weekday()]} {local.day} {months[local.month]} {local.year}, "
            f"{local.hour:02d}:{local.minute:02d}"
        )

    return show


@functools.lru_cache(maxsize=32)
def _short_weekdays(language: str | None) -> dict[int, str]:
    """The weekday abbreviations of `{{ value|date:"D" }}` in this language."""
    return {number: str(name) for number, name in WEEKDAYS_ABBR.items()}


def duration_text(seconds: int) -> str:
    """90 -> "1 min 30 s"; 45 -> "45 s", in the active language ("1 Min. 30 s"): the
    {% seconds %} tag, and rows written in Python."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return pgettext("duration", "%(seconds)s s") % {"seconds": rest}
    if not rest:
        return pgettext("duration", "%(minutes)s min") % {"minutes": minutes}
    return pgettext("duration", "%(minutes)s min %(seconds)s s") % {
        "minutes": minutes,
        "seconds": rest,
    }
