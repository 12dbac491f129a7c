"""The source formats import_exercises reads. A new format is one module plus one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exercises.importers import exercisedb, forge, free_exercise_db
from exercises.importers.records import ExerciseRecord, TaxonomyEntry


@dataclass(frozen=True)
class Format:
    parse: Callable[[Any], list[ExerciseRecord]]
    description: str
    # Formats that carry their own vocabulary (only Forge's) also say what it is.
    parse_taxonomy: Callable[[Any], dict[str, list[TaxonomyEntry]]] | None = None


FORMATS: dict[str, Format] = {
    "forge": Format(forge.parse, "Forge's own format", forge.parse_taxonomy),
    "free-exercise-db": Format(free_exercise_db.parse, "yuhonas/free-exercise-db JSON list"),
    "exercisedb": Format(exercisedb.parse, "ExerciseDB JSON list"),
}
