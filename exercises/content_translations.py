"""Loading the catalogue's German and Spanish text (exercises/data/translations/<lang>/*.json,
format in docs/translations.md): exercises and vocabulary per language, plus that language's
search synonyms.

Everything is checked before anything is written, and every problem is reported with its file,
record and field. ``apply`` writes only what differs, so loading twice changes nothing.
Goals and routines are loaded by plans.content_translations, which calls this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from exercises.models import (
    Area,
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseMistake,
    ExerciseStep,
    ExerciseTip,
    Muscle,
    Prop,
    Synonym,
)
from exercises.search_text import phrase
from exercises.translation import EXERCISE_FIELDS

DATA_DIR = Path(__file__).resolve().parent / "data" / "translations"
FORMAT = "forge-translations"
VERSION = 1
# The languages content is translated into (English is the source).
LANGUAGES = tuple(code for code, _ in settings.LANGUAGES if code != "en")

VOCABULARY_MODELS: dict[str, type[models.Model]] = {
    "body_parts": BodyPart,
    "muscles": Muscle,
    "equipment": Equipment,
    "categories": Category,
    "props": Prop,
    "areas": Area,
}
# An exercise's ordered parts: the JSON key, the related name and the translated fields.
PARTS: dict[str, tuple[str, type[models.Model], tuple[str, ...]]] = {
    "steps": ("steps", ExerciseStep, ("text",)),
    "tips": ("tips", ExerciseTip, ("text",)),
    "mistakes": ("mistakes", ExerciseMistake, ("text",)),
    "faq": ("faqs", ExerciseFAQ, ("question", "answer")),
}
TEXT_FIELDS = ("name", "summary", "precautions", "breathing")


class TranslationLoadError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Changes:
    """Rows to write, by model: (row, fields changed). Filled by parsing, written by apply."""

    rows: dict[type[models.Model], dict[int, tuple[models.Model, set[str]]]] = field(
        default_factory=dict
    )
    synonyms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    exercise_ids: set[int] = field(default_factory=set)
    records: int = 0

    def set(self, row: models.Model, name: str, value: Any) -> None:
        """Put `value` into `row.name` if it differs; blank means not translated (None)."""
        value = value or None
        by_pk = self.rows.get(type(row), {})
        # Another file (the other language) may have changed the same row already: change
        # that copy, so that one write carries both languages.
        row = by_pk[row.pk][0] if row.pk in by_pk else row
        if getattr(row, name) != value:
            setattr(row, name, value)
            entry = self.rows.setdefault(type(row), {}).setdefault(row.pk, (row, set()))
            entry[1].add(name)

    @property
    def changed(self) -> int:
        return sum(len(by_pk) for by_pk in self.rows.values())


def read_file(path: Path, language: str, errors: list[str]) -> dict | None:
    """A translation file's JSON, checked for its header; None (with errors) when unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        errors.append(f"{path.name}: cannot be read: {error}")
        return None
    if not isinstance(data, dict):
        errors.append(f"{path.name}: the file must hold one JSON object.")
        return None
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        errors.append(f"{path.name}: format: expected “{FORMAT}” version {VERSION}.")
        return None
    if data.get("language") != language:
        errors.append(
            f"{path.name}: language: the file says “{data.get('language')}”, "
            f"its place says “{language}”."
        )
        return None
    return data


def _text(value: Any, where: str, errors: list[str], *, required: bool) -> str | None:
    if value is None or (required and value == ""):
        errors.append(f"{where}: missing.")
        return None
    if not isinstance(value, str):
        errors.append(f"{where}: must be text.")
        return None
    return value.strip()


def parse_exercises(
    records: Any, language: str, source: str, changes: Changes, errors: list[str]
) -> None:
    if not isinstance(records, dict):
        errors.append(f"{source}: exercises: must be an object of slug → exercise.")
        return
    suffix = f"_{language}"
    exercises = {
        e.slug: e
        for e in Exercise.objects.filter(slug__in=list(records)).prefetch_related(
            *(related for related, _, _ in PARTS.values())
        )
    }
    for slug, record in records.items():
        where = f"{source}: exercise “{slug}”"
        exercise = exercises.get(slug)
        if exercise is None:
            errors.append(f"{where}: no exercise has this slug.")
            continue
        if not isinstance(record, dict):
            errors.append(f"{where}: must be an object.")
            continue
        unknown = set(record) - {*TEXT_FIELDS, "aliases", *PARTS}
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}.")
        changes.records += 1
        values: dict[str, str | None] = {}
        for name in TEXT_FIELDS:
            english = getattr(exercise, f"{name}_en") or ""
            values[name] = _text(
                record.get(name), f"{where}: {name}", errors, required=bool(english)
            )
        aliases = record.get("aliases")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errors.append(f"{where}: aliases: missing, or not a list of text.")
        else:
            values["aliases"] = "\n".join(a.strip() for a in aliases if a.strip())
        part_values = {}
        for key, (related, _model, fields) in PARTS.items():
            rows = list(getattr(exercise, related).all())
            entries = record.get(key)
            if not isinstance(entries, list):
                errors.append(f"{where}: {key}: missing, or not a list.")
                continue
            if len(entries) != len(rows):
                errors.append(
                    f"{where}: {key}: {len(entries)} entries, the English page has {len(rows)}."
                )
                continue
            checked = []
            for number, (row, entry) in enumerate(zip(rows, entries, strict=True), 1):
                place = f"{where}: {key}[{number}]"
                if len(fields) == 1:
                    entry = {fields[0]: entry}
                elif not isinstance(entry, dict):
                    errors.append(f"{place}: must be an object with {', '.join(fields)}.")
                    continue
                texts = {
                    name: _text(
                        entry.get(name),
                        place if len(fields) == 1 else f"{place}.{name}",
                        errors,
                        required=bool(getattr(row, f"{name}_en")),
                    )
                    for name in fields
                }
                checked.append((row, texts))
            part_values[key] = checked
        if errors:
            continue
        for name in EXERCISE_FIELDS:
            changes.set(exercise, name + suffix, values[name])
        for checked in part_values.values():
            for row, texts in checked:
                for name, text in texts.items():
                    changes.set(row, name + suffix, text)
        changes.exercise_ids.add(exercise.pk)


def parse_vocabulary(
    data: dict, language: str, source: str, changes: Changes, errors: list[str]
) -> None:
    suffix = f"_{language}"
    vocabulary = data.get("vocabulary")
    if not isinstance(vocabulary, dict):
        errors.append(f"{source}: vocabulary: missing, or not an object.")
        return
    unknown = set(vocabulary) - set(VOCABULARY_MODELS)
    if unknown:
        errors.append(f"{source}: vocabulary: unknown kinds {sorted(unknown)}.")
    for kind, model in VOCABULARY_MODELS.items():
        entries = vocabulary.get(kind, {})
        if not isinstance(entries, dict):
            errors.append(f"{source}: {kind}: must be an object of slug → entry.")
            continue
        found: Any = model._default_manager.filter(slug__in=list(entries))
        rows = {row.slug: row for row in found}
        for slug, entry in entries.items():
            where = f"{source}: {kind} “{slug}”"
            row = rows.get(slug)
            if row is None:
                errors.append(f"{where}: no such {model._meta.verbose_name} slug.")
                continue
            if not isinstance(entry, dict):
                errors.append(f"{where}: must be an object with name and description.")
                continue
            changes.records += 1
            name = _text(entry.get("name"), f"{where}: name", errors, required=True)
            description = _text(
                entry.get("description"),
                f"{where}: description",
                errors,
                required=bool(row.description_en),
            )
            if name is not None and description is not None:
                changes.set(row, "name" + suffix, name)
                changes.set(row, "description" + suffix, description)
    synonyms = data.get("synonyms", [])
    if not isinstance(synonyms, list):
        errors.append(f"{source}: synonyms: must be a list.")
        return
    pairs: dict[str, str] = {}
    for number, entry in enumerate(synonyms, 1):
        where = f"{source}: synonyms[{number}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}: must be an object with term and means.")
            continue
        term = _text(entry.get("term"), f"{where}: term", errors, required=True)
        means = _text(entry.get("means"), f"{where}: means", errors, required=True)
        if term is None or means is None:
            continue
        key = phrase(term, language)
        if not key or len(key.split()) > 2:
            errors.append(f"{where}: term: use one or two words.")
        elif not phrase(means.replace(",", " "), language):
            errors.append(f"{where}: means: give at least one word to search for.")
        elif key in pairs and pairs[key] != means:
            errors.append(f"{where}: term: “{term}” is given twice with different meanings.")
        else:
            pairs[key] = means
    changes.synonyms[language] = sorted(pairs.items())


def parse_language(directory: Path, language: str, changes: Changes, errors: list[str]) -> None:
    """Every file of one language's folder: vocabulary.json and the exercise files."""
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.json")):
        source = f"{language}/{path.name}"
        data = read_file(path, language, errors)
        if data is None:
            continue
        if path.name == "vocabulary.json":
            parse_vocabulary(data, language, source, changes, errors)
        elif "exercises" in data:
            parse_exercises(data["exercises"], language, source, changes, errors)
        else:
            errors.append(f"{source}: neither “exercises” nor “vocabulary”.")


def apply(changes: Changes) -> None:
    """Write the parsed changes (inside the caller's transaction). Synonyms are added or
    updated, never removed: editors may keep more in the admin."""
    for model, by_pk in changes.rows.items():
        names = sorted(set().union(*(fields for _, fields in by_pk.values())))
        model._default_manager.bulk_update([row for row, _ in by_pk.values()], names)
    for language, pairs in changes.synonyms.items():
        existing = {s.term: s for s in Synonym.objects.filter(language=language).order_by("term")}
        for term, means in pairs:
            row = existing.get(term)
            if row is None:
                Synonym.objects.create(language=language, term=term, means=means)
            elif row.means != means:
                row.means = means
                row.save(update_fields=["means"])
