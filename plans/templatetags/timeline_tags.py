"""Durations for templates, all read off plans.timeline (the one source of every duration)."""

from django import template

from plans import timeline

register = template.Library()


@register.filter
def day_seconds(day) -> int:
    """A plan day's estimate (its items and exercises prefetched)."""
    return timeline.day_timeline(day).total_seconds


@register.filter
def plan_seconds(plan) -> int:
    return timeline.plan_seconds(plan)


@register.filter
def exercise_seconds(exercise) -> int:
    """Following one exercise with the player, at its default prescription."""
    return timeline.build_timeline([timeline.prescription_from_exercise(exercise)]).total_seconds


@register.filter
def with_total_time(json_ld: list[dict], exercise) -> list[dict]:
    """The exercise page's JSON-LD with the HowTo's totalTime from the player's timeline."""
    if not exercise.is_timed:
        return json_ld
    seconds = exercise_seconds(exercise)
    return [
        {**block, "totalTime": f"PT{seconds}S"} if block.get("@type") == "HowTo" else block
        for block in json_ld
    ]
