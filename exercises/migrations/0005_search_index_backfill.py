"""Index the exercises that exist before search terms did (later writes keep it current)."""

from django.db import migrations
from django.db.models import Count, Q

from exercises import search_text


def backfill(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    SearchTerm = apps.get_model("exercises", "SearchTerm")
    SearchWord = apps.get_model("exercises", "SearchWord")
    rows = []
    exercises = Exercise.objects.select_related("body_part", "equipment", "category")
    for exercise in exercises.prefetch_related(
        "muscle_links__muscle", "steps", "tips", "mistakes", "faqs"
    ):
        exercise.search_name = search_text.phrase(exercise.name)[:200]
        exercise.sections_written = bool(exercise.summary.strip()) + sum(
            bool(getattr(exercise, part).all()) for part in ("steps", "tips", "mistakes", "faqs")
        )
        exercise.save(update_fields=["search_name", "sections_written"])
        terms = search_text.document_terms(
            name=exercise.name,
            aliases=[a.strip() for a in exercise.aliases.splitlines() if a.strip()],
            secondary=[link.muscle.name for link in exercise.muscle_links.all() if link.role != 1],
            taxonomy=[
                *(link.muscle.name for link in exercise.muscle_links.all() if link.role == 1),
                exercise.body_part.name,
                exercise.equipment.name,
                exercise.category.name,
            ],
            summary=exercise.summary,
        )
        rows += [SearchTerm(exercise=exercise, term=t, field=f) for t, f in terms]
    SearchTerm.objects.bulk_create(rows, batch_size=500)
    titles = [
        search_text.Field.NAME,
        search_text.Field.ALIAS,
        search_text.Field.TAXONOMY,
        search_text.Field.SECONDARY,
    ]
    counts = (
        SearchTerm.objects.filter(exercise__status="published")
        .exclude(term__contains=" ")
        .values("term")
        .annotate(
            documents=Count("exercise", distinct=True),
            titles=Count("pk", filter=Q(field__in=titles)),
        )
    )
    SearchWord.objects.bulk_create(
        [
            SearchWord(
                term=row["term"],
                length=len(row["term"]),
                documents=row["documents"],
                is_title=row["titles"] > 0,
            )
            for row in counts
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("exercises", "0004_search_index")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
