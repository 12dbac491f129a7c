"""Imports from the admin: check a file (a dry run), confirm it, run it as a background task.

An ImportRun moves checked → queued → running → done | failed (or is refused at the check).
Each move happens under a row lock and only from the state before it, so a double click on
"Import", or a task delivered twice, finds the run moved on and does nothing more.

The task runs through django-tasks (settings.TASKS): with the database backend a worker
(`manage.py db_worker`) picks it up; with the immediate backend it runs as soon as the
confirmation is committed, inside that request. Progress is kept on the run by stage: the
import writes in one transaction, so nothing in between can be seen from outside it.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from exercises.importers import (
    AUTO,
    FORMATS,
    ImporterError,
    ImportReport,
    import_catalogue,
    zipped_images,
)
from exercises.models import ImportRun
from exercises.services import catalogue_version_bump

logger = logging.getLogger(__name__)
State = ImportRun.State
FORMAT_CHOICES = [(AUTO, "Detect from the file"), *((n, f.description) for n, f in FORMATS.items())]


def import_check(
    *,
    user: Any,
    token: uuid.UUID,
    upload: UploadedFile,
    fmt: str,
    images: UploadedFile | None = None,
    skip_invalid: bool = False,
) -> ImportRun:
    """Store the file, dry-run it and keep what it would do. The same token twice (a form
    sent again) gives the run the first one made."""
    existing = ImportRun.objects.filter(token=token).first()
    if existing is not None:
        return existing
    run = ImportRun(
        token=token,
        created_by=user,
        file_name=(upload.name or "upload.json")[:255],
        images_name=(images.name or "images.zip")[:255] if images else "",
        format=fmt,
        skip_invalid=skip_invalid,
    )
    run.file.save(run.file_name, upload, save=False)
    if images is not None:
        run.images.save(run.images_name, images, save=False)
    try:
        # Always with skip_invalid, so the check counts the good records and names the bad.
        report = _import(run, dry_run=True, skip_invalid=True)
    except ImporterError as error:
        run.state, run.problems = State.REFUSED, [str(p) for p in error.problems]
    else:
        run.state, run.check_report, run.format = State.CHECKED, report.to_dict(), report.format
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:  # the same form, sent twice at once: keep the first
        _delete_files(run)
        return ImportRun.objects.get(token=token)
    return run


def import_can_confirm(run: ImportRun) -> bool:
    """A checked run may be confirmed unless it has bad records and was not told to skip."""
    return run.state == State.CHECKED and (run.skip_invalid or not run.check_report.get("skipped"))


def import_confirm(*, run: ImportRun, user: Any) -> ImportRun:
    """Queue a checked run for the worker, once: any later call finds it moved on."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not import_can_confirm(locked):
            return locked
        locked.state, locked.confirmed_by = State.QUEUED, user
        locked.stage, locked.percent = "Waiting for a worker", 0
        locked.save(update_fields=["state", "confirmed_by", "stage", "percent"])
        transaction.on_commit(lambda: _enqueue(locked.pk))
    locked.refresh_from_db()
    return locked


def _enqueue(pk: int) -> None:
    result = import_run_task.enqueue(pk)
    ImportRun.objects.filter(pk=pk, task_id="").update(task_id=result.id)


@task()
def import_run_task(run_id: int) -> str:
    """The background import of one confirmed run; answers the state it ends in."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.state != State.QUEUED:
            return run.state  # already run (or running): never twice
        run.state, run.started_at = State.RUNNING, timezone.now()
        run.stage, run.percent = "Starting", 5
        run.save(update_fields=["state", "started_at", "stage", "percent"])

    def progress(stage: str, percent: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(stage=stage, percent=percent)

    try:
        report = _import(run, dry_run=False, skip_invalid=run.skip_invalid, progress=progress)
    except ImporterError as error:
        _finish(run, State.FAILED, problems=[str(p) for p in error.problems])
    except Exception:
        _finish(
            run,
            State.FAILED,
            problems=["An unexpected error stopped the import; nothing was imported."],
        )
        raise  # for the worker's log
    else:
        _finish(run, State.DONE, report=report.to_dict())
        catalogue_version_bump()  # cached pages now show the imported exercises
    return run.state


def _finish(
    run: ImportRun, state: str, *, report: dict | None = None, problems: list[str] | None = None
) -> None:
    run.state, run.finished_at = state, timezone.now()
    run.stage = "Finished" if state == State.DONE else "Stopped"
    run.percent = 100
    run.result_report, run.problems = report or {}, problems or []
    run.save(
        update_fields=["state", "finished_at", "stage", "percent", "result_report", "problems"]
    )


def _import(
    run: ImportRun, *, dry_run: bool, skip_invalid: bool, progress: Any = None
) -> ImportReport:
    with ExitStack() as stack:
        images_dir = None
        if run.images:
            images_dir = stack.enter_context(zipped_images.unpacked(Path(run.images.path)))
        return import_catalogue(
            path=Path(run.file.path),
            fmt=run.format,
            images_dir=images_dir,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
        )


def _delete_files(run: ImportRun) -> None:
    for field in (run.file, run.images):
        if field:
            field.delete(save=False)
