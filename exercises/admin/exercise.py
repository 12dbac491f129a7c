"""The exercise list and page: columns, filters, fieldsets and the status and merge actions
(its history views are in exercises.admin.history)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import Script
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy

from exercises import pictures, selectors, services, translation_status
from exercises.admin.base import CatalogueWriteMixin, TextField
from exercises.admin.history import ExerciseHistoryAdmin
from exercises.admin.inlines import (
    FAQInline,
    ImageInline,
    MistakeInline,
    MuscleInline,
    StepInline,
    TipInline,
    VariationInline,
)
from exercises.admin.pose import PoseWidget, pose_preview
from exercises.models import Exercise, Status
from exercises.translation import EXERCISE_FIELDS


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


class TranslationFilter(admin.SimpleListFilter):
    title = "translation"
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        return [
            (f"{language}-{state}", f"{names[language]}: {label}")
            for language in translation_status.TRANSLATED_LANGUAGES
            for state, label in (("complete", "complete"), ("missing", "something missing"))
        ]

    def queryset(self, request, queryset):
        language, _, state = (self.value() or "").partition("-")
        if language not in translation_status.TRANSLATED_LANGUAGES:
            return queryset
        missing = translation_status.missing_field(language)
        if state == "complete":
            return queryset.filter(**{missing: 0})
        return queryset.filter(**{f"{missing}__gt": 0})


TRANSLATION_FIELDSETS = [
    (
        f"Translation: {label} ({code})",
        {
            "classes": ["collapse"],
            "description": f"The page in {label}. A box left empty shows the English text "
            "(the page says once that parts are in English). Steps, tips, mistakes and FAQ "
            f"entries have their “{code}” boxes beside the English ones below.",
            "fields": [f"{name}_{code}" for name in EXERCISE_FIELDS],
        },
    )
    for code, label in settings.LANGUAGES
    if code in translation_status.TRANSLATED_LANGUAGES
]


class PictureFilter(admin.SimpleListFilter):
    title = "pictures"
    parameter_name = "pictures"

    def lookups(self, request, model_admin):
        return [("yes", "With a picture"), ("no", "Without any picture")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.filter(has_picture=self.value() == "yes")


class FlaggedFilter(admin.SimpleListFilter):
    title = "review note"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged for review"), ("no", "No note")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(review_note="")
        if self.value() == "no":
            return queryset.filter(review_note="")
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(CatalogueWriteMixin, ExerciseHistoryAdmin):
    # Few columns, so that "missing sections" stays in view at 1280 px beside the filters;
    # body part, category, difficulty and equipment are filters instead.
    list_display = [
        "name",
        "status",
        "reviewed",
        "pictures",
        "completeness",
        "updated",
    ]
    list_filter = [
        "status",
        "reviewed",
        FlaggedFilter,
        CompletenessFilter,
        TranslationFilter,
        PictureFilter,
        "body_part",
        "category",
        "difficulty",
        "equipment",
        "is_featured",
        "start_position",
        "needs_partner",
    ]
    search_fields = ["name_en", "name_de", "name_es", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["body_part", "equipment", "category"]
    readonly_fields = ["workflow", "review_record", "created_at", "updated_at"]
    list_per_page = 50
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {
            "form_class": TextField,
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        },
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
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
            "Safety (what a person needs before starting; the generator uses it)",
            {
                "fields": [
                    ("start_position", "needs_partner"),
                    ("loads", "props"),
                    "precautions",
                    "breathing",
                ],
            },
        ),
        (
            "Review",
            {
                "description": format_lazy(
                    "Only reviewed exercises go into generated plans. Tick it once you have "
                    "checked the page and its safety data; who and when are recorded. "
                    "Imported pages that may repeat a reviewed one are listed under "
                    '<a href="{}">likely twins</a>.',
                    reverse_lazy("admin:exercises_exercise_twins"),
                ),
                "fields": [("reviewed", "review_record"), "review_note"],
            },
        ),
        *TRANSLATION_FIELDSETS,
        (
            "Drawn pose (shown when there is no photo)",
            {
                "classes": ["collapse"],
                "description": (
                    "Joint angles of a drawn figure at the start and end of the movement, "
                    "with a preview. Leave empty when the exercise has photos."
                ),
                "fields": ["pose"],
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
    actions = [
        "publish",
        "send_to_review",
        "unpublish",
        "mark_reviewed",
        "mark_unreviewed",
        "merge",
    ]
    # Django's own list template: reversion's adds "recover deleted", which is switched off.
    change_list_template = None

    class Media:
        css = {"all": ["css/admin-exercises.css", "css/pose.css"]}
        js = [Script("js/admin-order.js", type="module"), Script("js/admin-pose.js", type="module")]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.pose_preview_view)
        twins = self.admin_site.admin_view(self.twins_view)
        return [
            path("twins/", twins, name="exercises_exercise_twins"),
            path("pose-preview/", preview, name="exercises_exercise_pose_preview"),
            path("<path:object_id>/pose-preview/", preview, name="exercises_exercise_pose_preview"),
            *super().get_urls(),
        ]

    def pose_preview_view(self, request, object_id=None):
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        return pose_preview(request, object_id=object_id)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "pose":
            object_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            url_name = "admin:exercises_exercise_pose_preview"
            preview_url = reverse(url_name, args=[object_id]) if object_id else reverse(url_name)
            kwargs["widget"] = PoseWidget(preview_url=preview_url)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return translation_status.with_translation_missing(selectors.exercise_admin_list())

    # The form's own fields (name, summary, steps' text…) are the English ones and the
    # translations have their own boxes, whatever language the editor's browser asks for.
    def changeform_view(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().changeform_view(request, *args, **kwargs)

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

    @admin.display(description="pictures", ordering="picture_count")
    def pictures(self, obj):
        if not obj.picture_count:
            return mark_safe('<span class="no-picture">none</span>')
        return obj.picture_count

    @admin.display(description="missing sections")
    def completeness(self, obj):
        """The English page's missing sections, and under them each language's translation
        state (a column of its own would not fit beside the filters at 1280 px)."""
        missing = selectors.exercise_missing_sections(obj)
        if not missing:
            english = mark_safe('<span title="Every section is written">✔ complete</span>')
        else:
            english = ", ".join(missing)
        return format_html("{}<br>{}", english, self.translated(obj))

    @admin.display(description="translated")
    def translated(self, obj):
        """Per language: ✔ when every text is translated, else how many still show English."""
        return format_html_join(
            " · ",
            '<span class="translation-state" title="{}">{} {}</span>',
            (
                (
                    f"{missing} texts still in English" if missing else "every text translated",
                    language,
                    "✔" if missing == 0 else missing,
                )
                for language in translation_status.TRANSLATED_LANGUAGES
                for missing in [getattr(obj, translation_status.missing_field(language))]
            ),
        )

    @admin.display(description="reviewed by")
    def review_record(self, obj):
        if not obj.reviewed:
            return "Not reviewed yet."
        when = (
            date_format(timezone.localtime(obj.reviewed_at), "DATETIME_FORMAT")
            if obj.reviewed_at
            else "an unknown date"
        )
        who = (
            obj.reviewed_by.get_username()
            if obj.reviewed_by
            else "an import or an editor since removed"
        )
        return f"{who}, {when}"

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

    # --- Likely twins -----------------------------------------------------------------------

    def twins_view(self, request):
        """Pairs of exercises with the same target and close names, at least one of them
        unreviewed: an imported page and Forge's own for the same move, ready to merge."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Likely twins",
            "opts": self.model._meta,
            "pairs": selectors.exercise_likely_twins(),
            "can_merge": self.has_delete_permission(request),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/exercises/exercise/twins.html", context)

    # --- Saving and history ---------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # The status actions record one revision per exercise themselves (in the service);
        # reversion's wrapper would merge them into one, so it is skipped here.
        context = {"has_change_permission": self.has_change_permission(request)}
        with translation.override(settings.LANGUAGE_CODE):
            return admin.ModelAdmin.changelist_view(self, request, context | (extra_context or {}))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and self.has_change_permission(request):
            # An exercise imported or edited before history was kept gets its current state
            # recorded first, so this edit can be undone.
            services.exercises_record_baseline(
                exercises=Exercise.objects.filter(pk=unquote(object_id))
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # "Reviewed" goes through the service, which records who and when.
        wanted = obj.reviewed
        if "reviewed" in form.changed_data:
            obj.reviewed = form.initial.get("reviewed", False)
        super().save_model(request, obj, form, change)
        if wanted != obj.reviewed:
            services.exercises_set_reviewed(
                exercises=Exercise.objects.filter(pk=obj.pk), reviewed=wanted, actor=request.user
            )
            obj.refresh_from_db(fields=["reviewed", "reviewed_by", "reviewed_at"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # New or replaced pictures get their renditions now, not on a visitor's request.
        pictures.image_renditions_generate(images=form.instance.images.all())
        # Names, aliases and muscles all feed search; rebuild once everything is saved.
        services.exercises_refresh_search_text(
            exercises=Exercise.objects.filter(pk=form.instance.pk)
        )

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

    @admin.action(description="Mark selected exercises reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        changed = services.exercises_set_reviewed(
            exercises=queryset, reviewed=True, actor=request.user
        )
        self.message_user(request, f"{changed} exercise(s) marked reviewed.", messages.SUCCESS)

    @admin.action(description="Mark selected exercises as needing review", permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        changed = services.exercises_set_reviewed(
            exercises=queryset, reviewed=False, actor=request.user
        )
        self.message_user(
            request, f"{changed} exercise(s) marked as needing review.", messages.SUCCESS
        )

    # Merging deletes the twins, so it needs the delete permission (editors do not have it).
    @admin.action(description="Merge selected exercises into one…", permissions=["delete"])
    def merge(self, request, queryset):
        """Fold twins into one exercise: first a page to choose which one stays."""
        # The reviewed page first: it is the one to keep, unless the editor chooses otherwise.
        exercises = list(
            queryset.select_related("body_part", "category").order_by("-reviewed", "name")
        )
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
