"""Import exercises from the admin, and the source mappings that teach imports new words.

Pages (all need the "Can import exercises from a file" permission):
- add ("Import exercises"): upload a file (and a zip of its pictures), pick the format or let
  Forge tell, choose whether invalid records are skipped; the file is checked at once;
- change (one import): the check's counts and refused records, the confirm button, then the
  progress bar (static/js/import-progress.js polls `progress`), then the result;
- changelist: every import, kept as a record of who imported what and what came of it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms import Media
from django.forms.widgets import Script
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from exercises import imports
from exercises.models import ImportRun, SourceMapping

IMPORT_PERMISSION = "exercises.import_exercises"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Catalogue file",
        help_text="A JSON file: Forge's format, ExerciseDB or free-exercise-db.",
    )
    format = forms.ChoiceField(choices=imports.FORMAT_CHOICES, initial="auto")
    images = forms.FileField(
        label="Pictures (optional)",
        required=False,
        help_text="A .zip of the pictures, in the folders the file names them in.",
    )
    skip_invalid = forms.BooleanField(
        label="Skip invalid records",
        required=False,
        help_text="Import the valid records and list the others. Unticked, one invalid record "
        "stops the whole import.",
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES:,} bytes.")
        return upload

    def clean_images(self):
        upload = self.cleaned_data.get("images")
        if upload and not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("Pictures come as one .zip file.")
        if upload and upload.size > MAX_UPLOAD_BYTES * 4:
            raise forms.ValidationError(f"The zip is larger than {MAX_UPLOAD_BYTES * 4:,} bytes.")
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "state", "counts", "created_by", "created_at"]
    list_filter = ["state", "format"]
    list_select_related = ["created_by"]
    ordering = ["-created_at", "-pk"]

    # --- Permissions: one permission for every page; runs are never edited or deleted ---

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="result")
    def counts(self, run: ImportRun) -> str:
        report = run.result_report or run.check_report
        if not report:
            return f"{len(run.problems)} problem(s)" if run.problems else "—"
        return (
            f"{report['created']} new, {report['updated']} updated, {report['linked']} linked, "
            f"{report['unchanged']} unchanged, {len(report['skipped'])} refused"
        )

    # --- Pages ---

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/confirm/",
                wrap(self.confirm_view),
                name="exercises_importrun_confirm",
            ),
            path(
                "<path:object_id>/progress/",
                wrap(self.progress_view),
                name="exercises_importrun_progress",
            ),
            *super().get_urls(),
        ]

    def _run(self, request: HttpRequest, pk: Any) -> ImportRun:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            return ImportRun.objects.select_related("created_by", "confirmed_by").get(pk=pk)
        except (ImportRun.DoesNotExist, ValueError):
            raise Http404("No such import.") from None

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                run = imports.import_check(
                    user=request.user,
                    token=data["token"],
                    upload=data["file"],
                    fmt=data["format"],
                    images=data["images"],
                    skip_invalid=data["skip_invalid"],
                )
                return redirect("admin:exercises_importrun_change", run.pk)
        else:
            form = ImportForm(initial={"token": uuid.uuid4()})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import exercises",
            "form": form,
            "mappings_url": reverse("admin:exercises_sourcemapping_changelist"),
        }
        return TemplateResponse(request, "admin/exercises/importrun/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self._run(request, object_id)
        report = run.result_report or run.check_report
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Import of {run.file_name}",
            "run": run,
            "report": report,
            "checked": run.check_report,
            "to_write": sum(run.check_report.get(k, 0) for k in ("created", "updated", "linked")),
            "can_confirm": imports.import_can_confirm(run),
            "media": Media(js=[Script("js/import-progress.js", type="module")]),
            "mappings_url": reverse("admin:exercises_sourcemapping_add") + "?source=exercisedb",
            "drafts_url": reverse("admin:exercises_exercise_changelist") + "?status__exact=draft",
        }
        return TemplateResponse(request, "admin/exercises/importrun/run.html", context)

    def confirm_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        run = self._run(request, object_id)
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        before = run.state
        run = imports.import_confirm(run=run, user=request.user)
        if before == ImportRun.State.CHECKED and run.state == ImportRun.State.CHECKED:
            messages.error(
                request,
                "This file has invalid records: check it again with “Skip invalid records”, "
                "or fix the file.",
            )
        return redirect("admin:exercises_importrun_change", run.pk)

    def progress_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        run = self._run(request, object_id)
        return JsonResponse(
            {
                "state": run.state,
                "state_label": run.get_state_display(),
                "stage": run.stage,
                "percent": run.percent,
                "finished": not run.is_active,
            }
        )


@admin.register(SourceMapping)
class SourceMappingAdmin(admin.ModelAdmin):
    """A source's words Forge did not know, mapped once by an editor for every later import."""

    list_display = ["value", "kind", "slug", "source"]
    list_filter = ["source", "kind"]
    search_fields = ["value", "slug"]

    def get_changeform_initial_data(self, request):
        # Links from an import's refused records fill in the source, kind and value.
        return {key: request.GET[key] for key in ("source", "kind", "value") if key in request.GET}
