from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import translation

from exercises.models import StartPosition
from plans.models import (
    Goal,
    GoalBodyPart,
    GoalMuscle,
    Plan,
    PlanDay,
    PlanItem,
    Routine,
    SessionEntry,
    WorkoutSession,
)
from plans.services import routines as routine_services


class ReadOnlyMixin:
    """Plans belong to members: staff may look (for support) but not change them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanDayInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanDay
    fields = readonly_fields = ("position", "name")
    extra = 0
    show_change_link = True


class PlanItemInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanItem
    fields = readonly_fields = (
        "position",
        "exercise",
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "rest_seconds",
    )
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "is_shared", "updated_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__email"]
    readonly_fields = ["owner", "name", "description", "created_at", "updated_at"]
    inlines = [PlanDayInline]

    @admin.display(boolean=True, description="shared")
    def is_shared(self, obj):
        return obj.is_shared


@admin.register(PlanDay)
class PlanDayAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "plan", "position"]
    list_select_related = ["plan"]
    readonly_fields = ["plan", "name", "position"]
    inlines = [PlanItemInline]


class SessionEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = SessionEntry
    fields = readonly_fields = (
        "position",
        "exercise",
        "side",
        "hold_seconds",
        "reps",
        "rating",
        "note",
    )
    extra = 0


@admin.register(WorkoutSession)
class WorkoutSessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Members' logs, read-only like their plans (for support)."""

    list_display = ["title", "owner", "started_at", "ended_at"]
    list_select_related = ["owner"]
    search_fields = ["title", "owner__email"]
    date_hierarchy = "started_at"
    readonly_fields = ["id", "owner", "plan_day", "title", "started_at", "ended_at", "created_at"]
    inlines = [SessionEntryInline]


# --- Generator goals and public routines ------------------------------------------------


class GoalMuscleInline(admin.TabularInline):
    model = GoalMuscle
    fields = ["muscle", "weight", "why"]
    extra = 1


class GoalBodyPartInline(admin.TabularInline):
    model = GoalBodyPart
    fields = ["body_part", "weight"]
    extra = 0


class GoalForm(forms.ModelForm):
    start_positions = forms.MultipleChoiceField(
        choices=StartPosition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Goal._meta.get_field("start_positions").help_text,
    )

    class Meta:
        model = Goal
        fields = [
            "name",
            "name_de",
            "name_es",
            "slug",
            "description",
            "description_de",
            "description_es",
            "position",
            "categories",
            "warm_up_items",
            "cool_down_items",
            "gentle",
            "start_positions",
        ]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    # "name" and "description" are the English text (the form's boxes) in any admin language.
    def changeform_view(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().changeform_view(request, *args, **kwargs)

    form = GoalForm
    list_display = ["name", "slug", "position", "gentle", "warm_up_items", "cool_down_items"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories"]
    inlines = [GoalMuscleInline, GoalBodyPartInline]
    search_fields = ["name", "slug"]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    """An editor turns one of their own plans into a public routine (or takes it down)."""

    def changeform_view(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):  # "description" is the English
            return super().changeform_view(request, *args, **kwargs)

    list_display = ["name", "slug", "goal", "level", "minutes", "is_published"]
    list_filter = ["is_published", "goal", "level"]
    list_select_related = ["plan", "goal"]
    search_fields = ["slug", "plan__name"]
    fields = [
        "plan",
        "slug",
        "goal",
        "level",
        "description",
        "is_published",
        "minutes",
        # The name and day names in German and Spanish (English: the plan's own).
        "title_de",
        "day_names_de",
        "description_de",
        "title_es",
        "day_names_es",
        "description_es",
    ]
    readonly_fields = ["minutes"]

    @admin.display(description="minutes a session")
    def minutes(self, obj):
        return round(obj.estimated_seconds / 60, 1) if obj and obj.pk else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan" and not request.user.is_superuser:
            # An editor publishes their own plans (made at /plans/) or the shipped ones.
            kwargs["queryset"] = Plan.objects.filter(
                owner__in=[request.user.pk, *_routine_owner_ids()]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        routine_services.routine_save(routine=obj)


def _routine_owner_ids() -> list[int]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return list(
        User.objects.filter(email=routine_services.ROUTINES_OWNER_EMAIL).values_list(
            "pk", flat=True
        )
    )
