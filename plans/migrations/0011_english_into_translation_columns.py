"""Goals and routines keep their English text; this copies it into the ``*_en`` columns that
django-modeltranslation reads in English (a routine's English name stays its plan's)."""

from django.db import migrations
from django.db.models import F


def copy_english(apps, schema_editor):
    apps.get_model("plans", "Goal").objects.update(
        name_en=F("name"), description_en=F("description")
    )
    apps.get_model("plans", "Routine").objects.update(description_en=F("description"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0010_goal_routine_translations")]

    operations = [migrations.RunPython(copy_english, migrations.RunPython.noop)]
