"""The drawn pose of an exercise without a photo (exercises.poses), for page, card and player."""

import functools
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
    targets = tuple(muscle.slug for muscle in exercise.target_muscles)
    secondaries = tuple(muscle.slug for muscle in exercise.secondary_muscles)
    pose_json = json.dumps(pose, sort_keys=True, separators=(",", ":"))
    positions = ("end",) if variant == "card" else ("start", "end")
    figures = [
        {
            "position": position,
            "caption": "Start" if position == "start" else "End",
            "svg": mark_safe(
                _figure(
                    pose_json,
                    position,
                    f"Drawing of the {exercise.name}, {position} position",
                    targets,
                    secondaries,
                    f"pose-svg--{variant}",
                )
            ),
        }
        for position in positions
    ]
    return {
        "pose": pose,
        "variant": variant,
        "figures": figures,
        "pose_json": pose_json,
        "exercise": exercise,
    }


@functools.lru_cache(maxsize=2048)
def _figure(
    pose_json: str,
    position: str,
    label: str,
    targets: tuple[str, ...],
    secondaries: tuple[str, ...],
    css: str,
) -> str:
    """One drawn figure. The drawing depends only on these arguments, so a process draws
    each once and member pages (never page-cached) stop paying ~1.4 ms a figure."""
    return svg.render(
        json.loads(pose_json),
        position=position,
        label=label,
        targets=targets,
        secondaries=secondaries,
        css=css,
    )
