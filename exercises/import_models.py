"""The models of importing from the admin: editors' source mappings and import records.

Imported by exercises.models (Django finds models there); kept apart as they concern the
import workflow, not the catalogue itself.
"""

from __future__ import annotations

import os
import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models


class ImportFileStorage(FileSystemStorage):
    """Uploaded catalogue files and zips: kept in settings.IMPORT_FILES_ROOT, outside
    MEDIA_ROOT, so they are never served (they may hold data not licensed for publishing)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.IMPORT_FILES_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


import_file_storage = ImportFileStorage()


class SourceMappingQuerySet(models.QuerySet):
    def as_tables(self, *, source: str) -> dict[str, dict[str, str]]:
        """{kind: {source value: Forge slug}} for one source, as the adapters take them."""
        tables: dict[str, dict[str, str]] = {}
        for kind, value, slug in self.filter(source=source).values_list("kind", "value", "slug"):
            tables.setdefault(kind, {})[value] = slug
        return tables


class SourceMapping(models.Model):
    """A source's word for something, mapped once by an editor to Forge's slug for it.

    Extends (and overrides) the tables an adapter has built in, so an unknown value refused in
    one import is understood in every import after."""

    class Kind(models.TextChoices):
        BODY_PART = "body_part", "Body part"
        MUSCLE = "muscle", "Muscle (target or secondary)"
        EQUIPMENT = "equipment", "Equipment"
        CATEGORY = "category", "Category"

    class Source(models.TextChoices):
        EXERCISEDB = "exercisedb", "ExerciseDB"

    source = models.CharField(max_length=40, choices=Source.choices, default=Source.EXERCISEDB)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    value = models.CharField(
        max_length=120, help_text="The word as the source writes it (compared in lower case)."
    )
    slug = models.SlugField(
        max_length=60, help_text="The slug of the Forge body part, muscle, equipment or category."
    )

    objects = SourceMappingQuerySet.as_manager()

    class Meta:
        ordering = ["source", "kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "value"], name="sourcemapping_unique_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.kind} “{self.value}” → {self.slug}"

    # The vocabulary model each kind maps onto.
    KIND_MODELS = {
        "body_part": "BodyPart",
        "muscle": "Muscle",
        "equipment": "Equipment",
        "category": "Category",
    }

    def clean(self) -> None:
        # Sources are compared in lower case with single spaces ("Hula  Hoop" is "hula hoop").
        self.value = " ".join(self.value.lower().split())
        if self.kind in self.KIND_MODELS and self.slug:
            model = apps.get_model("exercises", self.KIND_MODELS[self.kind])
            if not model._default_manager.filter(slug=self.slug).exists():
                raise ValidationError(
                    {"slug": f"No {self.get_kind_display().lower()} has the slug “{self.slug}”."}
                )


class ImportRun(models.Model):
    """One import of a file from the admin: checked (a dry run), then confirmed and run.

    States: checked → queued → running → done | failed; a file that cannot be read at all is
    `refused` at once. exercises.imports moves a run from one state to the next, under a row
    lock, so a second click or a second worker finds it moved on and does nothing."""

    class State(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        REFUSED = "refused", "Refused"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="%Y/%m/", storage=import_file_storage, max_length=255)
    file_name = models.CharField(max_length=255)
    images = models.FileField(
        upload_to="%Y/%m/", storage=import_file_storage, max_length=255, blank=True
    )
    images_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=40)
    skip_invalid = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKED)
    stage = models.CharField(max_length=80, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    # ImportReport.to_dict() of the dry run and of the import itself.
    check_report = models.JSONField(default=dict, blank=True)
    result_report = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # texts, when refused or failed
    task_id = models.CharField(max_length=64, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import"
        permissions = [("import_exercises", "Can import exercises from a file")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
