"""Each search term gets its prior (exercises.search_text.posting_prior) and an index that
reads a term's exercises best first, so a common word's search reads a bounded number of rows."""

from django.db import migrations, models
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Least, Length

from exercises.search_text import FIELD_PRIORITY


def fill_priors(apps, schema_editor):
    """posting_prior for every existing term, in one statement."""
    Exercise = apps.get_model("exercises", "Exercise")
    SearchTerm = apps.get_model("exercises", "SearchTerm")
    standing = Exercise.objects.filter(pk=OuterRef("exercise_id")).annotate(
        standing=Case(When(reviewed=True, then=Value(500)), default=Value(0))
        + Least(F("sections_written"), Value(9)) * 50
        + 49
        - Least(Length("name"), Value(49))
    )
    SearchTerm.objects.update(
        prior=Case(
            *(When(field=field, then=Value(p * 1000)) for field, p in FIELD_PRIORITY.items()),
            default=Value(0),
        )
        + Subquery(standing.values("standing")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0019_search_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="prior",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(fill_priors, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchterm",
            index=models.Index(
                fields=["language", "term", "-prior", "exercise"], name="search_term_prior"
            ),
        ),
    ]
