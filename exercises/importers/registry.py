"""The source formats import_exercises reads. A new format is one module plus one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exercises.importers import exercisedb, forge, free_exercise_db
from exercises.importers.records import ExerciseRecord, TaxonomyEntry


@dataclass(frozen=True)
class Format:
    parse: Callable[..., list[ExerciseRecord]]
    description: str
    # Formats that carry their own vocabulary (only Forge's) also say what it is.
    parse_taxonomy: Callable[[Any], dict[str, list[TaxonomyEntry]]] | None = None
    # Formats whose words editors may map (exercises.models.SourceMapping): their source
    # name; parse then takes `mappings={kind: {value: slug}}`.
    mapping_source: str | None = None
    # Keys every record of this format has, for `detect`.
    signature: frozenset[str] = frozenset()


FORMATS: dict[str, Format] = {
    "forge": Format(forge.parse, "Forge's own format", forge.parse_taxonomy),
    "free-exercise-db": Format(
        free_exercise_db.parse,
        "yuhonas/free-exercise-db JSON list",
        signature=frozenset({"primaryMuscles", "level"}),
    ),
    "exercisedb": Format(
        exercisedb.parse,
        "ExerciseDB JSON list",
        mapping_source=exercisedb.SOURCE,
        signature=frozenset({"bodyPart", "target"}),
    ),
}


def detect(data: Any) -> str | None:
    """The format a parsed JSON document is in, from its shape; None when it is none of them."""
    if isinstance(data, dict) and isinstance(data.get("exercises"), list):
        return "forge"
    if not isinstance(data, list) or not data:
        return None
    records = [raw for raw in data[:20] if isinstance(raw, dict)]
    for name, fmt in FORMATS.items():
        if fmt.signature and records and all(fmt.signature <= raw.keys() for raw in records):
            return name
    return None
