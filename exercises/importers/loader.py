"""The format-agnostic loader: validate every record, then write them all in one transaction.

Nothing is written until the whole file has been checked; every problem found is reported
together (record index and id, field, what is wrong). Writes are bulk queries. A record
updates the exercise `find_existing` matches it to — the one with the same source and source
id, or the same movement from another catalogue (see `find_existing`) — and is left alone when
nothing in it changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from exercises import search_text
from exercises.importers import images as image_files
from exercises.importers.export import TAXONOMY_MODELS, exercise_to_record
from exercises.importers.records import (
    ExerciseRecord,
    ImporterError,
    Prescription,
    Problem,
    ProblemList,
    TaxonomyEntry,
)
from exercises.importers.report import ImportReport
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
    SearchTerm,
    SlugRedirect,
    Status,
    exercise_image_path,
)
from exercises.selectors import exercise_export_list
from exercises.services import (
    exercise_merge,
    exercise_search_text,
    exercises_refresh_search_text,
)

# Exercise fields copied as they are from a record; everything else is a relation.
SCALAR_FIELDS = [
    "name",
    "summary",
    "difficulty",
    "force",
    "mechanic",
    "status",
    "is_featured",
    "source",
    "source_id",
    "source_url",
    "licence",
]
PRESCRIPTION_FIELDS = [
    "hold_seconds",
    "hold_seconds_min",
    "hold_seconds_max",
    "per_side",
    "reps_per_side",
]
CHILD_MODELS = [ExerciseMuscle, ExerciseStep, ExerciseTip, ExerciseMistake, ExerciseFAQ]


class Loader:
    def __init__(
        self,
        records: list[ExerciseRecord],
        *,
        taxonomy: dict[str, list[TaxonomyEntry]] | None = None,
        images_dir: Path | None = None,
        fetch_images: bool = False,
        status: str | None = None,
        dry_run: bool = False,
    ):
        if status is not None and status not in Status.values:
            raise ImporterError(f"Unknown status {status!r}; expected one of {Status.values}.")
        self.records = records
        self.taxonomy = taxonomy or {}
        self.images_dir = images_dir
        self.fetch_images = fetch_images
        self.status = status
        self.report = ImportReport(dry_run=dry_run)
        self.problems = ProblemList()
        self.links: dict[int, Exercise] = {}
        # Records that take over an exercise imported from elsewhere (see find_existing), and
        # the other imported twins folded into it.
        self.adopted: dict[int, ExerciseSource] = {}
        self.absorbed: dict[int, list[Exercise]] = {}
        self._written: list[str] = []  # stored files, removed again if the import fails

    def run(self) -> ImportReport:
        """Import everything, or raise ImporterError with the database untouched."""
        try:
            with transaction.atomic():
                self._upsert_taxonomy()
                self.problems.raise_if_any()
                plan = self._validate()
                self.problems.raise_if_any()
                self._write(*plan)
                if self.report.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            for name in self._written:
                default_storage.delete(name)
            raise
        return self.report

    def _fail(self, index: int, record: ExerciseRecord, field: str, message: str) -> None:
        self.problems.append(Problem(message, index, record.source_id, field))

    # --- Matching -----------------------------------------------------------------------

    def find_existing(self) -> dict[int, Exercise]:
        """The stored exercise each record writes over, by record index (prefetched).

        A record matches, in this order: the exercise with its source and source id; an
        exercise that already holds it as a linked source; an exercise whose name or an
        alias is the record's name or one of its aliases (normalised: "Child's Pose" and
        "childs pose" meet). A match from another source is *linked* (see self.links): the
        exercise keeps its text and gains what it lacks — unless the record is Forge's own
        editorial text and the exercise came from elsewhere, when the record takes the
        exercise over and the old source becomes a linked one. So import order does not
        matter, and one movement is one exercise.
        """
        keys = [record.key for record in self.records]
        by_key = {
            (exercise.source, exercise.source_id): exercise
            for exercise in exercise_export_list().filter(
                source__in={source for source, _ in keys},
                source_id__in={source_id for _, source_id in keys},
            )
        }
        linked_ids = dict(
            ((link.source, link.source_id), link.exercise_id)
            for link in ExerciseSource.objects.filter(
                source__in={source for source, _ in keys},
                source_id__in={source_id for _, source_id in keys},
            )
        )
        names = {
            index: {search_text.phrase(n) for n in [record.name, *record.aliases]} - {""}
            for index, record in enumerate(self.records)
        }
        by_phrase: dict[str, list[int]] = {}
        for term, exercise_id in (
            SearchTerm.objects.filter(
                field__in=[search_text.Field.NAME_PHRASE, search_text.Field.ALIAS_PHRASE],
                term__in=set().union(*names.values()),
            )
            .order_by("field", "exercise_id")
            .values_list("term", "exercise_id")
        ):
            by_phrase.setdefault(term, []).append(exercise_id)  # a name before an alias
        wanted = set(linked_ids.values()) | {pk for pks in by_phrase.values() for pk in pks}
        stored = {e.pk: e for e in exercise_export_list().filter(pk__in=wanted)}
        claimed = {exercise.pk for exercise in by_key.values()}

        existing: dict[int, Exercise] = {}
        self.links = {}
        for index, record in enumerate(self.records):
            if record.key in by_key:
                existing[index] = by_key[record.key]
                continue
            if record.key in linked_ids and linked_ids[record.key] in stored:
                self.links[index] = stored[linked_ids[record.key]]
                continue
            matches = [
                stored[pk]
                for n in sorted(names[index])
                for pk in by_phrase.get(n, [])
                if pk not in claimed
            ]
            matches = list({m.pk: m for m in matches}.values())
            if not matches:
                continue
            match = matches[0]
            if record.source == "forge" and match.source != "forge":
                existing[index] = match
                claimed.add(match.pk)
                # A snapshot: the exercise object itself is rewritten from the record later.
                self.adopted[index] = ExerciseSource(
                    exercise=match,
                    source=match.source,
                    source_id=match.source_id,
                    source_url=match.source_url,
                    licence=match.licence,
                    name=match.name,
                )
                # Other imported twins of the same movement are folded into it too, so the
                # order of imports does not change the catalogue.
                self.absorbed[index] = [m for m in matches[1:] if m.source != "forge"]
                claimed.update(m.pk for m in self.absorbed[index])
            elif record.source != match.source:
                self.links[index] = match
        # Names other catalogues give an exercise stay its aliases when a record rewrites it.
        rewritten = {index: exercise.pk for index, exercise in existing.items()}
        other_names: dict[int, list[str]] = {}
        for exercise_id, name in ExerciseSource.objects.filter(
            exercise_id__in=rewritten.values()
        ).values_list("exercise_id", "name"):
            other_names.setdefault(exercise_id, []).append(name)
        for index, exercise_id in rewritten.items():
            extra = other_names.get(exercise_id, [])
            if index in self.adopted:
                extra = [self.adopted[index].name, *existing[index].alias_list, *extra]
                for twin in self.absorbed[index]:
                    extra += [twin.name, *twin.alias_list]
            if extra:
                self.records[index].aliases = _merged_aliases(self.records[index], extra)
        return existing

    # --- Validation ---------------------------------------------------------------------

    def _validate(self):
        records = self.records
        seen: dict[tuple[str, str], int] = {}
        for index, record in enumerate(records):
            first = seen.setdefault(record.key, index)
            if first != index:
                self._fail(index, record, "source_id", f"duplicates record {first}.")
        existing = self.find_existing()
        self._assign_slugs(existing)
        self._check_slugs(existing)
        maps = self._resolve_taxonomy()
        pending_images = image_files.collect(
            records,
            images_dir=self.images_dir,
            fetch=self.fetch_images,
            problems=self.problems,
            report=self.report,
        )
        self._check_variations()

        touched = []
        self.attachments = []
        for index, record in enumerate(records):
            if index in self.links:
                attachment = self._attachment(index, record, maps, pending_images.get(index))
                if attachment.changes:
                    self.attachments.append(attachment)
                    self.report.matches.append(attachment.describe())
                else:
                    self.report.unchanged += 1
                continue
            current = existing.get(index)
            if index in self.adopted and current is not None:
                twins = "".join(
                    f", and folds in “{t.name}” ({t.source}: {t.source_id})"
                    for t in self.absorbed[index]
                )
                self.report.matches.append(
                    f"record {index} ({record.source}: {record.source_id}) takes over "
                    f"“{current.name}” ({current.source}: {current.source_id}), which becomes "
                    f"a linked source{twins}"
                )
            if self.status is not None:
                record.status = self.status
            elif current is not None and record.source != "forge":
                # Editors decide when an imported exercise goes live; a re-import keeps that.
                record.status = current.status
            if current is not None and _unchanged(
                exercise_to_record(current), record, pending_images.get(index)
            ):
                self.report.unchanged += 1
                continue
            exercise = self._build_exercise(index, record, maps, current)
            if exercise is not None:
                touched.append((index, record, exercise, current is not None))
        return touched, maps, pending_images

    def _assign_slugs(self, existing: dict[int, Exercise]) -> None:
        """Formats without slugs get one from the name, never taking another's slug."""
        if all(record.slug for record in self.records):
            return
        matched = {exercise.pk for exercise in [*existing.values(), *self.links.values()]}
        taken = set(Exercise.objects.exclude(pk__in=matched).values_list("slug", flat=True))
        for index, record in enumerate(self.records):
            if not record.slug and index in existing:
                record.slug = existing[index].slug
            if index in self.links:
                record.slug = self.links[index].slug
            if record.slug:
                taken.add(record.slug)
        for record in self.records:
            if record.slug:
                continue
            base = slugify(record.name)[:130] or "exercise"
            slug, counter = base, 2
            while slug in taken:
                slug, counter = f"{base}-{counter}", counter + 1
            record.slug = slug
            taken.add(slug)

    def _check_slugs(self, existing: dict[int, Exercise]) -> None:
        seen: dict[str, int] = {}
        for index, record in enumerate(self.records):
            if index in self.links:
                continue
            first = seen.setdefault(record.slug, index)
            if first != index:
                self._fail(index, record, "slug", f"{record.slug!r} duplicates record {first}.")
        owners = Exercise.objects.filter(slug__in=seen).values_list(
            "slug", "pk", "source", "source_id"
        )
        for slug, pk, source, source_id in owners:
            index = seen[slug]
            match = existing.get(index) or self.links.get(index)
            if match is None or match.pk != pk:
                self._fail(
                    index,
                    self.records[index],
                    "slug",
                    f"{slug!r} already belongs to another exercise ({source}: {source_id}).",
                )

    def _resolve_taxonomy(self) -> dict[str, dict]:
        maps = {
            kind: {item.slug: item for item in model.objects.all()}
            for kind, model in TAXONOMY_MODELS.items()
        }
        checks = [
            ("body_part", "body_parts"),
            ("equipment", "equipment"),
            ("category", "categories"),
        ]
        for index, record in enumerate(self.records):
            for key, kind in checks:
                value = getattr(record, key)
                if value not in maps[kind]:
                    self._fail(index, record, key, f"unknown {key.replace('_', ' ')} {value!r}.")
            for key in ("target_muscles", "secondary_muscles"):
                for slug in getattr(record, key):
                    if slug not in maps["muscles"]:
                        self._fail(index, record, key, f"unknown muscle {slug!r}.")
        return maps

    def _check_variations(self) -> None:
        in_file = {record.slug for record in self.records}
        wanted = {v.slug for record in self.records for v in record.variations} - in_file
        stored = set(Exercise.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for index, record in enumerate(self.records):
            for position, variation in enumerate(record.variations):
                if variation.slug not in in_file and variation.slug not in stored:
                    self._fail(
                        index,
                        record,
                        f"variations[{position}].slug",
                        f"no exercise has the slug {variation.slug!r}.",
                    )

    def _build_exercise(self, index, record, maps, instance) -> Exercise | None:
        try:
            body_part = maps["body_parts"][record.body_part]
            equipment = maps["equipment"][record.equipment]
            category = maps["categories"][record.category]
            muscles = [
                maps["muscles"][slug].name
                for slug in record.target_muscles + record.secondary_muscles
            ]
        except KeyError:
            return None  # already reported by _resolve_taxonomy
        exercise = instance or Exercise()
        for name in SCALAR_FIELDS:
            setattr(exercise, name, getattr(record, name))
        prescription = record.prescription or Prescription()
        for name in PRESCRIPTION_FIELDS:
            setattr(exercise, name, getattr(prescription, name))
        exercise.slug = record.slug
        exercise.aliases = "\n".join(record.aliases)
        exercise.body_part, exercise.equipment, exercise.category = body_part, equipment, category
        exercise.search_text = exercise_search_text(
            name=record.name,
            aliases=exercise.aliases,
            body_part=body_part.name,
            equipment=equipment.name,
            category=category.name,
            muscles=muscles,
        )
        try:
            # Field and clean() checks only: FK existence and uniqueness were settled in bulk.
            exercise.full_clean(
                exclude=["body_part", "equipment", "category"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                prefix = "prescription." if field_name in PRESCRIPTION_FIELDS else ""
                self._fail(index, record, prefix + field_name, " ".join(messages))
            return None
        return exercise

    # --- Writing ------------------------------------------------------------------------

    def _upsert_taxonomy(self) -> None:
        for kind, entries in self.taxonomy.items():
            model = TAXONOMY_MODELS[kind]
            existing = {item.slug: item for item in model.objects.all()}
            names = {item.name.lower(): item.slug for item in existing.values()}
            to_create, to_update = [], []
            for position, entry in enumerate(entries):
                where = f"taxonomy.{kind}[{position}] ({entry.slug!r})"
                owner = names.get(entry.name.lower())
                if owner is not None and owner != entry.slug:
                    self.problems.append(
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
                        self.problems.append(
                            Problem(f"{where}, field '{field_name}': {' '.join(messages)}")
                        )
            model.objects.bulk_create(to_create)
            model.objects.bulk_update(to_update, ["name", "description"])
            self.report.taxonomy_created += len(to_create)
            self.report.taxonomy_updated += len(to_update)

    def _write(self, touched, maps, pending_images) -> None:
        created = [exercise for _, _, exercise, is_update in touched if not is_update]
        updated = [exercise for _, _, exercise, is_update in touched if is_update]
        old_slugs = dict(
            Exercise.objects.filter(pk__in=[e.pk for e in updated]).values_list("pk", "slug")
        )
        ExerciseSource.objects.bulk_create(
            [
                self.adopted[index]
                for index, _, exercise, is_update in touched
                if is_update and index in self.adopted
            ]
        )
        now = timezone.now()
        for exercise in updated:
            exercise.updated_at = now
        Exercise.objects.bulk_update(
            updated,
            [
                *SCALAR_FIELDS,
                *PRESCRIPTION_FIELDS,
                "slug",
                "aliases",
                "body_part",
                "equipment",
                "category",
                "search_text",
                "updated_at",
            ],
            batch_size=500,
        )
        Exercise.objects.bulk_create(created, batch_size=500)
        self.report.created, self.report.updated = len(created), len(updated)

        updated_ids = [exercise.pk for exercise in updated]
        for model in [*CHILD_MODELS, ExerciseVariation]:
            model.objects.filter(exercise_id__in=updated_ids).delete()
        rows: dict[type, list] = {model: [] for model in CHILD_MODELS}
        for _, record, exercise, _ in touched:
            for model, children in _children(record, exercise, maps).items():
                rows[model].extend(children)
        for model, children in rows.items():
            model.objects.bulk_create(children, batch_size=1000)
        self._link_variations(touched)
        self._save_images(touched, pending_images)
        SlugRedirect.objects.bulk_create(
            [
                SlugRedirect(old_slug=old_slugs[e.pk], exercise=e)
                for e in updated
                if old_slugs.get(e.pk) and old_slugs[e.pk] != e.slug
            ],
            ignore_conflicts=True,
        )
        self._attach(maps)
        for index, twins in self.absorbed.items():
            for twin in twins:
                exercise_merge(source=twin, target=self.adopted[index].exercise)
        exercises_refresh_search_text(
            exercises=Exercise.objects.filter(
                pk__in=[e.pk for _, _, e, _ in touched] + [a.exercise.pk for a in self.attachments]
            )
        )

    # --- Linking a record from another source to an existing exercise -------------------

    def _attachment(self, index, record, maps, pending) -> Attachment:
        """What a matched record from another catalogue adds to the exercise it matches."""
        exercise = self.links[index]
        attachment = Attachment(index=index, record=record, exercise=exercise)
        if not ExerciseSource.objects.filter(
            source=record.source, source_id=record.source_id
        ).exists():
            attachment.changes.append(f"links {record.source}: {record.source_id}")
        new_aliases = _merged_aliases(exercise_to_record(exercise), [record.name, *record.aliases])
        added = [a for a in new_aliases if a not in exercise.alias_list]
        if added:
            attachment.aliases = new_aliases
            attachment.changes.append("adds aliases " + ", ".join(f"“{a}”" for a in added))
        if pending and not exercise.images.all():
            attachment.images = pending
            attachment.changes.append(f"adds {len(pending)} image(s)")
        if not exercise.summary.strip() and record.summary.strip():
            attachment.summary = record.summary
            attachment.changes.append("adds the summary")
        for part in ("steps", "tips", "mistakes"):
            if not getattr(exercise, part).all() and getattr(record, part):
                attachment.parts.append(part)
                attachment.changes.append(f"adds {len(getattr(record, part))} {part}")
        if not exercise.faqs.all() and record.faq:
            attachment.parts.append("faq")
            attachment.changes.append(f"adds {len(record.faq)} FAQ entries")
        if not exercise.muscle_links.all() and (record.target_muscles or record.secondary_muscles):
            attachment.parts.append("muscles")
            attachment.changes.append("adds its muscles")
        return attachment

    def _attach(self, maps) -> None:
        if not self.attachments:
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
                for a in self.attachments
            ],
            ignore_conflicts=True,
        )
        changed = []
        for a in self.attachments:
            if a.aliases is not None:
                a.exercise.aliases = "\n".join(a.aliases)
            if a.summary is not None:
                a.exercise.summary = a.summary
            changed.append(a.exercise)
            children = _children(a.record, a.exercise, maps)
            wanted = {
                "steps": ExerciseStep,
                "tips": ExerciseTip,
                "mistakes": ExerciseMistake,
                "faq": ExerciseFAQ,
                "muscles": ExerciseMuscle,
            }
            for part in a.parts:
                model = wanted[part]
                model.objects.bulk_create(children[model])
        now = timezone.now()
        for exercise in changed:
            exercise.updated_at = now
        Exercise.objects.bulk_update(changed, ["aliases", "summary", "updated_at"], batch_size=500)
        self.report.linked = len(self.attachments)
        self._save_images(
            [(a.index, a.record, a.exercise, True) for a in self.attachments if a.images],
            {a.index: a.images for a in self.attachments if a.images},
        )

    def _link_variations(self, touched) -> None:
        targets = {v.slug for _, record, _, _ in touched for v in record.variations}
        ids = dict(Exercise.objects.filter(slug__in=targets).values_list("slug", "pk"))
        links = [
            ExerciseVariation(exercise=exercise, variation_id=ids[v.slug], kind=v.kind)
            for _, record, exercise, _ in touched
            for v in record.variations
        ]
        ExerciseVariation.objects.bulk_create(links, batch_size=1000)

    def _save_images(self, touched, pending_images) -> None:
        replace_ids = [exercise.pk for index, _, exercise, _ in touched if index in pending_images]
        old = list(ExerciseImage.objects.filter(exercise_id__in=replace_ids))
        ExerciseImage.objects.filter(pk__in=[image.pk for image in old]).delete()
        rows = []
        for index, _, exercise, _ in touched:
            for pending in pending_images.get(index, []):
                self.report.images_saved += 1
                if self.report.dry_run:
                    continue
                image = ExerciseImage(
                    exercise=exercise,
                    alt_text=pending.alt_text,
                    is_main=pending.is_main,
                    position=pending.position,
                )
                with pending.open() as handle:
                    name = default_storage.save(
                        exercise_image_path(image, pending.name), File(handle, name=pending.name)
                    )
                self._written.append(name)
                image.image.name = name
                rows.append(image)
        ExerciseImage.objects.bulk_create(rows, batch_size=500)
        if not self.report.dry_run:
            # Old files go only once the new rows are in; a rollback before here keeps them.
            transaction.on_commit(lambda: [default_storage.delete(i.image.name) for i in old])


@dataclass
class Attachment:
    index: int
    record: ExerciseRecord
    exercise: Exercise
    changes: list[str] = field(default_factory=list)
    aliases: list[str] | None = None
    summary: str | None = None
    images: list | None = None
    parts: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"record {self.index} ({self.record.source}: {self.record.source_id}) is "
            f"“{self.exercise.name}” ({self.exercise.slug}): " + "; ".join(self.changes)
        )


def _merged_aliases(record: ExerciseRecord, extra: list[str]) -> list[str]:
    """The record's aliases plus other names, once each (normalised) and never its name."""
    seen = {search_text.phrase(record.name)}
    merged = []
    for alias in [*record.aliases, *extra]:
        key = search_text.phrase(alias)
        if key and key not in seen:
            seen.add(key)
            merged.append(alias.strip())
    return merged


def _children(record: ExerciseRecord, exercise: Exercise, maps: dict) -> dict[type, list]:
    target, secondary = ExerciseMuscle.Role.TARGET, ExerciseMuscle.Role.SECONDARY
    return {
        ExerciseMuscle: [
            ExerciseMuscle(exercise=exercise, muscle=maps["muscles"][slug], role=role)
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


def _unchanged(before: ExerciseRecord, record: ExerciseRecord, pending) -> bool:
    """True when importing `record` would not change the stored exercise `before`."""

    def key(record: ExerciseRecord) -> ExerciseRecord:
        # Muscles and variations are sets on the page (shown in name order), not sequences.
        return replace(
            record,
            images=[],
            # Aliases are a set too: merges and linked sources add them in their own order.
            aliases=sorted(record.aliases, key=str.casefold),
            target_muscles=sorted(record.target_muscles),
            secondary_muscles=sorted(record.secondary_muscles),
            variations=sorted(record.variations, key=lambda v: (v.slug, v.kind)),
        )

    if key(before) != key(record):
        return False
    if pending is None:  # no image files for it in this run: its images are left alone
        return True
    stored = [(_image_key(i.file), i.alt_text, i.is_main) for i in before.images]
    return stored == [(_image_key(p.name), p.alt_text, p.is_main) for p in pending]


# Storage appends "_" and 7 random characters when a file name is taken: "0_AbC1234.jpg".
_STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[^.]+$)")


def _image_key(name: str) -> str:
    """An image's file name as imported, without a suffix the storage may have added."""
    return _STORAGE_SUFFIX.sub("", PurePosixPath(name).name)
