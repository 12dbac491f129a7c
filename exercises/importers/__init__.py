"""Import and export of the exercise catalogue, built from adapters.

- records.py: the typed ExerciseRecord every format is mapped into, and the errors.
- forge.py, free_exercise_db.py, exercisedb.py: one module per source format; each only
  parses and maps (`parse(data) -> list[ExerciseRecord]`).
- registry.py: FORMATS, the names import_exercises --format accepts.
- props.py: props (towel, wall, chair…) read from equipment values, and their seam.
- zipped_images.py: a zip of pictures unpacked, with its limits, into an --images folder.
- loader.py: the format-agnostic Loader, which runs the steps below in one transaction:
  matching.py (which stored exercise each record is), validation.py (check every record and
  plan the writes) and writing.py (the vocabulary, then the plan, in bulk queries).
- images.py: pictures from a folder or from URLs; export.py: the forge-format export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exercises.importers.export import exercise_to_record, export_catalogue
from exercises.importers.fields import read_json
from exercises.importers.loader import Loader, Progress
from exercises.importers.records import ExerciseRecord, ImporterError, Problem
from exercises.importers.registry import FORMATS, detect
from exercises.importers.report import ImportReport, SkippedRecord
from exercises.models import SourceMapping

AUTO = "auto"  # the format read from the file's shape

__all__ = [
    "AUTO",
    "FORMATS",
    "ExerciseRecord",
    "ImportReport",
    "ImporterError",
    "SkippedRecord",
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
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a file; raise ImporterError, with the database untouched, on any bad input.

    With skip_invalid, records with problems are left out and listed in the report instead
    (a problem of the whole file still stops everything)."""
    if fmt != AUTO and fmt not in FORMATS:
        raise ImporterError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}.")
    if progress:
        progress("Reading the file", 10)
    data = read_json(path)
    if fmt == AUTO:
        fmt = detect(data) or ""
        if not fmt:
            raise ImporterError(
                "Could not tell the file's format from its contents; choose one of "
                f"{', '.join(FORMATS)}."
            )
    source_format = FORMATS[fmt]
    taxonomy = source_format.parse_taxonomy(data) if source_format.parse_taxonomy else {}
    records, indices, skipped = _parse(source_format, data, skip_invalid=skip_invalid)
    if progress:
        # The rest runs in one transaction: nothing in it could be seen from outside.
        progress(f"Checking and writing {len(records):,} records", 30)
    loader = Loader(
        records,
        fmt=fmt,
        skip_invalid=skip_invalid,
        indices=indices,
        skipped=skipped,
        taxonomy=taxonomy,
        images_dir=images_dir,
        fetch_images=fetch_images,
        status=status,
        dry_run=dry_run,
    )
    return loader.run()


def _parse(
    source_format, data: Any, *, skip_invalid: bool
) -> tuple[list[ExerciseRecord], list[int], list[SkippedRecord]]:
    """The file's good records, their indices in the file, and the records left out."""
    kwargs: dict[str, Any] = {}
    if source_format.mapping_source:
        kwargs["mappings"] = SourceMapping.objects.as_tables(source=source_format.mapping_source)
    try:
        records = source_format.parse(data, **kwargs)
        return records, list(range(len(records))), []
    except ImporterError as error:
        if not skip_invalid or error.partial is None or not error.only_bad_records:
            raise
        partial, problems = error.partial, error.problems
    skipped = []
    for index in sorted({p.index for p in problems if p.index is not None}):
        mine = [p for p in problems if p.index == index]
        skipped.append(
            SkippedRecord(
                index=index,
                ident="" if mine[0].ident is None else str(mine[0].ident),
                name=_raw_name(data, index),
                reasons=[_reason(p) for p in mine],
            )
        )
    kept = [(index, r) for index, r in enumerate(partial) if r is not None]
    return [r for _, r in kept], [index for index, _ in kept], skipped


def _raw_name(data: Any, index: int) -> str:
    rows = data.get("exercises") if isinstance(data, dict) else data
    if (
        not isinstance(rows, list)
        or not 0 <= index < len(rows)
        or not isinstance(rows[index], dict)
    ):
        return ""
    name = rows[index].get("name")
    return name.strip() if isinstance(name, str) else ""


def _reason(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message
