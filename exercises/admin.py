from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exercises import selectors, services
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
)


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
    extra = 0
    ordering = ["position", "id"]


class MuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    extra = 0
    autocomplete_fields = ["muscle"]
    ordering = ["role", "muscle__name"]


class StepInline(OrderedInline):
    model = ExerciseStep


class TipInline(OrderedInline):
    model = ExerciseTip


class MistakeInline(OrderedInline):
    model = ExerciseMistake


class FAQInline(OrderedInline):
    model = ExerciseFAQ
    fields = ["position", "question", "answer"]


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
        return format_html('<img src="{}" alt="" style="max-height:4rem">', obj.image.url)


class VariationInline(admin.TabularInline):
    model = ExerciseVariation
    fk_name = "exercise"
    extra = 0
    autocomplete_fields = ["variation"]


@admin.register(Exercise)
class ExerciseAdmin(CatalogueWriteMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "body_part",
        "category",
        "difficulty",
        "equipment",
        "completeness",
        "updated_at",
    ]
    list_filter = ["status", "body_part", "category", "difficulty", "equipment", "is_featured"]
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["body_part", "equipment", "category"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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
        (None, {"fields": ["name", "slug", "status", "is_featured", "summary", "aliases"]}),
        (
            "Classification",
            {"fields": ["body_part", "equipment", "category", "difficulty", "force", "mechanic"]},
        ),
        (
            "Prescription (timed exercises)",
            {
                "description": "For stretches and holds. Leave empty for exercises done for reps.",
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
    actions = ["publish", "send_to_review", "unpublish"]

    def get_queryset(self, request):
        return selectors.exercise_admin_list()

    @admin.display(description="missing sections")
    def completeness(self, obj):
        missing = selectors.exercise_missing_sections(obj)
        if not missing:
            return mark_safe('<span title="Every section is written">✔ complete</span>')
        return ", ".join(missing)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names, aliases and muscles all feed search; rebuild once everything is saved.
        services.exercises_refresh_search_text(
            exercises=Exercise.objects.filter(pk=form.instance.pk)
        )

    def _set_status(self, request, queryset, status, verb):
        changed = services.exercises_set_status(exercises=queryset, status=status)
        self.message_user(request, f"{changed} exercise(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected exercises", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Send selected exercises to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Status.REVIEW, "sent to review")

    @admin.action(
        description="Unpublish selected exercises (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT, "moved back to draft")
