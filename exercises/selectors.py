"""Reads of the catalogue: each function returns one named, prefetched queryset."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from exercises.models import (
    Exercise,
    ExerciseFAQ,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
)


def _muscle_links() -> Prefetch:
    return Prefetch(
        "muscle_links",
        queryset=ExerciseMuscle.objects.select_related("muscle").order_by("role", "muscle__name"),
    )


def exercise_export_list() -> QuerySet[Exercise]:
    """Every exercise with everything the forge format holds (7 queries whatever the size)."""
    return (
        Exercise.objects.select_related("body_part", "equipment", "category")
        .prefetch_related(
            _muscle_links(),
            "steps",
            "tips",
            "mistakes",
            "faqs",
            "images",
            Prefetch("variations", queryset=ExerciseVariation.objects.select_related("variation")),
        )
        .order_by("source", "source_id", "pk")
    )


# The seed page's sections, as (annotation, label) pairs the completeness column reports.
COMPLETENESS_SECTIONS = [
    ("has_target", "target muscle"),
    ("has_steps", "steps"),
    ("has_tips", "tips"),
    ("has_mistakes", "mistakes"),
    ("has_faq", "FAQ"),
]


def exercise_admin_list() -> QuerySet[Exercise]:
    """The admin change list: taxonomy joined, completeness as EXISTS columns, no per-row query."""
    return Exercise.objects.select_related("body_part", "equipment", "category").annotate(
        has_target=Exists(
            ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), role=ExerciseMuscle.Role.TARGET)
        ),
        has_steps=Exists(ExerciseStep.objects.filter(exercise=OuterRef("pk"))),
        has_tips=Exists(ExerciseTip.objects.filter(exercise=OuterRef("pk"))),
        has_mistakes=Exists(ExerciseMistake.objects.filter(exercise=OuterRef("pk"))),
        has_faq=Exists(ExerciseFAQ.objects.filter(exercise=OuterRef("pk"))),
    )


def exercise_missing_sections(exercise: Exercise) -> list[str]:
    """Seed-page sections an annotated exercise (from exercise_admin_list) still lacks."""
    missing = [] if exercise.summary.strip() else ["quick answer"]
    missing += [label for name, label in COMPLETENESS_SECTIONS if not getattr(exercise, name)]
    return missing
