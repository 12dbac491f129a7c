"""What several test modules of the catalogue share: exercises made for the views, and the
exercise admin's URLs and a valid change-form POST."""

import io
import json

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from exercises import pictures
from exercises.models import Category, Equipment, Exercise, ExerciseImage
from exercises.services import exercises_refresh_search_text
from tests.factories import ExerciseFactory, complete_exercise

CHANGELIST = reverse("admin:exercises_exercise_changelist")
ADD = reverse("admin:exercises_exercise_add")
INLINES = ["muscle_links", "steps", "tips", "mistakes", "faqs", "images", "variations"]


def lying_glutes_stretch(**kwargs):
    exercise = complete_exercise(
        name="Lying Glutes Stretch",
        aliases="Figure-four stretch",
        equipment=Equipment.objects.get(slug="machine"),
        category=Category.objects.get(slug="stretching"),
        stretch=True,
        target=["glutes"],
        secondary=["hamstrings"],
        **kwargs,
    )
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    exercise.refresh_from_db()
    return exercise


def make(name, **kwargs):
    exercise = ExerciseFactory(name=name, **kwargs)
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    return exercise


def names(response) -> list[str]:
    return [exercise.name for exercise in response.context["page_obj"].object_list]


def change_form_data(exercise: Exercise, **overrides) -> dict:
    """A valid POST for the exercise change form, with empty inline formsets."""
    data = {
        "name": exercise.name,
        "slug": exercise.slug,
        "status": exercise.status,
        "summary": exercise.summary,
        "aliases": exercise.aliases,
        "body_part": exercise.body_part_id,
        "equipment": exercise.equipment_id,
        "category": exercise.category_id,
        "difficulty": exercise.difficulty,
        "force": exercise.force,
        "mechanic": exercise.mechanic,
        "hold_seconds": exercise.hold_seconds or "",
        "hold_seconds_min": exercise.hold_seconds_min or "",
        "hold_seconds_max": exercise.hold_seconds_max or "",
        "reps_per_side": exercise.reps_per_side or "",
        "source": exercise.source,
        "source_id": exercise.source_id,
        "source_url": exercise.source_url,
        "licence": exercise.licence,
        "pose": json.dumps(exercise.pose) if exercise.pose else "",
        "start_position": exercise.start_position,
        "loads": [area.pk for area in exercise.loads.all()],
        "props": [prop.pk for prop in exercise.props.all()],
        "precautions": exercise.precautions,
        "breathing": exercise.breathing,
        "review_note": exercise.review_note,
    }
    for flag in ("per_side", "needs_partner", "reviewed"):
        if getattr(exercise, flag):
            data[flag] = "on"
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


def jpeg_bytes(size=(640, 427), colour="steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def add_pictures(exercise, *, renditions: bool = True) -> list[ExerciseImage]:
    """A start and an end picture for the exercise, stored, with their renditions made."""
    images = []
    for position, role in enumerate(("start", "end")):
        image = ExerciseImage(
            exercise=exercise,
            position=position,
            role=role,
            is_main=position == 0,
            alt_text=f"{exercise.name}, {role} position",
            credit="Test photographer, public domain",
        )
        image.image.save(f"{position}.jpg", ContentFile(jpeg_bytes()), save=True)
        images.append(image)
    if renditions:
        pictures.image_renditions_generate(images=images)
    return images
