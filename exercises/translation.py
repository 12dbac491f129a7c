"""Catalogue content in several languages (django-modeltranslation).

Each registered field gets one column per language beside it (``name_en``, ``name_de``,
``name_es``); reading ``exercise.name`` gives the active language's text, or the English one
where that is not written yet. English stays the source: the importers write it, the
translation loader (``load_translations``) writes the others.
"""

from collections.abc import Mapping

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import get_language

from exercises.models import (
    Area,
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseMistake,
    ExerciseStep,
    ExerciseTip,
    Muscle,
    Prop,
    register_history,
)

# The translated fields of each model, also read by the loader, the pages' fallback notice,
# the admin's completeness columns and the API.
EXERCISE_FIELDS = ("name", "aliases", "summary", "precautions", "breathing")
VOCABULARY_FIELDS = ("name", "description")


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = EXERCISE_FIELDS


@register(ExerciseStep)
class ExerciseStepTranslation(TranslationOptions):
    fields = ("text",)


@register(ExerciseTip)
class ExerciseTipTranslation(TranslationOptions):
    fields = ("text",)


@register(ExerciseMistake)
class ExerciseMistakeTranslation(TranslationOptions):
    fields = ("text",)


@register(ExerciseFAQ)
class ExerciseFAQTranslation(TranslationOptions):
    fields = ("question", "answer")


@register([BodyPart, Muscle, Equipment, Category, Prop, Area])
class VocabularyTranslation(TranslationOptions):
    fields = VOCABULARY_FIELDS


# The history must hold the new columns too (reversion listed the fields before they existed).
register_history()


def with_english_columns(model, fields: list[str]) -> list[str]:
    """``fields`` plus the English column of each translated one, for bulk_update: setting
    ``exercise.name`` in English sets ``name_en`` too, but bulk_update writes only the columns
    it is given."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return list(fields)
    return [*fields, *(f"{name}_en" for name in fields if name in translated)]


def content_language() -> str:
    """The language content is read in: the active one when the catalogue has it, else
    English ("de-at" reads German)."""
    return get_language()


# An exercise's ordered parts as the page and the API name them, with their translated fields.
PART_FIELDS = {
    "steps": ("steps", ("text",)),
    "tips": ("tips", ("text",)),
    "mistakes": ("mistakes", ("text",)),
    "faq": ("faqs", ("question", "answer")),
}


def _falls_back(obj, name: str, language: str) -> bool:
    """True when ``obj.name`` has English text but none in ``language`` (so English shows)."""
    return bool(getattr(obj, f"{name}_en", "")) and not getattr(obj, f"{name}_{language}", "")


def exercise_fallbacks(exercise: Exercise, language: str, *, parts: bool = True) -> list[str]:
    """The sections of an exercise shown in English because ``language`` has no text for
    them yet, in page order ("name", "aliases", "summary", "steps", …). Reads the prefetched
    parts (selectors.exercise_detail): no query. Empty in English. ``parts=False`` looks at
    the exercise's own fields only (a list entry has no steps)."""
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return []
    missing = [name for name in EXERCISE_FIELDS if _falls_back(exercise, name, language)]
    if not parts:
        return missing
    for key, (related, fields) in PART_FIELDS.items():
        rows = getattr(exercise, related).all()
        if any(_falls_back(row, name, language) for row in rows for name in fields):
            missing.append(key)
    return missing


def vocabulary_fallbacks(items: Mapping[str, object], language: str) -> list[str]:
    """Which of these vocabulary items (by the key a response gives them) show an English
    name in ``language``."""
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return []
    return [key for key, item in items.items() if _falls_back(item, "name", language)]


def field_fallbacks(obj, fields: Mapping[str, str], language: str) -> dict[str, str]:
    """For an API answer: response key → "en" for each translated field of ``obj`` (key →
    field name) shown in English because ``language`` has no text for it."""
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return {}
    return {key: "en" for key, name in fields.items() if _falls_back(obj, name, language)}
