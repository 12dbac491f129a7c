"""Forge's own format (docs/forge-format.md): what export_exercises writes. Parse only."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from exercises.importers.fields import choice, text, text_list
from exercises.importers.records import (
    ExerciseRecord,
    FAQEntry,
    ImageRef,
    ImporterError,
    Prescription,
    Problem,
    ProblemList,
    RecordProblems,
    TaxonomyEntry,
    VariationRef,
)
from exercises.models import (
    RESERVED_EXERCISE_SLUGS,
    Difficulty,
    ExerciseImage,
    ExerciseVariation,
    Force,
    Mechanic,
    StartPosition,
    Status,
)
from exercises.poses.schema import pose_problems

TAXONOMY_KINDS = ("body_parts", "muscles", "equipment", "categories")
PRESCRIPTION_FIELDS = [
    "hold_seconds",
    "hold_seconds_min",
    "hold_seconds_max",
    "per_side",
    "reps_per_side",
]


def _check_document(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise ImporterError("Not a forge file: expected an object with an 'exercises' list.")
    if data.get("format", "forge") != "forge":
        raise ImporterError(f"Not a forge file: format is {data.get('format')!r}.")


def parse_taxonomy(data: Any) -> dict[str, list[TaxonomyEntry]]:
    """The vocabulary a forge file carries (body parts, muscles, equipment, categories)."""
    _check_document(data)
    taxonomy = data.get("taxonomy") or {}
    if not isinstance(taxonomy, dict):
        raise ImporterError("'taxonomy' must be an object.")
    problems = ProblemList()
    parsed: dict[str, list[TaxonomyEntry]] = {}
    for kind, entries in taxonomy.items():
        if kind not in TAXONOMY_KINDS:
            problems.append(
                Problem(f"taxonomy: unknown list {kind!r}; expected {', '.join(TAXONOMY_KINDS)}.")
            )
            continue
        if not isinstance(entries, list):
            problems.append(Problem(f"taxonomy.{kind}: must be a list."))
            continue
        parsed[kind] = []
        for position, entry in enumerate(entries):
            where = f"taxonomy.{kind}[{position}]"
            if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
                problems.append(Problem(f"{where}: needs a slug and a name."))
            elif entry["slug"] != slugify(entry["slug"]):
                problems.append(Problem(f"{where}: {entry['slug']!r} is not a valid slug."))
            else:
                parsed[kind].append(
                    TaxonomyEntry(
                        slug=entry["slug"],
                        name=str(entry["name"]).strip(),
                        description=str(entry.get("description") or "").strip(),
                    )
                )
    problems.raise_if_any()
    return parsed


def parse(data: Any) -> list[ExerciseRecord]:
    _check_document(data)
    problems = ProblemList()
    records: list[ExerciseRecord | None] = []
    for index, raw in enumerate(data["exercises"]):
        record, found = parse_record(raw, index)
        problems.extend(found.problems)
        records.append(None if found else record)
    problems.raise_if_any(partial=records)
    return [record for record in records if record is not None]


def parse_record(raw: Any, index: int) -> tuple[ExerciseRecord | None, RecordProblems]:
    """One record of the forge format, with every problem it has."""
    if not isinstance(raw, dict):
        problems = RecordProblems(index)
        problems.add("", "must be a JSON object.")
        return None, problems
    ident = raw.get("source_id") or raw.get("slug") or raw.get("name")
    p = RecordProblems(index, ident)
    slug = text(raw, "slug", p, required=True)
    if slug and slug != slugify(slug):
        p.add("slug", f"{slug!r} is not a valid slug (use a-z, 0-9, '-').")
    elif slug in RESERVED_EXERCISE_SLUGS:
        p.add("slug", f"{slug!r} is reserved for members' history pages; choose another slug.")
    record = ExerciseRecord(
        slug=slug,
        name=text(raw, "name", p, required=True),
        summary=text(raw, "summary", p),
        aliases=text_list(raw, "aliases", p),
        body_part=text(raw, "body_part", p, required=True),
        equipment=text(raw, "equipment", p, required=True),
        category=text(raw, "category", p, required=True),
        difficulty=choice(raw.get("difficulty"), Difficulty.values, p, "difficulty"),
        force=choice(raw.get("force"), ["", *Force.values], p, "force"),
        mechanic=choice(raw.get("mechanic"), ["", *Mechanic.values], p, "mechanic"),
        target_muscles=text_list(raw, "target_muscles", p),
        secondary_muscles=text_list(raw, "secondary_muscles", p),
        steps=text_list(raw, "steps", p),
        tips=text_list(raw, "tips", p),
        mistakes=text_list(raw, "mistakes", p),
        start_position=choice(
            raw.get("start_position"), ["", *StartPosition.values], p, "start_position"
        ),
        loads=text_list(raw, "loads", p),
        needs_partner=_flag(raw, "needs_partner", p),
        props=text_list(raw, "props", p),
        precautions=text(raw, "precautions", p),
        breathing=text(raw, "breathing", p),
        reviewed=_flag(raw, "reviewed", p),
        review_note=text(raw, "review_note", p),
        status=choice(raw.get("status", "draft"), Status.values, p, "status"),
        is_featured=bool(raw.get("is_featured", False)),
        source=text(raw, "source", p, default="forge"),
        source_id=text(raw, "source_id", p) or slug,
        source_url=text(raw, "source_url", p),
        licence=text(raw, "licence", p),
    )
    overlap = set(record.target_muscles) & set(record.secondary_muscles)
    if overlap:
        p.add("secondary_muscles", f"{sorted(overlap)} also listed as target muscles.")
    record.faq = _faq(raw.get("faq"), p)
    record.prescription = _prescription(raw.get("prescription"), p)
    record.images = _images(raw.get("images"), p)
    record.variations = _variations(raw.get("variations"), slug, p)
    record.pose = _pose(raw.get("pose"), p)
    return (None if p else record), p


def _pose(pose: Any, p: RecordProblems) -> dict[str, Any] | None:
    """A drawn pose (docs/poses.md), or None when the record has none."""
    if pose is None:
        return None
    for path, message in pose_problems(pose):
        p.add(f"pose.{path}" if path else "pose", message)
    return pose


def _flag(raw: dict, key: str, p: RecordProblems) -> bool:
    value = raw.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        p.add(key, "must be true or false.")
        return False
    return value


def _faq(faq: Any, p: RecordProblems) -> list[FAQEntry]:
    faq = faq or []
    if not isinstance(faq, list):
        p.add("faq", "must be a list of {question, answer} objects.")
        return []
    entries = []
    for position, entry in enumerate(faq):
        key = f"faq[{position}]"
        if not isinstance(entry, dict):
            p.add(key, "must be an object with question and answer.")
            continue
        question = text(entry, "question", p, required=True, label=f"{key}.question")
        answer = text(entry, "answer", p, required=True, label=f"{key}.answer")
        if len(question) > 200:
            p.add(f"{key}.question", "is longer than 200 characters.")
        entries.append(FAQEntry(question=question, answer=answer))
    return entries


def _prescription(prescription: Any, p: RecordProblems) -> Prescription | None:
    if prescription is None:
        return None
    if not isinstance(prescription, dict):
        p.add("prescription", "must be an object or null.")
        return None
    values: dict[str, Any] = {}
    for name in PRESCRIPTION_FIELDS:
        value = prescription.get(name)
        if name == "per_side":
            if not isinstance(value, bool | None):
                p.add(f"prescription.{name}", "must be true or false.")
            values[name] = bool(value)
        elif value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            p.add(f"prescription.{name}", "must be a whole number.")
            values[name] = None
        else:
            values[name] = value
    clean = Prescription(**values)
    # An empty prescription is no prescription, so exports compare equal to their source.
    return None if clean.is_empty else clean


def _images(images: Any, p: RecordProblems) -> list[ImageRef]:
    images = images or []
    if not isinstance(images, list):
        p.add("images", "must be a list of {file, alt_text, is_main}.")
        return []
    refs = []
    for position, entry in enumerate(images):
        key = f"images[{position}]"
        if not isinstance(entry, dict):
            p.add(key, "must be an object with file and alt_text.")
            continue
        alt_text = text(entry, "alt_text", p, required=True, label=f"{key}.alt_text")
        if len(alt_text) > 200:
            p.add(f"{key}.alt_text", "is longer than 200 characters.")
        credit = text(entry, "credit", p, label=f"{key}.credit")
        if len(credit) > 200:
            p.add(f"{key}.credit", "is longer than 200 characters.")
        refs.append(
            ImageRef(
                file=text(entry, "file", p, required=True, label=f"{key}.file"),
                alt_text=alt_text,
                is_main=bool(entry.get("is_main", False)),
                role=choice(
                    entry.get("role") or ExerciseImage.Role.OTHER,
                    ExerciseImage.Role.values,
                    p,
                    f"{key}.role",
                ),
                credit=credit,
            )
        )
    if sum(image.is_main for image in refs) > 1:
        p.add("images", "only one image can be the main image.")
    return refs


def _variations(variations: Any, slug: str, p: RecordProblems) -> list[VariationRef]:
    variations = variations or []
    if not isinstance(variations, list):
        p.add("variations", "must be a list of {slug, kind}.")
        return []
    refs = []
    for position, entry in enumerate(variations):
        key = f"variations[{position}]"
        if not isinstance(entry, dict):
            p.add(key, "must be an object with slug and kind.")
            continue
        target = text(entry, "slug", p, required=True, label=f"{key}.slug")
        if target == slug:
            p.add(f"{key}.slug", "an exercise cannot be its own variation.")
        kind = choice(entry.get("kind"), ExerciseVariation.Kind.values, p, f"{key}.kind")
        refs.append(VariationRef(slug=target, kind=kind))
    return refs
