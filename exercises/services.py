"""Writes to the catalogue. Views, admin actions and commands call these; they hold no logic."""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from exercises import search
from exercises.models import Exercise, ExerciseMuscle, SearchTerm, SearchWord, Status
from exercises.search import build_search_text


def exercise_search_text(
    *,
    name: str,
    aliases: str,
    body_part: str,
    equipment: str,
    category: str,
    muscles: list[str],
) -> str:
    """The search document of one exercise, from names (not ids) so importers can use it too."""
    return build_search_text(name, aliases, *muscles, equipment, body_part, category)


COMPLETENESS_PARTS = ("steps", "tips", "mistakes", "faqs")
_CHUNK = 500


@transaction.atomic
def exercises_refresh_search_text(*, exercises: QuerySet[Exercise]) -> int:
    """Rebuild the search index of these exercises (after an edit, an import, a status change
    or a vocabulary rename): their terms, the vocabulary's counts, and the stored name and
    completeness that search ranks by."""
    rows = list(
        exercises.select_related("body_part", "equipment", "category").prefetch_related(
            "muscle_links__muscle", *COMPLETENESS_PARTS
        )
    )
    ids = [exercise.pk for exercise in rows]
    old_terms = set()
    for chunk in _chunks(ids):
        old_terms.update(
            SearchTerm.objects.filter(exercise_id__in=chunk).values_list("term", flat=True)
        )
        SearchTerm.objects.filter(exercise_id__in=chunk).delete()
    new_rows = []
    for exercise in rows:
        links = list(exercise.muscle_links.all())
        muscles = [link.muscle.name for link in links]
        targets = [link.muscle.name for link in links if link.role == ExerciseMuscle.Role.TARGET]
        secondary = [link.muscle.name for link in links if link.role != ExerciseMuscle.Role.TARGET]
        taxonomy = [exercise.body_part.name, exercise.equipment.name, exercise.category.name]
        exercise.search_text = exercise_search_text(
            name=exercise.name,
            aliases=exercise.aliases,
            body_part=exercise.body_part.name,
            equipment=exercise.equipment.name,
            category=exercise.category.name,
            muscles=muscles,
        )
        exercise.search_name = search.phrase(exercise.name)[:200]
        exercise.sections_written = bool(exercise.summary.strip()) + sum(
            bool(getattr(exercise, part).all()) for part in COMPLETENESS_PARTS
        )
        terms = search.document_terms(
            name=exercise.name,
            aliases=exercise.alias_list,
            taxonomy=[*targets, *taxonomy],
            secondary=secondary,
            summary=exercise.summary,
        )
        new_rows += [SearchTerm(exercise=exercise, term=t, field=f) for t, f in terms]
    Exercise.objects.bulk_update(
        rows, ["search_text", "search_name", "sections_written"], batch_size=_CHUNK
    )
    SearchTerm.objects.bulk_create(new_rows, batch_size=_CHUNK)
    search_vocabulary_refresh(terms=old_terms | {row.term for row in new_rows})
    return len(rows)


def search_vocabulary_refresh(*, terms: set[str] | None = None) -> None:
    """Recount these vocabulary words (all of them when None) over published exercises."""
    if terms is None:
        SearchWord.objects.all().delete()
        terms = set(SearchTerm.objects.values_list("term", flat=True).distinct())
    title_fields = [
        search.Field.NAME,
        search.Field.ALIAS,
        search.Field.TAXONOMY,
        search.Field.SECONDARY,
    ]
    for chunk in _chunks(sorted(t for t in terms if " " not in t)):
        counts = dict.fromkeys(chunk, (0, False))
        published = (
            SearchTerm.objects.filter(term__in=chunk, exercise__status=Status.PUBLISHED)
            .values("term")
            .annotate(
                documents=Count("exercise", distinct=True),
                titles=Count("pk", filter=Q(field__in=title_fields)),
            )
        )
        for row in published:
            counts[row["term"]] = (row["documents"], row["titles"] > 0)
        SearchWord.objects.filter(term__in=chunk).delete()
        SearchWord.objects.bulk_create(
            [
                SearchWord(term=t, length=len(t), documents=d, is_title=title)
                for t, (d, title) in counts.items()
                if d
            ]
        )


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@transaction.atomic
def exercises_set_status(*, exercises: QuerySet[Exercise], status: str) -> int:
    """Move exercises to a new editorial status; returns how many actually changed."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    changing = list(exercises.exclude(status=status).values_list("pk", flat=True))
    count = Exercise.objects.filter(pk__in=changing).update(
        status=status, updated_at=timezone.now()
    )
    # Only published exercises count in the search vocabulary (no "did you mean" a draft).
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk__in=changing))
    return count
