"""Writes to the catalogue. Views, admin actions and commands call these; they hold no logic."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from exercises.models import CatalogueVersion, Exercise, Status
from exercises.search import build_search_text
from exercises.selectors import CATALOGUE_VERSION_KEY


@transaction.atomic
def catalogue_version_bump() -> int:
    """Record that the catalogue changed: every cached page and datum keyed by the old
    version becomes unreachable. Call it from every catalogue write; returns the new version.

    The number is kept in the database (it survives a cache flush) and pushed to the cache
    once the write commits, so no reader caches old rows under the new number."""
    if not CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1):
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"version": 2})
    version = CatalogueVersion.objects.values_list("version", flat=True).get(pk=1)
    # Until the commit, readers fall back to the database (they see the old number there).
    cache.delete(CATALOGUE_VERSION_KEY)
    transaction.on_commit(
        lambda: cache.set(CATALOGUE_VERSION_KEY, version, timeout=settings.CATALOGUE_VERSION_TTL)
    )
    return version


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
    catalogue_version_bump()
    return len(rows)


@transaction.atomic
def exercises_set_status(*, exercises: QuerySet[Exercise], status: str) -> int:
    """Move exercises to a new editorial status; returns how many actually changed."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    changed = exercises.exclude(status=status).update(status=status, updated_at=timezone.now())
    if changed:
        catalogue_version_bump()
    return changed
