"""The pose editor on the exercise page: a JSON box that static/js/admin-pose.js turns into
angle inputs per joint, with a live preview drawn by the server (the same renderer as the
site), so the preview can never disagree with the page."""

from __future__ import annotations

import json

from django import forms
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from exercises.models import Exercise
from exercises.poses import schema, svg

MAX_BODY_BYTES = 20_000


class PoseWidget(forms.Textarea):
    """The pose as JSON (it works without JavaScript), plus what the editor script needs:
    the preview address and the joints with their ranges and meanings."""

    def __init__(self, *, preview_url: str = "", attrs=None):
        super().__init__(attrs={"rows": 6, "cols": 80, **(attrs or {})})
        self.preview_url = preview_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-pose-editor": "",
                "data-preview-url": self.preview_url,
                "data-joints": json.dumps(
                    {
                        "body": [_joint(j) for j in schema.BODY_JOINTS],
                        "limbs": [_joint(j) for j in schema.LIMB_JOINTS],
                        "views": schema.VIEWS,
                        "bases": schema.BASES,
                        "sides": schema.SIDES,
                    }
                ),
            }
        )
        return context


def _joint(joint: schema.Joint) -> dict:
    return {"name": joint.name, "low": joint.low, "high": joint.high, "help": joint.meaning}


@require_POST
def pose_preview(request: HttpRequest, *, object_id: str | None = None) -> JsonResponse:
    """Both positions of a posted pose as SVG, or 400 with every problem by path.

    Staff only and CSRF-checked (the admin site wraps it). Muscles tint from the stored
    exercise when one is named; nothing is saved."""
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse({"errors": {"pose": ["The pose is too large."]}}, status=400)
    try:
        pose = json.loads(request.body or b"null")
    except ValueError:
        return JsonResponse({"errors": {"pose": ["Not valid JSON."]}}, status=400)
    problems = schema.pose_problems(pose)
    if problems:
        errors: dict[str, list[str]] = {}
        for path, message in problems:
            errors.setdefault(path or "pose", []).append(message)
        return JsonResponse({"errors": errors}, status=400)
    name, targets, secondaries = "exercise", [], []
    if object_id is not None:
        exercise = (
            Exercise.objects.prefetch_related("muscle_links__muscle")
            .filter(pk=unquote(object_id))
            .first()
        )
        if exercise is not None:
            name = exercise.name
            targets = [m.slug for m in exercise.target_muscles]
            secondaries = [m.slug for m in exercise.secondary_muscles]
    return JsonResponse(
        {
            position: svg.render(
                pose,
                position=position,
                label=f"Preview of the {name}, {position} position",
                targets=targets,
                secondaries=secondaries,
                css="pose-svg--preview",
            )
            for position in schema.POSITIONS
        }
    )
