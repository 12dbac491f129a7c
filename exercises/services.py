"""Writes to the catalogue. Views, admin actions and commands call these; they hold no logic."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from exercises.models import Exercise, Status
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


@transaction.atomic
def exercises_refresh_search_text(*, exercises: QuerySet[Exercise]) -> int:
    """Rebuild the search text of these exercises (after an edit or a vocabulary rename)."""
    rows = list(
        exercises.select_related("body_part", "equipment", "category").prefetch_related(
            "muscle_links__muscle"
        )
    )
    for exercise in rows:
        exercise.search_text = exercise_search_text(
            name=exercise.name,
            aliases=exercise.aliases,
            body_part=exercise.body_part.name,
            equipment=exercise.equipment.name,
            category=exercise.category.name,
            muscles=[link.muscle.name for link in exercise.muscle_links.all()],
        )
    Exercise.objects.bulk_update(rows, ["search_text"], batch_size=500)
    return len(rows)


@transaction.atomic
def exercises_set_status(*, exercises: QuerySet[Exercise], status: str) -> int:
    """Move exercises to a new editorial status; returns how many actually changed."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    return exercises.exclude(status=status).update(status=status, updated_at=timezone.now())
