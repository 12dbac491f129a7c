"""Validation: check every record against the file and the database, and plan the writes.

Every problem is added to the import's `ProblemList` (record index and id, field, what is
wrong) so all of them are reported together; nothing here writes to the database. The result
is a `Plan`: the exercises to create or update, built and cleaned, and what records from
other catalogues add to the exercises they are linked to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from exercises.importers.export import exercise_to_record
from exercises.importers.images import PendingImage
from exercises.importers.matching import Matches, merged_aliases
from exercises.importers.records import (
    ExerciseRecord,
    Prescription,
    Problem,
    ProblemList,
)
from exercises.importers.report import ImportReport
from exercises.models import (
    RESERVED_EXERCISE_SLUGS,
    Area,
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ExerciseSource,
    Muscle,
    Prop,
    Taxonomy,
)
from exercises.services import exercise_search_text

# Exercise fields copied as they are from a record; everything else is a relation.
SCALAR_FIELDS = [
    "name",
    "summary",
    "difficulty",
    "force",
    "mechanic",
    "start_position",
    "needs_partner",
    "precautions",
    "breathing",
    "reviewed",
    "review_note",
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


SAFETY_FIELDS = [
    "start_position",
    "loads",
    "needs_partner",
    "props",
    "precautions",
    "breathing",
    "reviewed",
    "review_note",
]


class Vocabulary(TypedDict):
    """Every stored vocabulary item, by kind and slug."""

    body_parts: dict[str, BodyPart]
    muscles: dict[str, Muscle]
    equipment: dict[str, Equipment]
    categories: dict[str, Category]
    areas: dict[str, Area]
    props: dict[str, Prop]


@dataclass
class ExerciseWrite:
    """One exercise to save: built from the record at `index`, new or an update."""

    index: int
    record: ExerciseRecord
    exercise: Exercise
    is_update: bool


@dataclass
class Attachment:
    """What a matched record from another catalogue adds to the exercise it is linked to."""

    index: int
    record: ExerciseRecord
    exercise: Exercise
    changes: list[str] = field(default_factory=list)
    aliases: list[str] | None = None
    summary: str | None = None
    images: list[PendingImage] | None = None
    parts: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"record {self.index} ({self.record.source}: {self.record.source_id}) is "
            f"“{self.exercise.name}” ({self.exercise.slug}): " + "; ".join(self.changes)
        )


@dataclass
class Plan:
    """Everything the writing step does, decided and checked beforehand."""

    matches: Matches
    vocabulary: Vocabulary
    pending_images: dict[int, list[PendingImage]]
    writes: list[ExerciseWrite] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def _fail(
    problems: ProblemList, index: int, record: ExerciseRecord, field_name: str, message: str
) -> None:
    problems.append(Problem(message, index, record.source_id, field_name))


def check_duplicate_keys(records: list[ExerciseRecord], problems: ProblemList) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        first = seen.setdefault(record.key, index)
        if first != index:
            _fail(problems, index, record, "source_id", f"duplicates record {first}.")


def assign_slugs(records: list[ExerciseRecord], matches: Matches) -> None:
    """Formats without slugs get one from the name, never taking another's slug."""
    if all(record.slug for record in records):
        return
    existing, links = matches.existing, matches.links
    matched = {exercise.pk for exercise in [*existing.values(), *links.values()]}
    taken = set(Exercise.objects.exclude(pk__in=matched).values_list("slug", flat=True))
    for index, record in enumerate(records):
        if not record.slug and index in existing:
            record.slug = existing[index].slug
        if index in links:
            record.slug = links[index].slug
        if record.slug:
            taken.add(record.slug)
    for record in records:
        if record.slug:
            continue
        base = slugify(record.name)[:130] or "exercise"
        slug, counter = base, 2
        while slug in taken or slug in RESERVED_EXERCISE_SLUGS:
            slug, counter = f"{base}-{counter}", counter + 1
        record.slug = slug
        taken.add(slug)


def check_slugs(records: list[ExerciseRecord], matches: Matches, problems: ProblemList) -> None:
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        if index in matches.links:
            continue
        first = seen.setdefault(record.slug, index)
        if first != index:
            _fail(problems, index, record, "slug", f"{record.slug!r} duplicates record {first}.")
    owners = Exercise.objects.filter(slug__in=seen).values_list("slug", "pk", "source", "source_id")
    for slug, pk, source, source_id in owners:
        index = seen[slug]
        match = matches.existing.get(index) or matches.links.get(index)
        if match is None or match.pk != pk:
            _fail(
                problems,
                index,
                records[index],
                "slug",
                f"{slug!r} already belongs to another exercise ({source}: {source_id}).",
            )


def resolve_taxonomy(records: list[ExerciseRecord], problems: ProblemList) -> Vocabulary:
    """The stored vocabulary (6 queries); every slug a record names that it lacks is a problem."""
    vocabulary = Vocabulary(
        body_parts={item.slug: item for item in BodyPart.objects.all()},
        muscles={item.slug: item for item in Muscle.objects.all()},
        equipment={item.slug: item for item in Equipment.objects.all()},
        categories={item.slug: item for item in Category.objects.all()},
        areas={item.slug: item for item in Area.objects.all()},
        props={item.slug: item for item in Prop.objects.all()},
    )
    checks: list[tuple[str, Mapping[str, Taxonomy]]] = [
        ("body_part", vocabulary["body_parts"]),
        ("equipment", vocabulary["equipment"]),
        ("category", vocabulary["categories"]),
    ]
    for index, record in enumerate(records):
        for key, items in checks:
            value = getattr(record, key)
            if value not in items:
                _fail(problems, index, record, key, f"unknown {key.replace('_', ' ')} {value!r}.")
        for key in ("target_muscles", "secondary_muscles"):
            for slug in getattr(record, key):
                if slug not in vocabulary["muscles"]:
                    _fail(problems, index, record, key, f"unknown muscle {slug!r}.")
        for slug in record.loads:
            if slug not in vocabulary["areas"]:
                _fail(problems, index, record, "loads", f"unknown area {slug!r}.")
        for slug in record.props:
            if slug not in vocabulary["props"]:
                _fail(problems, index, record, "props", f"unknown prop {slug!r}.")
    return vocabulary


def check_variations(records: list[ExerciseRecord], problems: ProblemList) -> None:
    in_file = {record.slug for record in records}
    wanted = {v.slug for record in records for v in record.variations} - in_file
    stored = set(Exercise.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    for index, record in enumerate(records):
        for position, variation in enumerate(record.variations):
            if variation.slug not in in_file and variation.slug not in stored:
                _fail(
                    problems,
                    index,
                    record,
                    f"variations[{position}].slug",
                    f"no exercise has the slug {variation.slug!r}.",
                )


def plan_writes(
    records: list[ExerciseRecord],
    *,
    matches: Matches,
    vocabulary: Vocabulary,
    pending_images: dict[int, list[PendingImage]],
    status: str | None,
    problems: ProblemList,
    report: ImportReport,
) -> Plan:
    """Build every exercise to save and every attachment; count what stays unchanged."""
    plan = Plan(matches=matches, vocabulary=vocabulary, pending_images=pending_images)
    # Two records of one catalogue may match the same exercise (free-exercise-db has both
    # "Clean" and "Power Clean"): only the first one's pictures are added, or the exercise
    # would get two sets of start and end pictures, and two main pictures.
    pictured: set[int] = set()
    for index, record in enumerate(records):
        if index in matches.links:
            linked = matches.links[index]
            pending = None if linked.pk in pictured else pending_images.get(index)
            attachment = _attachment(index, record, linked, pending)
            if attachment.images:
                pictured.add(linked.pk)
            if attachment.changes:
                plan.attachments.append(attachment)
                report.matches.append(attachment.describe())
            else:
                report.unchanged += 1
            continue
        current = matches.existing.get(index)
        if index in matches.adopted and current is not None:
            twins = "".join(
                f", and folds in “{t.name}” ({t.source}: {t.source_id})"
                for t in matches.absorbed[index]
            )
            report.matches.append(
                f"record {index} ({record.source}: {record.source_id}) takes over "
                f"“{current.name}” ({current.source}: {current.source_id}), which becomes "
                f"a linked source{twins}"
            )
        if status is not None:
            record.status = status
        elif current is not None and record.source != "forge":
            # Editors decide when an imported exercise goes live; a re-import keeps that.
            record.status = current.status
        if current is not None and record.source != "forge" and current.reviewed:
            # An editor reviewed it: their safety data stands over the source's guesses.
            kept = exercise_to_record(current)
            for name in SAFETY_FIELDS:
                setattr(record, name, getattr(kept, name))
        if current is not None and _unchanged(
            exercise_to_record(current), record, pending_images.get(index)
        ):
            report.unchanged += 1
            continue
        exercise = _build_exercise(index, record, vocabulary, current, problems)
        if exercise is not None:
            plan.writes.append(ExerciseWrite(index, record, exercise, current is not None))
    return plan


def _build_exercise(
    index: int,
    record: ExerciseRecord,
    vocabulary: Vocabulary,
    instance: Exercise | None,
    problems: ProblemList,
) -> Exercise | None:
    try:
        body_part = vocabulary["body_parts"][record.body_part]
        equipment = vocabulary["equipment"][record.equipment]
        category = vocabulary["categories"][record.category]
        muscles = [
            vocabulary["muscles"][slug].name
            for slug in record.target_muscles + record.secondary_muscles
        ]
    except KeyError:
        return None  # already reported by resolve_taxonomy
    exercise = instance or Exercise()
    for name in SCALAR_FIELDS:
        setattr(exercise, name, getattr(record, name))
    prescription = record.prescription or Prescription()
    for name in PRESCRIPTION_FIELDS:
        setattr(exercise, name, getattr(prescription, name))
    if record.reviewed and not (instance is not None and instance.reviewed):
        exercise.reviewed_at, exercise.reviewed_by = timezone.now(), None
    elif not record.reviewed:
        exercise.reviewed_at, exercise.reviewed_by = None, None
    exercise.slug = record.slug
    if record.pose is not None:  # a record without a pose keeps the stored one
        exercise.pose = record.pose
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
            _fail(problems, index, record, prefix + field_name, " ".join(messages))
        return None
    return exercise


def _attachment(
    index: int,
    record: ExerciseRecord,
    exercise: Exercise,
    pending: list[PendingImage] | None,
) -> Attachment:
    """What a matched record from another catalogue adds to the exercise it matches."""
    attachment = Attachment(index=index, record=record, exercise=exercise)
    if not ExerciseSource.objects.filter(source=record.source, source_id=record.source_id).exists():
        attachment.changes.append(f"links {record.source}: {record.source_id}")
    new_aliases = merged_aliases(exercise_to_record(exercise), [record.name, *record.aliases])
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


def _unchanged(
    before: ExerciseRecord, record: ExerciseRecord, pending: list[PendingImage] | None
) -> bool:
    """True when importing `record` would not change the stored exercise `before`."""

    def key(record: ExerciseRecord) -> ExerciseRecord:
        # Muscles and variations are sets on the page (shown in name order), not sequences.
        return replace(
            record,
            images=[],
            # What a stored exercise cannot give back (IMPORT_ONLY_FIELDS) is left out.
            notes=[],
            contraindications=[],
            tags=[],
            # Aliases are a set too: merges and linked sources add them in their own order.
            aliases=sorted(record.aliases, key=str.casefold),
            loads=sorted(record.loads),
            props=sorted(record.props),
            target_muscles=sorted(record.target_muscles),
            secondary_muscles=sorted(record.secondary_muscles),
            variations=sorted(record.variations, key=lambda v: (v.slug, v.kind)),
        )

    if record.pose is None:  # no pose in the record: the stored one stays, so it cannot differ
        before = replace(before, pose=None)
    if key(before) != key(record):
        return False
    if pending is None:  # no image files for it in this run: its images are left alone
        return True
    stored = [(_image_key(i.file), i.alt_text, i.is_main, i.role, i.credit) for i in before.images]
    return stored == [
        (_image_key(p.name), p.alt_text, p.is_main, p.role, p.credit) for p in pending
    ]


# Storage appends "_" and 7 random characters when a file name is taken: "0_AbC1234.jpg".
_STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[^.]+$)")


def _image_key(name: str) -> str:
    """An image's file name as imported, without a suffix the storage may have added."""
    return _STORAGE_SUFFIX.sub("", PurePosixPath(name).name)
