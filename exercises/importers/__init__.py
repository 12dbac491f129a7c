"""Import and export of the exercise catalogue, built from adapters.

- records.py: the typed ExerciseRecord every format is mapped into, and the errors.
- forge.py, free_exercise_db.py, exercisedb.py: one module per source format; each only
  parses and maps (`parse(data) -> list[ExerciseRecord]`).
- registry.py: FORMATS, the names import_exercises --format accepts.
- loader.py: the format-agnostic Loader, which runs the steps below in one transaction:
  matching.py (which stored exercise each record is), validation.py (check every record and
  plan the writes) and writing.py (the vocabulary, then the plan, in bulk queries).
- images.py: pictures from a folder or from URLs; export.py: the forge-format export.
"""

from __future__ import annotations

from pathlib import Path

from exercises.importers.export import exercise_to_record, export_catalogue
from exercises.importers.fields import read_json
from exercises.importers.loader import Loader
from exercises.importers.records import ExerciseRecord, ImporterError
from exercises.importers.registry import FORMATS
from exercises.importers.report import ImportReport

__all__ = [
    "FORMATS",
    "ExerciseRecord",
    "ImportReport",
    "ImporterError",
    "exercise_to_record",
    "export_catalogue",
    "import_catalogue",
]


def import_catalogue(
    *,
    path: Path,
    fmt: str,
    images_dir: Path | None = None,
    fetch_images: bool = False,
    status: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file; raise ImporterError, with the database untouched, on any bad input."""
    if fmt not in FORMATS:
        raise ImporterError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}.")
    source_format = FORMATS[fmt]
    data = read_json(path)
    taxonomy = source_format.parse_taxonomy(data) if source_format.parse_taxonomy else {}
    records = source_format.parse(data)
    loader = Loader(
        records,
        taxonomy=taxonomy,
        images_dir=images_dir,
        fetch_images=fetch_images,
        status=status,
        dry_run=dry_run,
    )
    return loader.run()
