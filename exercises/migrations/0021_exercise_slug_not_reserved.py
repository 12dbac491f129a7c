# An exercise slugged "exercises" would lose its history page to /plans/history/exercises/.

from django.db import migrations, models

import exercises.models


def rename_reserved(apps, schema_editor):
    """Give an exercise that already has a reserved slug the first free "<slug>-N"."""
    Exercise = apps.get_model("exercises", "Exercise")
    for exercise in Exercise.objects.filter(slug__in=("exercises",)):
        counter = 2
        while Exercise.objects.filter(slug=f"{exercise.slug}-{counter}").exists():
            counter += 1
        exercise.slug = f"{exercise.slug}-{counter}"
        exercise.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0020_search_term_prior"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exercise",
            name="slug",
            field=models.SlugField(
                max_length=140, unique=True, validators=[exercises.models.validate_exercise_slug]
            ),
        ),
        migrations.RunPython(rename_reserved, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug__in", ("exercises",)), _negated=True),
                name="exercise_slug_not_reserved",
            ),
        ),
    ]
