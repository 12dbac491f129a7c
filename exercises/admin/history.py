"""The exercise admin's history: the list of versions, the comparison of two, and one
version with the button that reverts to it (in place of reversion's pre-filled form)."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from exercises import history, services, translation_status
from exercises.models import Exercise
from forge.lib.errors import DomainError


class ExerciseHistoryAdmin(VersionAdmin):
    """The history, compare and revision views ExerciseAdmin inherits, at reversion's URLs
    plus `exercises_exercise_compare`."""

    object_history_template = "admin/exercises/exercise/object_history.html"

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="exercises_exercise_compare",
        )
        # reversion's "recover deleted" views revert a whole revision, which may hold other
        # exercises (see revision_view); editors cannot delete exercises anyway.
        recover = {"exercises_exercise_recoverlist", "exercises_exercise_recover"}
        return [compare, *(url for url in super().get_urls() if url.name not in recover)]

    def _history_object(self, request, object_id) -> Exercise:
        exercise = self.get_object(request, unquote(object_id))
        if exercise is None:
            raise Http404("No such exercise.")
        if not self.has_view_or_change_permission(request, exercise):
            raise PermissionDenied
        return exercise

    def _version(self, exercise, version_id) -> Version:
        try:
            return history.exercise_versions(exercise=exercise).get(pk=int(version_id))
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404("No such version of this exercise.") from None

    def _context(self, request, exercise, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": exercise,
            "title": title,
            "subtitle": None,
            "history_url": reverse("admin:exercises_exercise_history", args=[quote(exercise.pk)]),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        exercise = self._history_object(request, object_id)
        versions = list(history.exercise_versions(exercise=exercise))
        context = {
            "versions": versions,
            "compare_url": reverse("admin:exercises_exercise_compare", args=[quote(exercise.pk)]),
            "can_revert": self.has_change_permission(request, exercise),
            **(extra_context or {}),
        }
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id):
        """The difference between two versions, or between a version and the current state."""
        exercise = self._history_object(request, object_id)
        chosen = {}
        for key in ("from", "to"):
            value = request.GET.get(key, history.CURRENT)
            chosen[key] = None if value == history.CURRENT else self._version(exercise, value)

        def snapshot(version):
            if version is None:
                return history.snapshot_of_exercise(exercise)
            return history.snapshot_of_version(version)

        older, newer = chosen["from"], chosen["to"]
        context = self._context(
            request,
            exercise,
            f"Changes to “{exercise}”",
            older=older,
            newer=newer,
            changes=history.snapshot_diff(snapshot(older), snapshot(newer)),
        )
        return TemplateResponse(request, "admin/exercises/exercise/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One version: what reverting to it would change, and (with change permission) a
        button that does it. Replaces reversion's pre-filled change form, which would also
        revert the other exercises of a shared revision."""
        exercise = self._history_object(request, object_id)
        version = self._version(exercise, version_id)
        can_revert = self.has_change_permission(request, exercise)
        if request.method == "POST" and request.POST.get("language"):
            if not can_revert:
                raise PermissionDenied
            return self._revert_language(request, exercise, version, request.POST["language"])
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            try:
                skipped = services.exercise_revert(
                    exercise=exercise, version=version, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"“{exercise}” is back as it was on "
                    f"{version.revision.date_created:%Y-%m-%d %H:%M}. The revert is recorded "
                    "in its history.",
                    messages.SUCCESS,
                )
                if skipped:
                    self.message_user(
                        request, "Not restored: " + "; ".join(skipped), messages.WARNING
                    )
                return redirect("admin:exercises_exercise_change", quote(exercise.pk))
        context = self._context(
            request,
            exercise,
            f"Version of “{exercise}” from {version.revision.date_created:%Y-%m-%d %H:%M}",
            version=version,
            can_revert=can_revert,
            languages=[
                (code, label)
                for code, label in settings.LANGUAGES
                if code in translation_status.TRANSLATED_LANGUAGES
            ],
            changes=history.snapshot_diff(
                history.snapshot_of_exercise(exercise), history.snapshot_of_version(version)
            ),
        )
        return TemplateResponse(request, "admin/exercises/exercise/revision.html", context)

    def _revert_language(self, request, exercise, version, language):
        """Put back only one language's texts from this version (translation_status)."""
        try:
            skipped = translation_status.exercise_revert_language(
                exercise=exercise, version=version, language=language, actor=request.user
            )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.path)
        label = dict(settings.LANGUAGES)[language]
        self.message_user(
            request,
            f"The {label} ({language}) text of “{exercise}” is back as it was on "
            f"{version.revision.date_created:%Y-%m-%d %H:%M}; English and the other languages "
            "are unchanged. The revert is recorded in its history.",
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(request, "Not restored: " + "; ".join(skipped), messages.WARNING)
        return redirect("admin:exercises_exercise_change", quote(exercise.pk))
