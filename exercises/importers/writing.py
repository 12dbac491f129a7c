"""Writing: the vocabulary, then a checked `Plan` as bulk queries (rows, links, images).

Runs inside the loader's transaction. Image files stored along the way are added to `written`
so the loader can remove them again if the import fails.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from exercises.importers.export import TAXONOMY_MODELS
from exercises.importers.images import PendingImage
from exercises.importers.records import ExerciseRecord, Problem, ProblemList, TaxonomyEntry
from exercises.importers.report import ImportReport
from exercises.importers.validation import (
    PRESCRIPTION_FIELDS,
    SCALAR_FIELDS,
    Attachment,
    ExerciseWrite,
    Plan,
    Vocabulary,
)
from exercises.models import (
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseSource,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    SlugRedirect,
    exercise_image_path,
)
from exercises.pictures import image_renditions_generate, rendition_files
from exercises.services import exercise_merge, exercises_refresh_search_text
from exercises.translation import with_english_columns

CHILD_MODELS: list[type[models.Model]] = [
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseMistake,
    ExerciseFAQ,
]
# The rows of one part of an exercise, by the name Attachment.parts gives it.
PART_MODELS: dict[str, type[models.Model]] = {
    "steps": ExerciseStep,
    "tips": ExerciseTip,
    "mistakes": ExerciseMistake,
    "faq": ExerciseFAQ,
    "muscles": ExerciseMuscle,
}


def upsert_taxonomy(
    taxonomy: dict[str, list[TaxonomyEntry]], *, problems: ProblemList, report: ImportReport
) -> None:
    for kind, entries in taxonomy.items():
        model = TAXONOMY_MODELS[kind]
        # The vocabulary models are handled alike; _default_manager is each one's `objects`.
        existing = {item.slug: item for item in model._default_manager.all()}
        names = {item.name.lower(): item.slug for item in existing.values()}
        to_create, to_update = [], []
        for position, entry in enumerate(entries):
            where = f"taxonomy.{kind}[{position}] ({entry.slug!r})"
            owner = names.get(entry.name.lower())
            if owner is not None and owner != entry.slug:
                problems.append(
                    Problem(f"{where}: name {entry.name!r} is already used by {owner!r}.")
                )
                continue
            names[entry.name.lower()] = entry.slug
            item = existing.get(entry.slug)
            if item is None:
                item = model(slug=entry.slug, name=entry.name, description=entry.description)
                to_create.append(item)
            elif (item.name, item.description) != (entry.name, entry.description):
                item.name, item.description = entry.name, entry.description
                to_update.append(item)
            else:
                continue
            try:
                item.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    problems.append(Problem(f"{where}, field '{field_name}': {' '.join(messages)}"))
        model._default_manager.bulk_create(to_create)
        model._default_manager.bulk_update(
            to_update, with_english_columns(model, ["name", "description"])
        )
        report.taxonomy_created += len(to_create)
        report.taxonomy_updated += len(to_update)


def write(plan: Plan, *, report: ImportReport, written: list[str]) -> None:
    """Save the plan: exercises, their rows, variations, images, redirects, links, merges."""
    writes, matches = plan.writes, plan.matches
    created = [w.exercise for w in writes if not w.is_update]
    updated = [w.exercise for w in writes if w.is_update]
    old_slugs = dict(
        Exercise.objects.filter(pk__in=[e.pk for e in updated]).values_list("pk", "slug")
    )
    ExerciseSource.objects.bulk_create(
        [matches.adopted[w.index] for w in writes if w.is_update and w.index in matches.adopted]
    )
    now = timezone.now()
    for exercise in updated:
        exercise.updated_at = now
    Exercise.objects.bulk_update(
        updated,
        with_english_columns(
            Exercise,
            [
                *SCALAR_FIELDS,
                *PRESCRIPTION_FIELDS,
                "slug",
                "aliases",
                "body_part",
                "equipment",
                "category",
                "pose",
                "search_text",
                "reviewed_at",
                "reviewed_by",
                "updated_at",
            ],
        ),
        batch_size=500,
    )
    Exercise.objects.bulk_create(created, batch_size=500)
    report.created, report.updated = len(created), len(updated)

    updated_ids = [exercise.pk for exercise in updated]
    stale: list[type[models.Model]] = [*CHILD_MODELS, ExerciseVariation]
    for model in stale:
        model._default_manager.filter(exercise_id__in=updated_ids).delete()
    rows: dict[type[models.Model], list[models.Model]] = {model: [] for model in CHILD_MODELS}
    for w in writes:
        for model, children in _children(w.record, w.exercise, plan.vocabulary).items():
            rows[model].extend(children)
    for model, children in rows.items():
        model._default_manager.bulk_create(children, batch_size=1000)
    _link_variations(writes)
    _link_safety(writes, plan.vocabulary, updated_ids)
    _save_images(writes, plan.pending_images, report=report, written=written)
    SlugRedirect.objects.bulk_create(
        [
            SlugRedirect(old_slug=old_slugs[e.pk], exercise=e)
            for e in updated
            if old_slugs.get(e.pk) and old_slugs[e.pk] != e.slug
        ],
        ignore_conflicts=True,
    )
    _attach(plan.attachments, plan.vocabulary, report=report, written=written)
    for index, twins in matches.absorbed.items():
        for twin in twins:
            exercise_merge(source=twin, target=matches.adopted[index].exercise)
    exercises_refresh_search_text(
        exercises=Exercise.objects.filter(
            pk__in=[w.exercise.pk for w in writes] + [a.exercise.pk for a in plan.attachments]
        )
    )


def _attach(
    attachments: list[Attachment],
    vocabulary: Vocabulary,
    *,
    report: ImportReport,
    written: list[str],
) -> None:
    """Link records from other catalogues to their exercises and add what those lack."""
    if not attachments:
        return
    ExerciseSource.objects.bulk_create(
        [
            ExerciseSource(
                exercise=a.exercise,
                source=a.record.source,
                source_id=a.record.source_id,
                source_url=a.record.source_url,
                licence=a.record.licence,
                name=a.record.name,
            )
            for a in attachments
        ],
        ignore_conflicts=True,
    )
    changed = []
    for a in attachments:
        if a.aliases is not None:
            a.exercise.aliases = "\n".join(a.aliases)
        if a.summary is not None:
            a.exercise.summary = a.summary
        changed.append(a.exercise)
        children = _children(a.record, a.exercise, vocabulary)
        for part in a.parts:
            model = PART_MODELS[part]
            model._default_manager.bulk_create(children[model])
    now = timezone.now()
    for exercise in changed:
        exercise.updated_at = now
    Exercise.objects.bulk_update(
        changed,
        with_english_columns(Exercise, ["aliases", "summary", "updated_at"]),
        batch_size=500,
    )
    report.linked = len(attachments)
    _save_images(
        [ExerciseWrite(a.index, a.record, a.exercise, True) for a in attachments if a.images],
        {a.index: a.images for a in attachments if a.images},
        report=report,
        written=written,
    )


def _link_safety(writes: list[ExerciseWrite], vocabulary: Vocabulary, updated_ids) -> None:
    """The areas each exercise loads and the props it uses, as the records say."""
    Loads: Any = Exercise.loads.through
    Props: Any = Exercise.props.through
    Loads.objects.filter(exercise_id__in=updated_ids).delete()
    Props.objects.filter(exercise_id__in=updated_ids).delete()
    Loads.objects.bulk_create(
        [
            Loads(exercise_id=w.exercise.pk, area_id=vocabulary["areas"][slug].pk)
            for w in writes
            for slug in dict.fromkeys(w.record.loads)
        ],
        batch_size=1000,
    )
    Props.objects.bulk_create(
        [
            Props(exercise_id=w.exercise.pk, prop_id=vocabulary["props"][slug].pk)
            for w in writes
            for slug in dict.fromkeys(w.record.props)
        ],
        batch_size=1000,
    )


def _link_variations(writes: list[ExerciseWrite]) -> None:
    targets = {v.slug for w in writes for v in w.record.variations}
    ids = dict(Exercise.objects.filter(slug__in=targets).values_list("slug", "pk"))
    links = [
        ExerciseVariation(exercise=w.exercise, variation_id=ids[v.slug], kind=v.kind)
        for w in writes
        for v in w.record.variations
    ]
    ExerciseVariation.objects.bulk_create(links, batch_size=1000)


def _save_images(
    writes: list[ExerciseWrite],
    pending_images: dict[int, list[PendingImage]],
    *,
    report: ImportReport,
    written: list[str],
) -> None:
    replace_ids = [w.exercise.pk for w in writes if w.index in pending_images]
    old = list(ExerciseImage.objects.filter(exercise_id__in=replace_ids))
    ExerciseImage.objects.filter(pk__in=[image.pk for image in old]).delete()
    rows = []
    for w in writes:
        for pending in pending_images.get(w.index, []):
            report.images_saved += 1
            if report.dry_run:
                continue
            image = ExerciseImage(
                exercise=w.exercise,
                alt_text=pending.alt_text,
                is_main=pending.is_main,
                position=pending.position,
                role=pending.role,
                credit=pending.credit,
            )
            with pending.open() as handle:
                name = default_storage.save(
                    exercise_image_path(image, pending.name), File(handle, name=pending.name)
                )
            written.append(name)
            image.image.name = name
            rows.append(image)
    ExerciseImage.objects.bulk_create(rows, batch_size=500)
    # Renditions now, not on a visitor's first request (exercises.pictures).
    report.renditions_made += image_renditions_generate(images=rows, written=written)

    def delete_old_files() -> None:
        for image in old:
            for name in [image.image.name, *rendition_files(image)]:
                if name:  # the picture's name is always set: the field is required
                    default_storage.delete(name)

    if not report.dry_run:
        # Old files go only once the new rows are in; a rollback before here keeps them.
        transaction.on_commit(delete_old_files)


def _children(
    record: ExerciseRecord, exercise: Exercise, vocabulary: Vocabulary
) -> dict[type[models.Model], list[models.Model]]:
    """The rows of the record's parts, keyed by model in CHILD_MODELS order."""
    target, secondary = ExerciseMuscle.Role.TARGET, ExerciseMuscle.Role.SECONDARY
    return {
        ExerciseMuscle: [
            ExerciseMuscle(exercise=exercise, muscle=vocabulary["muscles"][slug], role=role)
            for slugs, role in (
                (record.target_muscles, target),
                (record.secondary_muscles, secondary),
            )
            for slug in slugs
        ],
        ExerciseStep: [
            ExerciseStep(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record.steps, 1)
        ],
        ExerciseTip: [
            ExerciseTip(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record.tips, 1)
        ],
        ExerciseMistake: [
            ExerciseMistake(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record.mistakes, 1)
        ],
        ExerciseFAQ: [
            ExerciseFAQ(exercise=exercise, position=i, question=f.question, answer=f.answer)
            for i, f in enumerate(record.faq, 1)
        ],
    }
