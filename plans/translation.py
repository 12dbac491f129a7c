"""Goals and shipped routines in several languages (django-modeltranslation; see
exercises/translation.py). A routine's English name and day names are its plan's (members'
copies keep them); the translated ones live on the routine."""

from modeltranslation.translator import TranslationOptions, register

from plans.models import Goal, Routine


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Routine)
class RoutineTranslation(TranslationOptions):
    fields = ("title", "description", "day_names")
