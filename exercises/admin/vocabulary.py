"""The vocabulary: body parts, muscles, equipment, categories, props, areas and search
synonyms."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from exercises import services
from exercises.admin.base import CatalogueWriteMixin, EnglishFormMixin
from exercises.models import (
    Area,
    BodyPart,
    Category,
    Equipment,
    Exercise,
    Muscle,
    Prop,
    Synonym,
)


class TaxonomyAdmin(EnglishFormMixin, CatalogueWriteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "exercise_count"]
    search_fields = ["name_en", "name_de", "name_es", "slug"]
    # "name" and "description" are the English text; the other languages have their boxes.
    exclude = ["name_en", "description_en"]
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
        if change and {"name", "name_de", "name_es"} & set(form.changed_data):
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


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Search synonyms: what people type, and the catalogue's words for it."""

    list_display = ["term", "means", "language"]
    list_filter = ["language"]
    search_fields = ["term", "means"]
    ordering = ["language", "term"]


@admin.register(Prop)
class PropAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "must_own", "exercise_count"]
    list_filter = ["must_own"]
    exercise_lookup = "props"


@admin.register(Area)
class AreaAdmin(EnglishFormMixin, CatalogueWriteMixin, admin.ModelAdmin):
    """The areas one can ask the generator to spare, and what each covers."""

    list_display = ["name", "slug", "kind", "covers"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    fields = [
        "name",
        "name_de",
        "name_es",
        "slug",
        "kind",
        "description",
        "description_de",
        "description_es",
        "muscles",
        "body_parts",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("muscles", "body_parts")

    @admin.display(description="covers")
    def covers(self, obj):
        parts = [f"{part.name} (body part)" for part in obj.body_parts.all()]
        return ", ".join(parts + [muscle.name for muscle in obj.muscles.all()]) or "—"
