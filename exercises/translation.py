"""Catalogue content in several languages (django-modeltranslation).

Each registered field gets one column per language beside it (``name_en``, ``name_de``,
``name_es``); reading ``exercise.name`` gives the active language's text, or the English one
where that is not written yet. English stays the source: the importers write it, the
translation loader (``load_translations``) writes the others.
"""

from modeltranslation.translator import TranslationOptions, register

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
