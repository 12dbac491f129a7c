"""Reading a number out of a request's query or form data."""

from django.http import Http404


def int_or_404(value: str) -> int:
    """A day's id or number as a request gives it; anything else is a missing page."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such day.") from None
