"""The English text stays in its own columns; this copies it into the ``*_en`` columns that
django-modeltranslation reads in English, so every page keeps working as before."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "Exercise": ("name", "aliases", "summary", "precautions", "breathing"),
    "ExerciseStep": ("text",),
    "ExerciseTip": ("text",),
    "ExerciseMistake": ("text",),
    "ExerciseFAQ": ("question", "answer"),
    "BodyPart": ("name", "description"),
    "Muscle": ("name", "description"),
    "Equipment": ("name", "description"),
    "Category": ("name", "description"),
    "Prop": ("name", "description"),
    "Area": ("name", "description"),
}


def copy_english(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("exercises", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0017_catalogue_translations")]

    operations = [migrations.RunPython(copy_english, migrations.RunPython.noop)]
