from django.contrib import admin

from plans.models import Plan, PlanDay, PlanItem, SessionEntry, WorkoutSession


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
    fields = ["position", "name"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class PlanItemInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanItem
    fields = ["position", "exercise", "sets", "reps", "hold_seconds", "per_side", "rest_seconds"]
    readonly_fields = fields
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
    fields = ["position", "exercise", "side", "hold_seconds", "reps", "rating", "note"]
    readonly_fields = fields
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
