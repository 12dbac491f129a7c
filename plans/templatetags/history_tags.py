"""The history page's session rows, written in one go instead of by some twenty template nodes
each (and a few more per exercise). The markup is the template's as it was, every value
escaped as {{ }} escapes it (tests compare the two)."""

import html

from django import template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from forge.lib.dates import duration_text

register = template.Library()


def _escape(value) -> str:
    """What conditional_escape (so {{ }}) writes for a value: safe text as it is, anything
    else through html.escape as django.utils.html.escape does; without the lazy-text wrapper
    Django's escape pays on every call (a history page escapes some four hundred values)."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


_ROW = (
    '\n      <li class="session-row"{anchor}>\n'
    '        <a class="session-title" href="{url}">{title}</a>\n'
    '        <span class="muted"><time datetime="{iso}">{started}</time> · {duration} · {count}'
    "</span>\n"
    '        <ul class="session-exercises" aria-label="{label}">\n'
    "          {exercises}\n"
    "        </ul>\n"
    "      </li>\n"
    "      "
)


@register.simple_tag
def history_session_rows(rows, exercises_label) -> SafeString:
    """The <li> of each session (selectors.HistorySession), as history.html's loop wrote it:
    the first row of each day carries the day's anchor."""
    escape = _escape
    label = escape(exercises_label)
    written = []
    previous_day = None
    # A page repeats its exercises and durations: each written once.
    items: dict[tuple[bool, str, str], str] = {}
    durations: dict[int, str] = {}
    for row in rows:
        exercises = []
        for e in row.exercises:
            key = (e.is_published, e.history_url, e.name)
            if key not in items:
                items[key] = (
                    f'<li><a href="{escape(e.history_url)}">{escape(e.name)}</a></li>'
                    if e.is_published
                    else f"<li>{escape(e.name)}</li>"
                )
            exercises.append(items[key])
        if row.duration_seconds not in durations:
            durations[row.duration_seconds] = escape(duration_text(row.duration_seconds))
        written.append(
            _ROW.format(
                anchor=f' id="day-{escape(row.day)}"' if row.day != previous_day else "",
                url=escape(row.url),
                title=escape(row.title) if row.title else "Session",
                iso=escape(row.started_iso),
                started=escape(row.started_label),
                duration=durations[row.duration_seconds],
                count=escape(row.exercises_label),
                label=label,
                exercises="".join(exercises),
            )
        )
        previous_day = row.day
    return mark_safe("".join(written))


_DAY = "\n          <td{attributes}>\n            {content}\n          </td>\n          "
_OUTSIDE = '<td class="outside"></td>'
_CLASSES = {
    (True, True): ' class="trained today" aria-current="date"',
    (True, False): ' class="trained"',
    (False, True): ' class="today" aria-current="date"',
    (False, False): "",
}


@register.simple_tag
def history_calendar_weeks(grid) -> SafeString:
    """The calendar's <tr> of each week (a plans.history.MonthGrid), as history.html's loop
    over the weeks and days wrote them."""
    escape = _escape
    today = None
    trained_texts: dict[int, str] = {}  # sessions -> ", trained: 2 sessions", translated
    weeks = []
    for week in grid.weeks:
        cells = []
        for day in week:
            if day is None:
                cells.append(f"\n          {_OUTSIDE}\n        ")
                continue
            trained = day.sessions > 0
            number = day.day.day
            if trained:
                if day.sessions not in trained_texts:
                    trained_texts[day.sessions] = ngettext(
                        ", trained: %(counter)s session",
                        ", trained: %(counter)s sessions",
                        day.sessions,
                    ) % {"counter": day.sessions}
                iso = day.day.isoformat()
                content = (
                    f'<a href="?month={iso[:7]}#day-{iso}"><span class="day-number">{number}'
                    '</span><span class="day-dot" aria-hidden="true"></span>'
                    f'<span class="visually-hidden">{trained_texts[day.sessions]}</span></a>'
                )
            else:
                content = f'<span class="day-number">{number}</span>'
            if day.is_today:
                if today is None:
                    today = escape(gettext("(today)"))
                content += f'<span class="visually-hidden"> {today}</span>'
            cell = _DAY.format(attributes=_CLASSES[trained, day.is_today], content=content)
            cells.append(f"\n          {cell}\n        ")
        weeks.append("\n        <tr>\n        " + "".join(cells) + "\n        </tr>\n      ")
    return mark_safe("".join(weeks))


@register.simple_tag
def exercise_log_rows(exercises) -> SafeString:
    """The <li> of each exercise logged (selectors.LoggedExercise), as _exercise_log_list.html's
    loop wrote it: published ones link to their chart."""
    escape = _escape
    # Every value is escaped.
    return mark_safe(
        "".join(
            (
                f'\n    <li><a href="{escape(e.history_url)}">{escape(e.name)}</a>'
                if e.is_published
                else f"\n    <li><span>{escape(e.name)}</span>"
            )
            + f'\n      <span class="muted small">{escape(e.summary)}</span></li>\n    '
            for e in exercises
        )
    )
