"""A plan as an iCalendar file: one weekly event per plan day, on the weekdays chosen.

Times are "floating" (no time zone): 07:30 means 07:30 wherever the calendar is opened,
which is what a workout reminder should do when its owner travels. Each event lasts as long
as its day's timeline.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from plans import timeline

PRODID = "-//Forge//Workout plans//EN"


def first_on_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def plan_calendar(*, plan, weekdays: list[int], starts: date, at: time, url: str) -> bytes:
    """The calendar file for a plan whose days and items are prefetched."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plan.name)
    stamp = timezone.now()
    for day, weekday in zip(plan.days.all(), weekdays, strict=True):
        items = list(day.items.all())
        seconds = timeline.day_timeline(day).total_seconds
        event = Event()
        event.add("uid", f"forge-plan-{plan.pk}-day-{day.pk}@forge")
        event.add("dtstamp", stamp)
        event.add("summary", f"{plan.name} — {day.name}")
        event.add("dtstart", datetime.combine(first_on_weekday(starts, weekday), at))
        event.add("duration", timedelta(seconds=max(seconds, 60)))
        event.add("rrule", {"freq": "weekly"})
        lines = [f"{item.exercise.name}: {item.prescription_text}" for item in items]
        event.add("description", "\n".join([*lines, "", url]))
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
