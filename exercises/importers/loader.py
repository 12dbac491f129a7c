"""The format-agnostic loader: validate every record, then write them all in one transaction.

Nothing is written until the whole file has been checked; every problem found is reported
together (record index and id, field, what is wrong). Writes are bulk queries. A record
updates the exercise it matches (see exercises.importers.matching) — the one with the same
source and source id, or the same movement from another catalogue — and is left alone when
nothing in it changed.

The steps, in order: the vocabulary is upserted (writing), each record is matched to a stored
exercise (matching), checked and built (validation), and the plan is written (writing).

With `skip_invalid`, records with problems are left out (and listed in the report with their
reasons) and the rest are checked again and written, still in one transaction; a record is
written whole or not at all. Problems of the whole file still stop everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from exercises.importers import images as image_files
from exercises.importers import matching, props, validation, writing
from exercises.importers.records import (
    ExerciseRecord,
    ImporterError,
    Problem,
    ProblemList,
    TaxonomyEntry,
)
from exercises.importers.report import ImportReport, SkippedRecord
from exercises.models import Status

# Told what the import is doing: a stage in words and how far along it is, 0–100.
Progress = Callable[[str, int], None]


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
        skip_invalid: bool = False,
        indices: list[int] | None = None,
        skipped: list[SkippedRecord] | None = None,
        fmt: str = "",
    ):
        if status is not None and status not in Status.values:
            raise ImporterError(f"Unknown status {status!r}; expected one of {Status.values}.")
        self.records = records
        self.taxonomy = taxonomy or {}
        self.images_dir = images_dir
        self.fetch_images = fetch_images
        self.status = status
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        # Each record's index in the file (records the parser refused are already left out).
        self.indices = indices if indices is not None else list(range(len(records)))
        self.skipped = list(skipped or [])
        self.fmt = fmt
        self.report = ImportReport(dry_run=dry_run)
        self.problems = ProblemList()
        self._written: list[str] = []  # stored files, removed again if the import fails

    def run(self) -> ImportReport:
        """Import everything, or raise ImporterError with the database untouched."""
        try:
            with transaction.atomic():
                taxonomy = ImportReport()
                writing.upsert_taxonomy(self.taxonomy, problems=self.problems, report=taxonomy)
                self.problems.raise_if_any()
                for record in self.records:
                    # Props go to the exercise's props; what else the equipment said, to tips.
                    record.tips = [*record.tips, *props.notes_as_tips(record)]
                plan = self._validate_skipping()
                self.report.taxonomy_created = taxonomy.taxonomy_created
                self.report.taxonomy_updated = taxonomy.taxonomy_updated
                self.report.skipped = sorted(self.skipped, key=lambda s: s.index)
                writing.write(plan, report=self.report, written=self._written)
                if self.report.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            for name in self._written:
                default_storage.delete(name)
            raise
        return self.report

    def _validate_skipping(self) -> validation.Plan:
        """Check every record; with skip_invalid, leave the bad ones out until the rest pass
        (a record left out can make another fail, e.g. a variation pointing at it)."""
        while True:
            self.problems = ProblemList()
            self.report = ImportReport(dry_run=self.dry_run, format=self.fmt)
            plan = self._validate()
            found = [self._in_file(problem) for problem in self.problems]
            if not found:
                return plan
            if not self.skip_invalid or not all(p.index is not None for p in found):
                ProblemList(found).raise_if_any()
            bad = sorted({p.index for p in self.problems if p.index is not None})
            for index in bad:
                record = self.records[index]
                self.skipped.append(
                    SkippedRecord(
                        index=self.indices[index],
                        ident=record.source_id,
                        name=record.name,
                        reasons=[_reason(p) for p in self.problems if p.index == index],
                    )
                )
            keep = [i for i in range(len(self.records)) if i not in set(bad)]
            self.records = [self.records[i] for i in keep]
            self.indices = [self.indices[i] for i in keep]

    def _in_file(self, problem: Problem) -> Problem:
        """The problem with the record's index in the file, not in the records checked."""
        if problem.index is None:
            return problem
        return Problem(problem.message, self.indices[problem.index], problem.ident, problem.field)

    def _validate(self) -> validation.Plan:
        """Match, check and build every record; the problems go to self.problems."""
        records, problems = self.records, self.problems
        validation.check_duplicate_keys(records, problems)
        matches = matching.find_existing(records)
        matching.add_other_names_as_aliases(records, matches)
        validation.assign_slugs(records, matches)
        validation.check_slugs(records, matches, problems)
        vocabulary = validation.resolve_taxonomy(records, problems)
        pending_images = image_files.collect(
            records,
            images_dir=self.images_dir,
            fetch=self.fetch_images,
            problems=problems,
            report=self.report,
        )
        validation.check_variations(records, problems)
        return validation.plan_writes(
            records,
            matches=matches,
            vocabulary=vocabulary,
            pending_images=pending_images,
            status=self.status,
            problems=problems,
            report=self.report,
        )


def _reason(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message
