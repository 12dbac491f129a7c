"""Writes to the catalogue. Views, admin actions and commands call these; they hold no logic."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.formats import date_format
from reversion.models import Version

from exercises import search_text
from exercises.history import exercise_part_versions
from exercises.models import (
    EXERCISE_PARTS,
    CatalogueVersion,
    Exercise,
    ExerciseImage,
    ExerciseMuscle,
    ExerciseSource,
    ExerciseVariation,
    Muscle,
    SearchTerm,
    SearchWord,
    SlugRedirect,
    Status,
)
from exercises.poses.schema import pose_problems
from exercises.search_text import build_search_text
from exercises.selectors import CATALOGUE_VERSION_KEY
from forge.lib.errors import Conflict, InvalidInput
from forge.lib.tracked import tracked


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
    tracked.delete(CATALOGUE_VERSION_KEY)
    transaction.on_commit(
        lambda: tracked.set(CATALOGUE_VERSION_KEY, version, timeout=settings.CATALOGUE_VERSION_TTL)
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


COMPLETENESS_PARTS = ("steps", "tips", "mistakes", "faqs")
_CHUNK = 500


@transaction.atomic
def exercises_refresh_search_text(
    *, exercises: QuerySet[Exercise], languages: tuple[str, ...] = search_text.LANGUAGES
) -> int:
    """Rebuild the search index of these exercises (after an edit, an import, a status change
    or a vocabulary rename): their terms, the vocabulary's counts, and the stored name and
    completeness that search ranks by. ``languages`` limits it to those languages' index
    (a translation changes only its own)."""
    rows = list(
        exercises.select_related("body_part", "equipment", "category").prefetch_related(
            "muscle_links__muscle", *COMPLETENESS_PARTS
        )
    )
    ids = [exercise.pk for exercise in rows]
    old_terms: set[tuple[str, str]] = set()
    for chunk in _chunks(ids):
        stale = SearchTerm.objects.filter(exercise_id__in=chunk, language__in=languages)
        old_terms.update(stale.values_list("language", "term"))
        stale.delete()
    new_rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for exercise in rows:
            _refresh_stored_search_fields(exercise)
    for language in languages:
        # Each language indexes the text a visitor reads in it (English where it is not
        # translated yet), stemmed the way that language's queries are; each term keeps its
        # prior (search_text.posting_prior: the order a common term's exercises are read in).
        with translation.override(language):
            for exercise in rows:
                new_rows += [
                    SearchTerm(
                        exercise_id=exercise.pk,
                        language=language,
                        term=t,
                        field=f,
                        prior=search_text.posting_prior(
                            f,
                            reviewed=exercise.reviewed,
                            sections_written=exercise.sections_written,
                            name_length=len(exercise.name),
                        ),
                    )
                    for t, f in _exercise_terms(exercise, language)
                ]
    Exercise.objects.bulk_update(
        rows, ["search_text", "search_name", "sections_written"], batch_size=_CHUNK
    )
    SearchTerm.objects.bulk_create(new_rows, batch_size=_CHUNK)
    search_vocabulary_refresh(terms=old_terms | {(row.language, row.term) for row in new_rows})
    catalogue_version_bump()
    return len(rows)


def _refresh_stored_search_fields(exercise: Exercise) -> None:
    """The English search document, name and completeness stored on the exercise."""
    links = list(exercise.muscle_links.all())
    exercise.search_text = exercise_search_text(
        name=exercise.name,
        aliases=exercise.aliases,
        body_part=exercise.body_part.name,
        equipment=exercise.equipment.name,
        category=exercise.category.name,
        muscles=[link.muscle.name for link in links],
    )
    exercise.search_name = search_text.phrase(exercise.name)[:200]
    exercise.sections_written = bool(exercise.summary.strip()) + sum(
        bool(getattr(exercise, part).all()) for part in COMPLETENESS_PARTS
    )


def _exercise_terms(exercise: Exercise, language: str) -> set[tuple[str, int]]:
    """One exercise's index terms in the active language (translation.override)."""
    links = list(exercise.muscle_links.all())
    targets = [link.muscle.name for link in links if link.role == ExerciseMuscle.Role.TARGET]
    secondary = [link.muscle.name for link in links if link.role != ExerciseMuscle.Role.TARGET]
    taxonomy = [exercise.body_part.name, exercise.equipment.name, exercise.category.name]
    return search_text.document_terms(
        name=exercise.name,
        aliases=exercise.alias_list,
        taxonomy=[*targets, *taxonomy],
        secondary=secondary,
        summary=exercise.summary,
        language=language,
    )


def search_vocabulary_refresh(*, terms: set[tuple[str, str]] | None = None) -> None:
    """Recount these (language, word) vocabulary entries (all of them when None) over
    published exercises."""
    if terms is None:
        SearchWord.objects.all().delete()
        terms = set(SearchTerm.objects.values_list("language", "term").distinct())
    title_fields = [
        search_text.Field.NAME,
        search_text.Field.ALIAS,
        search_text.Field.TAXONOMY,
        search_text.Field.SECONDARY,
    ]
    for language in sorted({language for language, _ in terms}):
        wanted = (t for lang, t in terms if lang == language and " " not in t)
        for chunk in _chunks(sorted(wanted)):
            counts = dict.fromkeys(chunk, (0, False))
            published = (
                SearchTerm.objects.filter(
                    language=language, term__in=chunk, exercise__status=Status.PUBLISHED
                )
                .values("term")
                .annotate(
                    documents=Count("exercise", distinct=True),
                    titles=Count("pk", filter=Q(field__in=title_fields)),
                )
            )
            for row in published:
                counts[row["term"]] = (row["documents"], row["titles"] > 0)
            SearchWord.objects.filter(language=language, term__in=chunk).delete()
            SearchWord.objects.bulk_create(
                [
                    SearchWord(
                        language=language, term=t, length=len(t), documents=d, is_title=title
                    )
                    for t, (d, title) in counts.items()
                    if d
                ]
            )


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# --- History ---------------------------------------------------------------------------------

BASELINE_COMMENT = "As it was before its first recorded change (imported or older edits)."


def exercises_with_parts(exercises: QuerySet[Exercise]) -> QuerySet[Exercise]:
    """Exercises as a history version records them: reversion follows the parts through
    these managers, so prefetching them saves a query per part and exercise."""
    return exercises.prefetch_related(*EXERCISE_PARTS)


_with_parts = exercises_with_parts


@transaction.atomic
def exercises_record_baseline(*, exercises: QuerySet[Exercise]) -> int:
    """Record the current state of exercises that have no history yet (imports, older edits),
    so that their first tracked change can be undone. Call it before changing them."""
    ids = [str(pk) for pk in exercises.values_list("pk", flat=True)]
    recorded = set(
        Version.objects.get_for_model(Exercise)
        .filter(object_id__in=ids)
        .values_list("object_id", flat=True)
    )
    missing = [pk for pk in ids if pk not in recorded]
    if missing:
        with reversion.create_revision():
            reversion.set_comment(BASELINE_COMMENT)
            for exercise in _with_parts(Exercise.objects.filter(pk__in=missing)):
                reversion.add_to_revision(exercise)
    return len(missing)


@transaction.atomic
def exercises_set_status(*, exercises: QuerySet[Exercise], status: str, actor=None) -> int:
    """Move exercises to a new editorial status; returns how many actually changed.

    Each change is recorded in the exercise's history with who made it.
    """
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    changing = list(exercises.exclude(status=status).values_list("pk", "status"))
    if not changing:
        return 0
    ids = [pk for pk, _ in changing]
    exercises_record_baseline(exercises=Exercise.objects.filter(pk__in=ids))
    Exercise.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
    # Only published exercises count in the search vocabulary (no "did you mean" a draft).
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk__in=ids))
    labels = dict(Status.choices)
    before = dict(changing)
    for exercise in _with_parts(Exercise.objects.filter(pk__in=ids)):
        with reversion.create_revision():
            reversion.set_user(actor)
            reversion.set_comment(
                f"Status changed from “{labels[before[exercise.pk]]}” to “{labels[status]}”."
            )
            reversion.add_to_revision(exercise)
    return len(ids)


@transaction.atomic
def exercises_set_reviewed(*, exercises: QuerySet[Exercise], reviewed: bool, actor=None) -> int:
    """Mark exercises reviewed by `actor` now (or no longer reviewed); returns how many
    changed. Each change is recorded in the exercise's history with who made it."""
    ids = list(exercises.exclude(reviewed=reviewed).values_list("pk", flat=True))
    if not ids:
        return 0
    exercises_record_baseline(exercises=Exercise.objects.filter(pk__in=ids))
    now = timezone.now()
    Exercise.objects.filter(pk__in=ids).update(
        reviewed=reviewed,
        reviewed_by=actor if reviewed and actor is not None and actor.is_authenticated else None,
        reviewed_at=now if reviewed else None,
        updated_at=now,
    )
    search_priors_refresh(exercise_ids=ids)
    catalogue_version_bump()
    comment = "Marked reviewed." if reviewed else "Marked as needing review again."
    for exercise in _with_parts(Exercise.objects.filter(pk__in=ids)):
        with reversion.create_revision():
            reversion.set_user(actor)
            reversion.set_comment(comment)
            reversion.add_to_revision(exercise)
    return len(ids)


def search_priors_refresh(*, exercise_ids: list[int]) -> None:
    """Recompute the search priors of these exercises' terms (after a change that does not
    rebuild their terms, such as marking them reviewed): one update per exercise."""
    for exercise in Exercise.objects.filter(pk__in=exercise_ids):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):  # the name as that language's index reads it
                name_length = len(exercise.name)
            priors = {
                field: search_text.posting_prior(
                    field,
                    reviewed=exercise.reviewed,
                    sections_written=exercise.sections_written,
                    name_length=name_length,
                )
                for field in search_text.FIELD_PRIORITY
            }
            SearchTerm.objects.filter(exercise=exercise, language=language).update(
                prior=Case(
                    *(When(field=field, then=Value(p)) for field, p in priors.items()),
                    default=Value(0),
                )
            )


@transaction.atomic
def exercise_revert(*, exercise: Exercise, version: Version, actor) -> list[str]:
    """Put the exercise and all its parts back as they were in `version`; the revert is itself
    recorded. Returns the parts that could not come back (their muscle, linked exercise or
    image file is gone since), for the editor to see."""
    if version.content_type.model_class() is not Exercise or version.object_id != str(exercise.pk):
        raise InvalidInput("That version belongs to another exercise.")
    # A version from before the translations holds only the English columns: read it in
    # English, so that they come back as the English text.
    with translation.override(settings.LANGUAGE_CODE):
        restored = version._object_version.object
    restored._state.adding = False  # it is this row, so uniqueness checks must skip it
    restored.search_text = ""
    try:
        restored.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise Conflict(f"This version cannot be restored as it is: {problems}") from None

    exercises_record_baseline(exercises=Exercise.objects.filter(pk=exercise.pk))
    skipped = []
    when = date_format(timezone.localtime(version.revision.date_created), settings.DATETIME_FORMAT)
    who = version.revision.user or "an import or a script"
    with reversion.create_revision():
        reversion.set_user(actor)
        reversion.set_comment(f"Reverted to the version of {when} (saved by {who}).")
        for model in EXERCISE_PARTS.values():
            model._default_manager.filter(exercise=exercise).delete()
        restored.save()
        for part_version in exercise_part_versions(version):
            with translation.override(settings.LANGUAGE_CODE):
                part = part_version._object_version.object
            reason = _missing_dependency(part)
            if reason:
                skipped.append(f"{part_version.object_repr} ({reason})")
                continue
            part.save()
        exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
        reversion.add_to_revision(_with_parts(Exercise.objects.filter(pk=exercise.pk)).get())
    return skipped


def _missing_dependency(part) -> str:
    """Why a part from an old version cannot be saved again, or "" when it can."""
    if isinstance(part, ExerciseMuscle) and not Muscle.objects.filter(pk=part.muscle_id).exists():
        return "that muscle was deleted"
    if (
        isinstance(part, ExerciseVariation)
        and not Exercise.objects.filter(pk=part.variation_id).exists()
    ):
        return "that exercise was deleted"
    if isinstance(part, ExerciseImage) and not (
        part.image.name and default_storage.exists(part.image.name)
    ):
        return "its file is no longer stored"
    return ""


# --- Folding one exercise into another ------------------------------------------------------


@transaction.atomic
def exercise_merge(*, source: Exercise, target: Exercise, actor=None) -> Exercise:
    """Fold `source` (a twin) into `target` and delete it.

    The target keeps its own text and gains what it lacks: the source's name and aliases as
    aliases, its pictures, its steps, tips, mistakes, FAQ and muscles where the target has
    none, its variations and the links to it, its sources. Everything else that points at
    the source — members' plan items and logged results — now points at the target, and the
    source's address answers with a permanent redirect to the target's.
    """
    if source.pk == target.pk:
        raise InvalidInput("Choose two different exercises to merge.")
    source = _with_parts(Exercise.objects.filter(pk=source.pk)).get()
    target = _with_parts(Exercise.objects.filter(pk=target.pk)).get()
    exercises_record_baseline(exercises=Exercise.objects.filter(pk__in=[source.pk, target.pk]))

    names = [target.name, *target.alias_list]
    seen = {search_text.phrase(n) for n in names}
    for alias in [source.name, *source.alias_list]:
        if search_text.phrase(alias) not in seen:
            seen.add(search_text.phrase(alias))
            names.append(alias)
    target.aliases = "\n".join(names[1:])

    if not target.summary.strip():
        target.summary = source.summary
    for part in ("steps", "tips", "mistakes", "faqs"):
        if not getattr(target, part).all():
            getattr(source, part).all().update(exercise=target)
    # Pictures: all of them, the target's main one staying main.
    offset = max((image.position for image in target.images.all()), default=0)
    for image in source.images.all():
        image.exercise = target
        image.position += offset
        image.is_main = image.is_main and not any(i.is_main for i in target.images.all())
        image.save(update_fields=["exercise", "position", "is_main"])
    if not target.muscle_links.all():
        source.muscle_links.all().update(exercise=target)
    # Variations both ways, never an exercise of itself, never twice.
    linked = {(v.variation_id, v.kind) for v in target.variations.all()}
    for link in source.variations.all():
        if link.variation_id != target.pk and (link.variation_id, link.kind) not in linked:
            link.exercise = target
            link.save(update_fields=["exercise"])
    ExerciseVariation.objects.filter(variation=source).exclude(exercise=target).update(
        variation=target
    )

    ExerciseSource.objects.filter(exercise=source).update(exercise=target)
    if source.source_id:
        ExerciseSource.objects.get_or_create(
            source=source.source,
            source_id=source.source_id,
            defaults={
                "exercise": target,
                "name": source.name,
                "source_url": source.source_url,
                "licence": source.licence,
            },
        )
    SlugRedirect.objects.filter(exercise=source).update(exercise=target)
    # Whatever else points at it (members' plans and logs live in another app).
    for relation in Exercise._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label != Exercise._meta.app_label and relation.one_to_many:
            model._default_manager.filter(**{relation.field.name: source}).update(
                **{relation.field.name: target}
            )
    old_slug = source.slug
    source.delete()
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"exercise": target})
    target.save()
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=target.pk))
    with reversion.create_revision():
        reversion.set_user(actor)
        reversion.set_comment(f"Merged “{source.name}” ({old_slug}) into this exercise.")
        reversion.add_to_revision(_with_parts(Exercise.objects.filter(pk=target.pk)).get())
    return target


@transaction.atomic
def exercise_poses_load(*, poses: dict) -> int:
    """Give exercises their drawn poses from a {slug: pose} mapping (docs/poses.md).

    All or nothing: an unknown slug or an invalid pose raises InvalidInput naming every one,
    and nothing changes. Returns how many exercises changed (0 on a second run)."""
    if not isinstance(poses, dict):
        raise InvalidInput("Expected an object of exercise slugs to poses.")
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=list(poses))}
    problems = [f"{slug}: no exercise has this slug." for slug in poses if slug not in exercises]
    for slug, pose in poses.items():
        problems += [
            f"{slug}, {path or 'pose'}: {message}" for path, message in pose_problems(pose)
        ]
    if problems:
        raise InvalidInput(" ".join(problems))
    changed = [e for slug, e in exercises.items() if e.pose != poses[slug]]
    for exercise in changed:
        exercise.pose = poses[exercise.slug]
        exercise.updated_at = timezone.now()
    Exercise.objects.bulk_update(changed, ["pose", "updated_at"])
    if changed:
        catalogue_version_bump()
    return len(changed)
