from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms import Script
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version

from exercises import history, selectors, services
from exercises.models import (
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    Muscle,
    Status,
    Synonym,
)
from forge.lib.errors import DomainError


class TextField(forms.CharField):
    """Text from a textarea, with the browser's CRLF line breaks made "\n", so a save that
    only sent the same text back is not a change (in the form or in the history)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class CatalogueWriteMixin:
    """Every save or delete through the admin bumps the catalogue version, so the next
    visitor request shows it (cached pages are keyed by that version)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.catalogue_version_bump()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.catalogue_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.catalogue_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.catalogue_version_bump()


class TaxonomyAdmin(CatalogueWriteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "exercise_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # The exercises that carry this item's name in their search text.
    exercise_lookup = "body_part"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_exercise_count=Count("exercises"))

    @admin.display(description="exercises", ordering="_exercise_count")
    def exercise_count(self, obj):
        return obj._exercise_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            services.exercises_refresh_search_text(
                exercises=Exercise.objects.filter(**{self.exercise_lookup: obj})
            )


@admin.register(BodyPart)
class BodyPartAdmin(TaxonomyAdmin):
    exercise_lookup = "body_part"


@admin.register(Muscle)
class MuscleAdmin(TaxonomyAdmin):
    exercise_lookup = "muscles"

    def get_queryset(self, request):
        return (
            super(TaxonomyAdmin, self)
            .get_queryset(request)
            .annotate(_exercise_count=Count("exercise_links__exercise", distinct=True))
        )


@admin.register(Equipment)
class EquipmentAdmin(TaxonomyAdmin):
    exercise_lookup = "equipment"


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    exercise_lookup = "category"


class OrderedInline(admin.TabularInline):
    """A compact, ordered list of one-line entries; "extra" empty rows only on the add form."""

    ordering = ["position", "id"]
    classes = ["compact-inline", "ordered-inline"]
    formfield_overrides = {
        models.TextField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
        models.PositiveSmallIntegerField: {
            "widget": forms.NumberInput(attrs={"class": "position-input", "min": 0})
        },
    }

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class MuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    classes = ["compact-inline"]
    autocomplete_fields = ["muscle"]
    ordering = ["role", "muscle__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("muscle")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class StepInline(OrderedInline):
    model = ExerciseStep


class TipInline(OrderedInline):
    model = ExerciseTip


class MistakeInline(OrderedInline):
    model = ExerciseMistake


class FAQInline(OrderedInline):
    model = ExerciseFAQ
    fields = ["position", "question", "answer"]
    formfield_overrides = {
        **OrderedInline.formfield_overrides,
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vTextField"})},
        # Answers run to a few sentences: a modest box that the editor can enlarge.
        models.TextField: {
            "form_class": TextField,
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 50}),
        },
    }


class MainImageFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        main = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_main") and not form.cleaned_data.get("DELETE")
        ]
        if len(main) > 1:
            raise ValidationError("Only one image can be the main image.")


class ImageInline(OrderedInline):
    model = ExerciseImage
    formset = MainImageFormSet
    fields = ["position", "image", "alt_text", "is_main", "preview"]
    readonly_fields = ["preview"]

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" class="inline-preview">', obj.image.url)


class VariationInline(admin.TabularInline):
    model = ExerciseVariation
    classes = ["compact-inline"]
    fk_name = "exercise"
    autocomplete_fields = ["variation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variation")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class CompletenessFilter(admin.SimpleListFilter):
    title = "completeness"
    parameter_name = "completeness"

    def lookups(self, request, model_admin):
        return [
            ("complete", "Complete"),
            ("incomplete", "Missing anything"),
            ("summary", "Missing quick answer"),
            *[(name, f"Missing {label}") for name, label in selectors.COMPLETENESS_SECTIONS],
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return selectors.exercise_admin_filter_completeness(queryset, self.value())


@admin.register(Exercise)
class ExerciseAdmin(CatalogueWriteMixin, VersionAdmin):
    # Few columns, so that "missing sections" stays in view at 1280 px beside the filters;
    # category, difficulty and equipment are filters instead.
    list_display = ["name", "status", "body_part", "completeness", "updated"]
    list_filter = [
        "status",
        CompletenessFilter,
        "body_part",
        "category",
        "difficulty",
        "equipment",
        "is_featured",
    ]
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["body_part", "equipment", "category"]
    readonly_fields = ["workflow", "created_at", "updated_at"]
    list_per_page = 50
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {
            "form_class": TextField,
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        },
    }
    inlines = [
        MuscleInline,
        StepInline,
        TipInline,
        MistakeInline,
        FAQInline,
        ImageInline,
        VariationInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["workflow", "name", "slug", "status", "is_featured", "summary", "aliases"]},
        ),
        (
            "Classification",
            {"fields": ["body_part", "equipment", "category", "difficulty", "force", "mechanic"]},
        ),
        (
            "Prescription (timed exercises)",
            {
                "description": (
                    "For stretches and holds: the default, shortest and longest hold in "
                    "seconds, set together. Leave them empty for exercises done for reps."
                ),
                "fields": [
                    ("hold_seconds", "hold_seconds_min", "hold_seconds_max"),
                    ("per_side", "reps_per_side"),
                ],
            },
        ),
        (
            "Source and licence",
            {
                "classes": ["collapse"],
                "fields": [
                    "source",
                    "source_id",
                    "source_url",
                    "licence",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    actions = ["publish", "send_to_review", "unpublish", "merge"]
    object_history_template = "admin/exercises/exercise/object_history.html"
    # Django's own list template: reversion's adds "recover deleted", which is switched off.
    change_list_template = None

    class Media:
        css = {"all": ["css/admin-exercises.css"]}
        js = [Script("js/admin-order.js", type="module")]

    def get_queryset(self, request):
        return selectors.exercise_admin_list()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The fieldset's description says it once for the three hold boxes, side by side.
        form.base_fields["hold_seconds"].help_text = ""
        form.base_fields["summary"].widget.attrs["rows"] = 4
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # A new exercise has no workflow or history yet.
        first = {**self.fieldsets[0][1], "fields": self.fieldsets[0][1]["fields"][1:]}
        return [(None, first), *self.fieldsets[1:]]

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, obj):
        return date_format(timezone.localtime(obj.updated_at), "SHORT_DATE_FORMAT")

    @admin.display(description="missing sections")
    def completeness(self, obj):
        missing = selectors.exercise_missing_sections(obj)
        if not missing:
            return mark_safe('<span title="Every section is written">✔ complete</span>')
        return ", ".join(missing)

    @admin.display(description="status workflow")
    def workflow(self, obj):
        steps = format_html_join(
            " → ",
            "{}",
            (
                (
                    format_html('<strong class="workflow-current">{}</strong>', label)
                    if value == obj.status
                    else label,
                )
                for value, label in Status.choices
            ),
        )
        note = (
            "Public on the site."
            if obj.status == Status.PUBLISHED
            else "Not public yet: only staff can open its page."
        )
        history_url = reverse("admin:exercises_exercise_history", args=[quote(obj.pk)])
        return format_html(
            '<span class="workflow">{}</span> {} '
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">History</a><br>'
            '<span class="help">Change the status here and save, or use the actions on the '
            "exercise list.</span>",
            steps,
            note,
            obj.get_absolute_url(),
            "View the page" if obj.status == Status.PUBLISHED else "Preview the page",
            history_url,
        )

    # --- Saving and history ---------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # The status actions record one revision per exercise themselves (in the service);
        # reversion's wrapper would merge them into one, so it is skipped here.
        context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, context | (extra_context or {}))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and self.has_change_permission(request):
            # An exercise imported or edited before history was kept gets its current state
            # recorded first, so this edit can be undone.
            services.exercises_record_baseline(
                exercises=Exercise.objects.filter(pk=unquote(object_id))
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names, aliases and muscles all feed search; rebuild once everything is saved.
        services.exercises_refresh_search_text(
            exercises=Exercise.objects.filter(pk=form.instance.pk)
        )

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
            changes=history.snapshot_diff(
                history.snapshot_of_exercise(exercise), history.snapshot_of_version(version)
            ),
        )
        return TemplateResponse(request, "admin/exercises/exercise/revision.html", context)

    # --- Status actions -------------------------------------------------------------------

    def _set_status(self, request, queryset, status, verb):
        changed = services.exercises_set_status(
            exercises=queryset, status=status, actor=request.user
        )
        self.message_user(request, f"{changed} exercise(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected exercises", permissions=["change"])
    def publish(self, request, queryset):
        incomplete = [
            (exercise.name, selectors.exercise_missing_sections(exercise)) for exercise in queryset
        ]
        self._set_status(request, queryset, Status.PUBLISHED, "published")
        incomplete = [(name, missing) for name, missing in incomplete if missing]
        if incomplete:
            self.message_user(
                request,
                "Published, but with sections still missing — "
                + "; ".join(f"{name}: {', '.join(missing)}" for name, missing in incomplete)
                + ".",
                messages.WARNING,
            )

    @admin.action(description="Send selected exercises to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Status.REVIEW, "sent to review")

    @admin.action(
        description="Unpublish selected exercises (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT, "moved back to draft")

    # Merging deletes the twins, so it needs the delete permission (editors do not have it).
    @admin.action(description="Merge selected exercises into one…", permissions=["delete"])
    def merge(self, request, queryset):
        """Fold twins into one exercise: first a page to choose which one stays."""
        exercises = list(queryset.select_related("body_part", "category").order_by("name"))
        if len(exercises) < 2:
            self.message_user(request, "Select two or more exercises to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            target = next((e for e in exercises if str(e.pk) == request.POST.get("target")), None)
            if target is None:
                self.message_user(request, "Choose the exercise to keep.", messages.ERROR)
            else:
                for exercise in exercises:
                    if exercise.pk != target.pk:
                        services.exercise_merge(source=exercise, target=target, actor=request.user)
                self.message_user(
                    request,
                    f"Merged {len(exercises) - 1} exercise(s) into “{target.name}”; their old "
                    "addresses now lead to it.",
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge exercises",
            "exercises": exercises,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/exercises/exercise/merge.html", context)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Search synonyms: what people type, and the catalogue's words for it."""

    list_display = ["term", "means"]
    search_fields = ["term", "means"]
    ordering = ["term"]
