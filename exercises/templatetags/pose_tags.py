"""The drawn pose of an exercise without a photo (exercises.poses), for page, card and player."""

import json

from django import template
from django.utils.safestring import mark_safe

from exercises.models import Exercise
from exercises.poses import svg

register = template.Library()

VARIANTS = ("page", "card", "player")


@register.inclusion_tag("exercises/_exercise_pose.html")
def exercise_pose(exercise: Exercise, variant: str = "page") -> dict:
    """Reads the exercise's row and prefetched muscle links: no queries of its own."""
    if variant not in VARIANTS:
        raise template.TemplateSyntaxError(f"exercise_pose: unknown variant {variant!r}")
    pose = exercise.pose
    if not pose:
        return {"pose": None}
    targets = [muscle.slug for muscle in exercise.target_muscles]
    secondaries = [muscle.slug for muscle in exercise.secondary_muscles]
    positions = ("end",) if variant == "card" else ("start", "end")
    figures = [
        {
            "position": position,
            "caption": "Start" if position == "start" else "End",
            "svg": mark_safe(
                svg.render(
                    pose,
                    position=position,
                    label=f"Drawing of the {exercise.name}, {position} position",
                    targets=targets,
                    secondaries=secondaries,
                    css=f"pose-svg--{variant}",
                )
            ),
        }
        for position in positions
    ]
    return {
        "pose": pose,
        "variant": variant,
        "figures": figures,
        "pose_json": json.dumps(pose, sort_keys=True, separators=(",", ":")),
        "exercise": exercise,
    }
