"""The format-agnostic loader: validate every record, then write them all in one transaction.

Nothing is written until the whole file has been checked; every problem found is reported
together (record index and id, field, what is wrong). Writes are bulk queries. A record
updates the exercise it matches (see exercises.importers.matching) — the one with the same
source and source id, or the same movement from another catalogue — and is left alone when
nothing in it changed.

The steps, in order: the vocabulary is upserted (writing), each record is matched to a stored
exercise (matching), checked and built (validation), and the plan is written (writing).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from exercises.importers import images as image_files
from exercises.importers import matching, validation, writing
from exercises.importers.records import ExerciseRecord, ImporterError, ProblemList, TaxonomyEntry
from exercises.importers.report import ImportReport
from exercises.models import Status


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
        self._written: list[str] = []  # stored files, removed again if the import fails

    def run(self) -> ImportReport:
        """Import everything, or raise ImporterError with the database untouched."""
        try:
            with transaction.atomic():
                writing.upsert_taxonomy(self.taxonomy, problems=self.problems, report=self.report)
                self.problems.raise_if_any()
                plan = self._validate()
                self.problems.raise_if_any()
                writing.write(plan, report=self.report, written=self._written)
                if self.report.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            for name in self._written:
                default_storage.delete(name)
            raise
        return self.report

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
