"""Import and export of the exercise catalogue.

Two input formats are read: Forge's own (see docs/forge-format.md) and free-exercise-db
(https://github.com/yuhonas/free-exercise-db, public domain). Both are turned into Forge
records first, validated as a whole, and only then written, in one transaction, with bulk
queries. Records are matched on (source, source_id), so a re-run updates in place and leaves
unchanged records untouched.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from exercises.import_errors import RecordErrors
from exercises.models import (
    BodyPart,
    Category,
    Difficulty,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    Force,
    Mechanic,
    Muscle,
    Status,
    exercise_image_path,
)
from exercises.safe_json import UnsafeInput, check_image, load_json
from exercises.selectors import exercise_export_list
from exercises.services import exercise_search_text

FORMATS = ("forge", "free-exercise-db")
FORMAT_VERSION = 1
FREE_EXERCISE_DB = "free-exercise-db"
FREE_EXERCISE_DB_URL = "https://github.com/yuhonas/free-exercise-db"
FREE_EXERCISE_DB_LICENCE = "Public domain (Unlicense)"

TAXONOMY_MODELS = {
    "body_parts": BodyPart,
    "muscles": Muscle,
    "equipment": Equipment,
    "categories": Category,
}
# Exercise fields copied as they are from a record; everything else is a relation.
SCALAR_FIELDS = [
    "name",
    "summary",
    "difficulty",
    "force",
    "mechanic",
    "hold_seconds",
    "hold_seconds_min",
    "hold_seconds_max",
    "per_side",
    "reps_per_side",
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

# free-exercise-db's vocabulary mapped onto Forge's.
FEDB_LEVELS = {"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"}
FEDB_EQUIPMENT = {
    None: "body-weight",
    "body only": "body-weight",
    "machine": "machine",
    "dumbbell": "dumbbell",
    "barbell": "barbell",
    "kettlebells": "kettlebell",
    "cable": "cable",
    "bands": "band",
    "foam roll": "foam-roller",
    "exercise ball": "exercise-ball",
    "medicine ball": "medicine-ball",
    "e-z curl bar": "e-z-bar",
    "other": "other",
}
FEDB_CATEGORIES = {
    "stretching": "stretching",
    "strength": "strength",
    "cardio": "cardio",
    "plyometrics": "plyometrics",
    "powerlifting": "powerlifting",
    "olympic weightlifting": "olympic-weightlifting",
    "strongman": "strongman",
}
FEDB_MUSCLES = {
    "abdominals": "abdominals",
    "abductors": "abductors",
    "adductors": "adductors",
    "biceps": "biceps",
    "calves": "calves",
    "chest": "chest",
    "forearms": "forearms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "lats",
    "lower back": "lower-back",
    "middle back": "middle-back",
    "neck": "neck",
    "quadriceps": "quadriceps",
    "shoulders": "shoulders",
    "traps": "traps",
    "triceps": "triceps",
}
# The body part an exercise belongs to follows from its first primary muscle.
BODY_PART_OF_MUSCLE = {
    "abdominals": "core",
    "obliques": "core",
    "abductors": "legs",
    "adductors": "legs",
    "calves": "legs",
    "glutes": "legs",
    "hamstrings": "legs",
    "hip-flexors": "legs",
    "quadriceps": "legs",
    "biceps": "arms",
    "forearms": "arms",
    "triceps": "arms",
    "chest": "chest",
    "lats": "back",
    "lower-back": "back",
    "middle-back": "back",
    "traps": "back",
    "neck": "neck",
    "shoulders": "shoulders",
}


class ImporterError(Exception):
    """Bad input. The message names the record (index and id) and the field."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    taxonomy_created: int = 0
    taxonomy_updated: int = 0
    images_saved: int = 0
    images_missing: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        prefix = "Dry run, nothing saved: would have " if self.dry_run else ""
        return (
            f"{prefix}created {self.created}, updated {self.updated}, "
            f"left {self.unchanged} unchanged exercises; vocabulary: "
            f"{self.taxonomy_created} new, {self.taxonomy_updated} updated; "
            f"{self.images_saved} images saved, {len(self.images_missing)} not found."
        )


def _fail(index: int, ident: Any, field_name: str, message: str) -> ImporterError:
    return ImporterError(f"Record {index} (id {ident!r}), field '{field_name}': {message}")


# --- Reading -------------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    try:
        return load_json(path)
    except UnsafeInput as error:
        raise ImporterError(f"{path}: {error}") from None
    except FileNotFoundError:
        raise ImporterError(f"{path}: no such file.") from None
    except UnicodeDecodeError as error:
        raise ImporterError(f"{path}: not UTF-8 text ({error.reason}).") from None
    except json.JSONDecodeError as error:
        raise ImporterError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})."
        ) from None


def _text(raw: dict, key: str, index: int, ident: Any, *, required=False, default="") -> str:
    value = raw.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise _fail(index, ident, key, f"must be text, not {type(value).__name__}.")
    value = value.strip()
    if required and not value:
        raise _fail(index, ident, key, "is required.")
    return value


def _text_list(raw: dict, key: str, index: int, ident: Any) -> list[str]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(index, ident, key, "must be a list of texts.")
    return [item.strip() for item in value if item.strip()]


def _choice(value: Any, choices: list[str], index: int, ident: Any, key: str) -> str:
    if value is None:
        value = ""
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise _fail(index, ident, key, f"unknown value {value!r}; expected one of {allowed}.")
    return value


def normalize_forge_record(raw: Any, index: int) -> dict:
    """Check one record of the forge format and return it in canonical form."""
    if not isinstance(raw, dict):
        raise ImporterError(f"Record {index}: must be a JSON object.")
    ident = raw.get("source_id") or raw.get("slug") or raw.get("name")
    slug = _text(raw, "slug", index, ident, required=True)
    if slug != slugify(slug):
        raise _fail(index, ident, "slug", f"{slug!r} is not a valid slug (use a-z, 0-9, '-').")
    record = {
        "slug": slug,
        "name": _text(raw, "name", index, ident, required=True),
        "summary": _text(raw, "summary", index, ident),
        "aliases": _text_list(raw, "aliases", index, ident),
        "body_part": _text(raw, "body_part", index, ident, required=True),
        "equipment": _text(raw, "equipment", index, ident, required=True),
        "category": _text(raw, "category", index, ident, required=True),
        "difficulty": _choice(raw.get("difficulty"), Difficulty.values, index, ident, "difficulty"),
        "force": _choice(raw.get("force"), ["", *Force.values], index, ident, "force"),
        "mechanic": _choice(raw.get("mechanic"), ["", *Mechanic.values], index, ident, "mechanic"),
        "target_muscles": _text_list(raw, "target_muscles", index, ident),
        "secondary_muscles": _text_list(raw, "secondary_muscles", index, ident),
        "steps": _text_list(raw, "steps", index, ident),
        "tips": _text_list(raw, "tips", index, ident),
        "mistakes": _text_list(raw, "mistakes", index, ident),
        "faq": [],
        "prescription": None,
        "images": [],
        "variations": [],
        "status": _choice(raw.get("status", "draft"), Status.values, index, ident, "status"),
        "is_featured": bool(raw.get("is_featured", False)),
        "source": _text(raw, "source", index, ident, default="forge"),
        "source_id": _text(raw, "source_id", index, ident) or slug,
        "source_url": _text(raw, "source_url", index, ident),
        "licence": _text(raw, "licence", index, ident),
    }
    overlap = set(record["target_muscles"]) & set(record["secondary_muscles"])
    if overlap:
        raise _fail(
            index, ident, "secondary_muscles", f"{sorted(overlap)} also listed as target muscles."
        )

    faq = raw.get("faq") or []
    if not isinstance(faq, list):
        raise _fail(index, ident, "faq", "must be a list of {question, answer} objects.")
    for position, entry in enumerate(faq):
        key = f"faq[{position}]"
        if not isinstance(entry, dict):
            raise _fail(index, ident, key, "must be an object with question and answer.")
        question = _text(entry, "question", index, ident, required=True)
        answer = _text(entry, "answer", index, ident, required=True)
        if len(question) > 200:
            raise _fail(index, ident, f"{key}.question", "is longer than 200 characters.")
        record["faq"].append({"question": question, "answer": answer})

    prescription = raw.get("prescription")
    if prescription is not None:
        if not isinstance(prescription, dict):
            raise _fail(index, ident, "prescription", "must be an object or null.")
        clean = {}
        for name in PRESCRIPTION_FIELDS:
            value = prescription.get(name)
            if name == "per_side":
                if not isinstance(value, bool | None):
                    raise _fail(index, ident, f"prescription.{name}", "must be true or false.")
                clean[name] = bool(value)
            elif value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise _fail(index, ident, f"prescription.{name}", "must be a whole number.")
            else:
                clean[name] = value
        # An empty prescription is no prescription, so exports compare equal to their source.
        empty = not clean["per_side"] and all(
            clean[name] is None for name in PRESCRIPTION_FIELDS if name != "per_side"
        )
        record["prescription"] = None if empty else clean

    images = raw.get("images") or []
    if not isinstance(images, list):
        raise _fail(index, ident, "images", "must be a list of {file, alt_text, is_main}.")
    for position, entry in enumerate(images):
        key = f"images[{position}]"
        if not isinstance(entry, dict):
            raise _fail(index, ident, key, "must be an object with file and alt_text.")
        alt_text = _text(entry, "alt_text", index, ident, required=True)
        if len(alt_text) > 200:
            raise _fail(index, ident, f"{key}.alt_text", "is longer than 200 characters.")
        record["images"].append(
            {
                "file": _text(entry, "file", index, ident, required=True),
                "alt_text": alt_text,
                "is_main": bool(entry.get("is_main", False)),
            }
        )
    if sum(image["is_main"] for image in record["images"]) > 1:
        raise _fail(index, ident, "images", "only one image can be the main image.")

    variations = raw.get("variations") or []
    if not isinstance(variations, list):
        raise _fail(index, ident, "variations", "must be a list of {slug, kind}.")
    for position, entry in enumerate(variations):
        key = f"variations[{position}]"
        if not isinstance(entry, dict):
            raise _fail(index, ident, key, "must be an object with slug and kind.")
        target = _text(entry, "slug", index, ident, required=True)
        if target == slug:
            raise _fail(index, ident, f"{key}.slug", "an exercise cannot be its own variation.")
        kind = _choice(
            entry.get("kind"), ExerciseVariation.Kind.values, index, ident, f"{key}.kind"
        )
        record["variations"].append({"slug": target, "kind": kind})
    return record


def parse_forge(data: Any) -> tuple[dict[str, list[dict]], list[dict]]:
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise ImporterError("Not a forge file: expected an object with an 'exercises' list.")
    if data.get("format", "forge") != "forge":
        raise ImporterError(f"Not a forge file: format is {data.get('format')!r}.")
    taxonomy = data.get("taxonomy") or {}
    if not isinstance(taxonomy, dict):
        raise ImporterError("'taxonomy' must be an object.")
    for kind, entries in taxonomy.items():
        if kind not in TAXONOMY_MODELS:
            raise ImporterError(
                f"taxonomy: unknown list {kind!r}; expected {', '.join(TAXONOMY_MODELS)}."
            )
        if not isinstance(entries, list):
            raise ImporterError(f"taxonomy.{kind}: must be a list.")
        for position, entry in enumerate(entries):
            where = f"taxonomy.{kind}[{position}]"
            if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
                raise ImporterError(f"{where}: needs a slug and a name.")
            if entry["slug"] != slugify(entry["slug"]):
                raise ImporterError(f"{where}: {entry['slug']!r} is not a valid slug.")
    errors = RecordErrors(ImporterError)
    records = errors.each(lambda raw, index: normalize_forge_record(raw, index), data["exercises"])
    errors.raise_if_any()
    return taxonomy, records


def _fedb_summary(name: str, level: str, category: str, body_part: str, muscles: list[str]):
    article = "an" if level[0] in "aeiou" else "a"
    worked = " and ".join(muscle.replace("-", " ") for muscle in muscles[:2])
    return (
        f"{name} is {article} {level} {category.replace('-', ' ')} exercise for the "
        f"{body_part.replace('-', ' ')}, working mainly the {worked}."
    )


def convert_free_exercise_db_record(raw: Any, index: int) -> dict:
    """Map one free-exercise-db record onto Forge's vocabulary (without a slug yet)."""
    if not isinstance(raw, dict):
        raise ImporterError(f"Record {index}: must be a JSON object.")
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise _fail(index, ident, "id", "is required.")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(index, ident, "name", "is required.")

    def mapped(key: str, mapping: dict, value: Any) -> str:
        if value not in mapping:
            known = ", ".join(repr(k) for k in mapping if k is not None)
            raise _fail(index, ident, key, f"unknown value {value!r}; expected one of {known}.")
        return mapping[value]

    level = mapped("level", FEDB_LEVELS, raw.get("level"))
    equipment = mapped("equipment", FEDB_EQUIPMENT, raw.get("equipment"))
    category = mapped("category", FEDB_CATEGORIES, raw.get("category"))
    primary = [
        mapped("primaryMuscles", FEDB_MUSCLES, muscle) for muscle in raw.get("primaryMuscles") or []
    ]
    if not primary:
        raise _fail(index, ident, "primaryMuscles", "needs at least one muscle.")
    secondary = [
        mapped("secondaryMuscles", FEDB_MUSCLES, muscle)
        for muscle in raw.get("secondaryMuscles") or []
        if FEDB_MUSCLES.get(muscle) not in primary
    ]
    instructions = raw.get("instructions") or []
    if not isinstance(instructions, list) or not all(isinstance(s, str) for s in instructions):
        raise _fail(index, ident, "instructions", "must be a list of texts.")
    image_paths = raw.get("images") or []
    if not isinstance(image_paths, list) or not all(isinstance(s, str) for s in image_paths):
        raise _fail(index, ident, "images", "must be a list of file paths.")
    body_part = BODY_PART_OF_MUSCLE[primary[0]]
    name = " ".join(name.split())
    # free-exercise-db shows a start (0) and an end (1) position for each exercise.
    positions = ["start position", "end position"]
    images = [
        {
            "file": image_path,
            "alt_text": f"{name}, {positions[i] if i < 2 else f'picture {i + 1}'}",
            "is_main": i == 0,
        }
        for i, image_path in enumerate(image_paths)
    ]
    record = {
        "slug": "",
        "name": name,
        "summary": _fedb_summary(name, level, category, body_part, primary),
        "aliases": [],
        "body_part": body_part,
        "equipment": equipment,
        "category": category,
        "difficulty": level,
        "force": raw.get("force") or "",
        "mechanic": raw.get("mechanic") or "",
        "target_muscles": primary,
        "secondary_muscles": list(dict.fromkeys(secondary)),
        "steps": [step.strip() for step in instructions if step.strip()],
        "tips": [],
        "mistakes": [],
        "faq": [],
        "prescription": None,
        "images": images,
        "variations": [],
        "status": Status.DRAFT,
        "is_featured": False,
        "source": FREE_EXERCISE_DB,
        "source_id": ident.strip(),
        "source_url": FREE_EXERCISE_DB_URL,
        "licence": FREE_EXERCISE_DB_LICENCE,
    }
    record["force"] = _choice(record["force"], ["", *Force.values], index, ident, "force")
    record["mechanic"] = _choice(
        record["mechanic"], ["", *Mechanic.values], index, ident, "mechanic"
    )
    return record


def parse_free_exercise_db(data: Any) -> list[dict]:
    if not isinstance(data, list):
        raise ImporterError("Not a free-exercise-db file: expected a JSON list of exercises.")
    errors = RecordErrors(ImporterError)
    records = errors.each(lambda raw, index: convert_free_exercise_db_record(raw, index), data)
    errors.raise_if_any()
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        first = seen.setdefault(record["source_id"], index)
        if first != index:
            raise _fail(index, record["source_id"], "id", f"duplicates record {first}.")
    return records


# --- Images ---------------------------------------------------------------------------------


@dataclass
class PendingImage:
    source: Path
    name: str  # the name it is stored under
    alt_text: str
    is_main: bool
    position: int


def check_images(
    records: list[dict], images_dir: Path | None, report: ImportReport
) -> dict[int, list[PendingImage]]:
    """Open every referenced image before anything is written; missing files are reported."""
    found: dict[int, list[PendingImage]] = {}
    if images_dir is None:
        return found
    if not images_dir.is_dir():
        raise ImporterError(f"--images {images_dir}: not a folder.")
    root = images_dir.resolve()
    errors = RecordErrors(ImporterError)
    errors.each(
        lambda record, index: _check_record_images(record, index, root, found, report), records
    )
    errors.raise_if_any()
    return found


def _check_record_images(record, index, root, found, report) -> bool:
    ident = record["source_id"]
    pending = []
    for position, image in enumerate(record["images"]):
        key = f"images[{position}].file"
        path = (root / image["file"]).resolve()
        if not path.is_relative_to(root):
            raise _fail(index, ident, key, f"{image['file']!r} points outside --images.")
        if not path.is_file():
            report.images_missing.append(image["file"])
            continue
        try:
            check_image(path)
        except UnsafeInput as error:
            raise _fail(index, ident, key, f"{image['file']!r} {error}") from None
        pending.append(
            PendingImage(
                source=path,
                name=PurePosixPath(image["file"]).name,
                alt_text=image["alt_text"],
                is_main=image["is_main"],
                position=position,
            )
        )
    if pending and not any(p.is_main for p in pending):
        pending[0].is_main = True
    if pending:
        found[index] = pending
    return True


# --- Export ----------------------------------------------------------------------------------


def exercise_to_record(exercise: Exercise) -> dict:
    """The canonical forge record of one exercise (prefetched by exercise_export_list)."""
    prescription = None
    if exercise.is_timed or exercise.reps_per_side or exercise.per_side:
        prescription = {name: getattr(exercise, name) for name in PRESCRIPTION_FIELDS}
    return {
        "slug": exercise.slug,
        "name": exercise.name,
        "summary": exercise.summary,
        "aliases": exercise.alias_list,
        "body_part": exercise.body_part.slug,
        "equipment": exercise.equipment.slug,
        "category": exercise.category.slug,
        "difficulty": exercise.difficulty,
        "force": exercise.force,
        "mechanic": exercise.mechanic,
        "target_muscles": [muscle.slug for muscle in exercise.target_muscles],
        "secondary_muscles": [muscle.slug for muscle in exercise.secondary_muscles],
        "steps": [step.text for step in exercise.steps.all()],
        "tips": [tip.text for tip in exercise.tips.all()],
        "mistakes": [mistake.text for mistake in exercise.mistakes.all()],
        "faq": [{"question": f.question, "answer": f.answer} for f in exercise.faqs.all()],
        "prescription": prescription,
        "images": [
            {"file": image.image.name, "alt_text": image.alt_text, "is_main": image.is_main}
            for image in exercise.images.all()
        ],
        "variations": [
            {"slug": v.variation.slug, "kind": v.kind} for v in exercise.variations.all()
        ],
        "status": exercise.status,
        "is_featured": exercise.is_featured,
        "source": exercise.source,
        "source_id": exercise.source_id,
        "source_url": exercise.source_url,
        "licence": exercise.licence,
    }


def export_catalogue(*, path: Path, images_dir: Path | None = None) -> int:
    """Write the whole catalogue in the forge format; copy images into images_dir if given."""
    taxonomy = {
        kind: [
            {"slug": item.slug, "name": item.name, "description": item.description}
            for item in model.objects.order_by("slug")
        ]
        for kind, model in TAXONOMY_MODELS.items()
    }
    records = [exercise_to_record(exercise) for exercise in exercise_export_list()]
    if images_dir is not None:
        for record in records:
            for image in record["images"]:
                target = images_dir / image["file"]
                target.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(image["file"], "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
    document = {
        "format": "forge",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "taxonomy": taxonomy,
        "exercises": records,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(records)


# --- Import ----------------------------------------------------------------------------------


def _unchanged(before: dict, record: dict, pending: list[PendingImage] | None) -> bool:
    """True when importing `record` would not change the stored exercise `before`."""

    def key(record: dict) -> dict:
        # Muscles and variations are sets on the page (shown in name order), not sequences.
        return {
            **record,
            "images": None,
            "target_muscles": sorted(record["target_muscles"]),
            "secondary_muscles": sorted(record["secondary_muscles"]),
            "variations": sorted((v["slug"], v["kind"]) for v in record["variations"]),
        }

    if key(before) != key(record):
        return False
    if pending is None:  # no image files for it in this run: its images are left alone
        return True
    stored = [(_image_key(i["file"]), i["alt_text"], i["is_main"]) for i in before["images"]]
    return stored == [(_image_key(p.name), p.alt_text, p.is_main) for p in pending]


# Storage appends "_" and 7 random characters when a file name is taken: "0_AbC1234.jpg".
_STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[^.]+$)")


def _image_key(name: str) -> str:
    """An image's file name as imported, without a suffix the storage may have added."""
    return _STORAGE_SUFFIX.sub("", PurePosixPath(name).name)


def _upsert_taxonomy(taxonomy: dict[str, list[dict]], report: ImportReport) -> None:
    for kind, entries in taxonomy.items():
        model = TAXONOMY_MODELS[kind]
        existing = {item.slug: item for item in model.objects.all()}
        names = {item.name.lower(): item.slug for item in existing.values()}
        to_create, to_update = [], []
        for position, entry in enumerate(entries):
            slug, name = entry["slug"], entry["name"].strip()
            description = (entry.get("description") or "").strip()
            owner = names.get(name.lower())
            if owner is not None and owner != slug:
                raise ImporterError(
                    f"taxonomy.{kind}[{position}] ({slug!r}): name {name!r} is already used by "
                    f"{owner!r}."
                )
            names[name.lower()] = slug
            item = existing.get(slug)
            if item is None:
                item = model(slug=slug, name=name, description=description)
                _validate_taxonomy_item(item, kind, position)
                to_create.append(item)
            elif (item.name, item.description) != (name, description):
                item.name, item.description = name, description
                _validate_taxonomy_item(item, kind, position)
                to_update.append(item)
        model.objects.bulk_create(to_create)
        model.objects.bulk_update(to_update, ["name", "description"])
        report.taxonomy_created += len(to_create)
        report.taxonomy_updated += len(to_update)


def _validate_taxonomy_item(item, kind: str, position: int) -> None:
    try:
        item.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise ImporterError(
            f"taxonomy.{kind}[{position}] ({item.slug!r}), field '{field_name}': {messages[0]}"
        ) from None


def _assign_slugs(records: list[dict], existing: dict[tuple[str, str], Exercise]) -> None:
    """free-exercise-db has no slugs: derive them from names, never taking another's slug."""
    keys = {(r["source"], r["source_id"]) for r in records}
    taken = {
        slug
        for slug, source, source_id in Exercise.objects.values_list("slug", "source", "source_id")
        if (source, source_id) not in keys
    }
    for record in records:
        current = existing.get((record["source"], record["source_id"]))
        if current is not None:
            record["slug"] = current.slug
            taken.add(current.slug)
    for record in records:
        if record["slug"]:
            continue
        base = slugify(record["name"])[:130] or "exercise"
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        record["slug"] = slug
        taken.add(slug)


def _check_slugs(records: list[dict]) -> None:
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        first = seen.setdefault(record["slug"], index)
        if first != index:
            raise _fail(
                index, record["source_id"], "slug", f"{record['slug']!r} duplicates record {first}."
            )
    owners = Exercise.objects.filter(slug__in=seen).values_list("slug", "source", "source_id")
    for slug, source, source_id in owners:
        index = seen[slug]
        record = records[index]
        if (source, source_id) != (record["source"], record["source_id"]):
            raise _fail(
                index,
                record["source_id"],
                "slug",
                f"{slug!r} already belongs to another exercise ({source}: {source_id}).",
            )


def _resolve_taxonomy(records: list[dict]) -> dict[str, dict[str, Any]]:
    maps = {
        kind: {item.slug: item for item in model.objects.all()}
        for kind, model in TAXONOMY_MODELS.items()
    }
    errors = RecordErrors(ImporterError)
    errors.each(lambda record, index: _check_record_taxonomy(record, index, maps), records)
    errors.raise_if_any()
    return maps


def _check_record_taxonomy(record: dict, index: int, maps: dict) -> bool:
    checks = [("body_part", "body_parts"), ("equipment", "equipment"), ("category", "categories")]
    for key, kind in checks:
        if record[key] not in maps[kind]:
            raise _fail(
                index,
                record["source_id"],
                key,
                f"unknown {key.replace('_', ' ')} {record[key]!r}.",
            )
    for key in ("target_muscles", "secondary_muscles"):
        for slug in record[key]:
            if slug not in maps["muscles"]:
                raise _fail(index, record["source_id"], key, f"unknown muscle {slug!r}.")
    return True


def _build_exercise(record: dict, maps: dict, instance: Exercise | None, index: int) -> Exercise:
    exercise = instance or Exercise()
    prescription = record["prescription"] or {
        "hold_seconds": None,
        "hold_seconds_min": None,
        "hold_seconds_max": None,
        "per_side": False,
        "reps_per_side": None,
    }
    values = {**record, **prescription}
    for name in SCALAR_FIELDS:
        setattr(exercise, name, values[name])
    exercise.slug = record["slug"]
    exercise.aliases = "\n".join(record["aliases"])
    exercise.body_part = maps["body_parts"][record["body_part"]]
    exercise.equipment = maps["equipment"][record["equipment"]]
    exercise.category = maps["categories"][record["category"]]
    exercise.search_text = exercise_search_text(
        name=record["name"],
        aliases=exercise.aliases,
        body_part=exercise.body_part.name,
        equipment=exercise.equipment.name,
        category=exercise.category.name,
        muscles=[
            maps["muscles"][slug].name
            for slug in record["target_muscles"] + record["secondary_muscles"]
        ],
    )
    try:
        # Field and clean() checks only: FK existence and uniqueness were settled in bulk.
        exercise.full_clean(
            exclude=["body_part", "equipment", "category"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        prefix = "prescription." if field_name in PRESCRIPTION_FIELDS else ""
        raise _fail(index, record["source_id"], prefix + field_name, " ".join(messages)) from None
    return exercise


def _children(record: dict, exercise: Exercise, maps: dict) -> dict[type, list]:
    target, secondary = ExerciseMuscle.Role.TARGET, ExerciseMuscle.Role.SECONDARY
    return {
        ExerciseMuscle: [
            ExerciseMuscle(exercise=exercise, muscle=maps["muscles"][slug], role=role)
            for key, role in (("target_muscles", target), ("secondary_muscles", secondary))
            for slug in record[key]
        ],
        ExerciseStep: [
            ExerciseStep(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record["steps"], 1)
        ],
        ExerciseTip: [
            ExerciseTip(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record["tips"], 1)
        ],
        ExerciseMistake: [
            ExerciseMistake(exercise=exercise, position=i, text=text)
            for i, text in enumerate(record["mistakes"], 1)
        ],
        ExerciseFAQ: [
            ExerciseFAQ(exercise=exercise, position=i, question=f["question"], answer=f["answer"])
            for i, f in enumerate(record["faq"], 1)
        ],
    }


def import_catalogue(
    *,
    path: Path,
    fmt: str,
    images_dir: Path | None = None,
    status: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file; raise ImporterError, with the database untouched, on any bad input."""
    if fmt not in FORMATS:
        raise ImporterError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}.")
    if status is not None and status not in Status.values:
        raise ImporterError(f"Unknown status {status!r}; expected one of {Status.values}.")
    data = read_json(path)
    if fmt == "forge":
        taxonomy, records = parse_forge(data)
    else:
        taxonomy, records = {}, parse_free_exercise_db(data)
    report = ImportReport(dry_run=dry_run)
    written: list[str] = []
    try:
        with transaction.atomic():
            _import_records(records, taxonomy, images_dir, status, dry_run, report, written)
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return report


def _import_records(records, taxonomy, images_dir, status, dry_run, report, written) -> None:
    _upsert_taxonomy(taxonomy, report)
    keys = [(r["source"], r["source_id"]) for r in records]
    seen: dict[tuple[str, str], int] = {}
    for index, key in enumerate(keys):
        first = seen.setdefault(key, index)
        if first != index:
            raise _fail(index, key[1], "source_id", f"duplicates record {first}.")
    existing = {
        (exercise.source, exercise.source_id): exercise
        for exercise in exercise_export_list().filter(
            source__in={source for source, _ in keys}, source_id__in={sid for _, sid in keys}
        )
    }
    if any(not record["slug"] for record in records):
        _assign_slugs(records, existing)
    _check_slugs(records)
    maps = _resolve_taxonomy(records)
    pending_images = check_images(records, images_dir, report)

    created, updated, touched = [], [], []
    errors = RecordErrors(ImporterError)
    for index, record in enumerate(records):
        current = existing.get((record["source"], record["source_id"]))
        if status is not None:
            record["status"] = status
        elif current is not None and record["source"] != "forge":
            # Editors decide when an imported exercise goes live; a re-import keeps that.
            record["status"] = current.status
        if current is not None and _unchanged(
            exercise_to_record(current), record, pending_images.get(index)
        ):
            report.unchanged += 1
            continue
        exercise = errors.call(_build_exercise, record, maps, current, index)
        if exercise is None:
            continue
        (updated if current else created).append(exercise)
        touched.append((index, record, exercise))
    errors.raise_if_any()

    now = timezone.now()
    for exercise in updated:
        exercise.updated_at = now
    Exercise.objects.bulk_update(
        updated,
        [
            *SCALAR_FIELDS,
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
    report.created, report.updated = len(created), len(updated)

    updated_ids = [exercise.pk for exercise in updated]
    child_models = [ExerciseMuscle, ExerciseStep, ExerciseTip, ExerciseMistake, ExerciseFAQ]
    for model in [*child_models, ExerciseVariation]:
        model.objects.filter(exercise_id__in=updated_ids).delete()
    rows: dict[type, list] = {model: [] for model in child_models}
    for _, record, exercise in touched:
        for model, children in _children(record, exercise, maps).items():
            rows[model].extend(children)
    for model, children in rows.items():
        model.objects.bulk_create(children, batch_size=1000)

    _link_variations(touched)
    _save_images(touched, pending_images, images_dir, dry_run, report, written)


def _link_variations(touched) -> None:
    targets = {v["slug"] for _, record, _ in touched for v in record["variations"]}
    ids = dict(Exercise.objects.filter(slug__in=targets).values_list("slug", "pk"))
    links = []
    for index, record, exercise in touched:
        for position, variation in enumerate(record["variations"]):
            if variation["slug"] not in ids:
                raise _fail(
                    index,
                    record["source_id"],
                    f"variations[{position}].slug",
                    f"no exercise has the slug {variation['slug']!r}.",
                )
            links.append(
                ExerciseVariation(
                    exercise=exercise, variation_id=ids[variation["slug"]], kind=variation["kind"]
                )
            )
    ExerciseVariation.objects.bulk_create(links, batch_size=1000)


def _save_images(touched, pending_images, images_dir, dry_run, report, written) -> None:
    if images_dir is None:
        return
    replace_ids = [exercise.pk for index, _, exercise in touched if index in pending_images]
    old = list(ExerciseImage.objects.filter(exercise_id__in=replace_ids))
    ExerciseImage.objects.filter(pk__in=[image.pk for image in old]).delete()
    rows = []
    for index, _, exercise in touched:
        for pending in pending_images.get(index, []):
            image = ExerciseImage(
                exercise=exercise,
                alt_text=pending.alt_text,
                is_main=pending.is_main,
                position=pending.position,
            )
            if dry_run:
                report.images_saved += 1
                continue
            with open(pending.source, "rb") as handle:
                name = default_storage.save(
                    exercise_image_path(image, pending.name), File(handle, name=pending.name)
                )
            written.append(name)
            image.image.name = name
            rows.append(image)
            report.images_saved += 1
    ExerciseImage.objects.bulk_create(rows, batch_size=500)
    if not dry_run:
        # Old files go only once the new rows are in; a rollback before here keeps them.
        transaction.on_commit(lambda: [default_storage.delete(i.image.name) for i in old])
