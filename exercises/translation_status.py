"""How far each exercise is translated, and putting back one language from its history.

The change list shows per language how many texts of an exercise still fall back to English
(each of its own fields, and each step, tip, mistake and FAQ entry); the history can restore
one language's texts from an earlier version without touching English or the other language.
"""

from __future__ import annotations

import reversion
from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from reversion.models import Version

from exercises.history import exercise_part_versions
from exercises.models import (
    Exercise,
    ExerciseFAQ,
    ExerciseMistake,
    ExerciseStep,
    ExerciseTip,
)
from exercises.services import (
    exercises_record_baseline,
    exercises_refresh_search_text,
    exercises_with_parts,
)
from exercises.translation import EXERCISE_FIELDS
from forge.lib.errors import InvalidInput

# The languages an editor translates into (English is the source).
TRANSLATED_LANGUAGES = tuple(
    code for code, _ in settings.LANGUAGES if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE
)
PART_MODELS: dict[type[models.Model], tuple[str, ...]] = {
    ExerciseStep: ("text",),
    ExerciseTip: ("text",),
    ExerciseMistake: ("text",),
    ExerciseFAQ: ("question", "answer"),
}


def _untranslated(name: str, language: str, prefix: str = "") -> Q:
    """English text written, none in ``language``."""
    return Q(**{f"{prefix}{name}_en__gt": ""}) & (
        Q(**{f"{prefix}{name}_{language}__isnull": True}) | Q(**{f"{prefix}{name}_{language}": ""})
    )


def missing_field(language: str) -> str:
    return f"missing_{language}"


def with_translation_missing(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    """Annotate ``missing_<lang>``: how many texts of each exercise show English in that
    language (no per-row query: one subquery per part kind)."""
    annotations = {}
    for language in TRANSLATED_LANGUAGES:
        total: models.Expression = Value(0)
        for name in EXERCISE_FIELDS:
            total += Case(
                When(_untranslated(name, language), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        for model, fields in PART_MODELS.items():
            condition = Q()
            for name in fields:
                condition |= _untranslated(name, language)
            rows = (
                model._default_manager.filter(condition, exercise=OuterRef("pk"))
                .order_by()
                .values("exercise")
                .annotate(count=Count("pk"))
                .values("count")
            )
            total += Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))
        annotations[missing_field(language)] = total
    return queryset.annotate(**annotations)


def translation_label(exercise: Exercise) -> str:
    """ "de: complete · es: 3 missing" from the annotations of with_translation_missing."""
    parts = []
    for language in TRANSLATED_LANGUAGES:
        missing = getattr(exercise, missing_field(language), None)
        if missing is None:
            continue
        parts.append(f"{language}: " + ("complete" if missing == 0 else f"{missing} missing"))
    return " · ".join(parts)


# --- History: revert one language ----------------------------------------------------------


def _language_fields(fields: tuple[str, ...], language: str) -> list[str]:
    return [f"{name}_{language}" for name in fields]


@transaction.atomic
def exercise_revert_language(
    *, exercise: Exercise, version: Version, language: str, actor
) -> list[str]:
    """Put back one language's texts of an exercise (its own fields and those of its steps,
    tips, mistakes and FAQ entries) as they were in ``version``; English, the other languages
    and everything else stay as they are. The revert is recorded in the history. Returns the
    entries that could not come back (removed since, or not in that version's language)."""
    if language not in TRANSLATED_LANGUAGES:
        raise InvalidInput(f"“{language}” is not a language exercises are translated into.")
    if version.content_type.model_class() is not Exercise or version.object_id != str(exercise.pk):
        raise InvalidInput("That version belongs to another exercise.")
    exercises_record_baseline(exercises=Exercise.objects.filter(pk=exercise.pk))
    old = version.field_dict
    current = Exercise.objects.get(pk=exercise.pk)
    names = _language_fields(EXERCISE_FIELDS, language)
    for name in names:
        setattr(current, name, old.get(name))
    current.save(update_fields=names)
    skipped = []
    for part_version in exercise_part_versions(version):
        model = part_version.content_type.model_class()
        fields = PART_MODELS.get(model)  # type: ignore[arg-type]
        if fields is None:
            continue
        old_part = part_version.field_dict
        names = _language_fields(fields, language)
        updated = model._default_manager.filter(pk=part_version.object_id).update(  # type: ignore[union-attr]
            **{name: old_part.get(name) for name in names}
        )
        if not updated:
            skipped.append(f"{part_version.object_repr} (removed since)")
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    with reversion.create_revision():
        reversion.set_user(actor)
        reversion.set_comment(
            f"Reverted the {dict(settings.LANGUAGES)[language]} ({language}) text to the "
            f"version of {version.revision.date_created:%Y-%m-%d %H:%M}."
        )
        reversion.add_to_revision(
            exercises_with_parts(Exercise.objects.filter(pk=exercise.pk)).get()
        )
    return skipped
