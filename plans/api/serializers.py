from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exercises.api.serializers import ContentLanguageFields, FallbackField
from exercises.models import Category, Difficulty, Exercise
from exercises.translation import content_language, field_fallbacks
from forge.lib.api import StrictFieldsMixin, StrictUUIDField
from plans import generator, timeline
from plans.models import Goal, Plan, PlanDay, PlanItem, Routine, SessionEntry, WorkoutSession
from plans.selectors import plan_day_queryset


class ExerciseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exercise
        fields = ["slug", "name"]


class PlanItemSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """An item's prescription. Writes go through plans.services.plans.plan_item_update, whose
    full_clean() applies the model's rules; the view turns its errors into field errors."""

    exercise = ExerciseRefSerializer(read_only=True)
    day: serializers.PrimaryKeyRelatedField[PlanDay] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    prescription = serializers.CharField(source="prescription_text", read_only=True)
    estimated_seconds = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "day",
            "position",
            "exercise",
            "sets",
            "reps",
            "hold_seconds",
            "per_side",
            "rest_seconds",
            "notes",
            "prescription",
            "estimated_seconds",
        ]
        read_only_fields = ["position"]

    def get_estimated_seconds(self, obj) -> int:
        return timeline.item_seconds(obj)


class ExerciseSlugField(serializers.SlugRelatedField):
    """A published exercise by slug. A NUL byte is refused before the lookup: PostgreSQL
    cannot take it in a query, so it would be a 500 rather than a 400."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class PlanItemCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    """Add an exercise to one of my plans, with its default prescription."""

    exercise = ExerciseSlugField(
        slug_field="slug", queryset=Exercise.objects.published(), help_text="Exercise slug."
    )
    plan = serializers.IntegerField(help_text="Id of one of your plans.")
    day = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of a day of that plan; default the first."
    )


class PlanItemMoveSerializer(StrictFieldsMixin, serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"], required=False)
    day = serializers.IntegerField(required=False, help_text="Move to the end of this day.")

    def validate(self, attrs):
        if ("direction" in attrs) == ("day" in attrs):
            raise serializers.ValidationError("Give either a direction or a day.")
        return attrs


class PlanDaySerializer(StrictFieldsMixin, serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    estimated_seconds = serializers.SerializerMethodField()

    class Meta:
        model = PlanDay
        fields = ["id", "name", "position", "estimated_seconds", "items"]
        read_only_fields = ["position"]

    def get_estimated_seconds(self, obj) -> int:
        return timeline.day_timeline(obj).total_seconds


class DayReorderSerializer(StrictFieldsMixin, serializers.Serializer):
    item_ids = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=False,
        max_length=200,
        help_text="Every item id of the day, in the new order.",
    )


class PlanSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    days = PlanDaySerializer(many=True, read_only=True)
    estimated_seconds = serializers.SerializerMethodField()
    share_url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "name",
            "description",
            "share_url",
            "estimated_seconds",
            "days",
            "created_at",
            "updated_at",
        ]

    def get_estimated_seconds(self, obj) -> int:
        return timeline.plan_seconds(obj)

    def get_share_url(self, obj) -> str | None:
        url = obj.get_share_url()
        return self.context["request"].build_absolute_uri(url) if url else None


class PlanCopySerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=False)


class PlanRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "name"]


class SavedExerciseSerializer(serializers.Serializer):
    """An exercise a member has saved into plans, with those plans."""

    slug = serializers.SlugField(source="exercise.slug")
    name = serializers.CharField(source="exercise.name")
    plans = PlanRefSerializer(many=True)


# --- The log --------------------------------------------------------------------------------


class SessionEntrySerializer(StrictFieldsMixin, serializers.ModelSerializer):
    exercise = ExerciseSlugField(  # refuses a NUL byte before the query (a 500 on PostgreSQL)
        slug_field="slug",
        queryset=Exercise.objects.published(),
        help_text="The slug of a published exercise.",
    )

    class Meta:
        model = SessionEntry
        fields = ["exercise", "side", "hold_seconds", "reps", "rating", "note"]

    def validate(self, attrs):
        if attrs.get("hold_seconds") is not None and attrs.get("reps") is not None:
            raise serializers.ValidationError({"reps": ["Give a hold time or reps, not both."]})
        return attrs


class WorkoutSessionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    id = StrictUUIDField(
        source="client_id",
        required=False,
        help_text="Chosen by the client (a UUID written as text). Saving the same id again "
        "stores nothing new and answers the stored session. Ids are yours alone: another "
        "member's sessions never clash with yours.",
    )
    plan_day = serializers.PrimaryKeyRelatedField(
        queryset=PlanDay.objects.none(),
        allow_null=True,
        required=False,
        help_text="The id of the plan day followed, one of your own; null for none.",
    )
    # many=True hands max_length to the ListSerializer; the stubs list only allow_empty.
    entries = SessionEntrySerializer(many=True, allow_empty=False, max_length=200)  # type: ignore[call-arg]
    duration_seconds = serializers.IntegerField(read_only=True)

    class Meta:
        model = WorkoutSession
        fields = [
            "id",
            "plan_day",
            "title",
            "started_at",
            "ended_at",
            "duration_seconds",
            "entries",
            "created_at",
        ]
        read_only_fields = ["title", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["plan_day"].queryset = plan_day_queryset(user=request.user)


# --- Generator, goals and routines ----------------------------------------------------------


class GenerateInputSerializer(StrictFieldsMixin, serializers.Serializer):
    """What the generator needs. Slugs are checked against the vocabulary in the context."""

    goal = serializers.SlugField(help_text="A goal's slug (see /api/v1/goals/).")
    minutes = serializers.IntegerField(
        min_value=generator.MIN_MINUTES, max_value=generator.MAX_MINUTES
    )
    days_per_week = serializers.IntegerField(
        min_value=generator.MIN_DAYS, max_value=generator.MAX_DAYS, default=3
    )
    equipment = serializers.ListField(
        child=serializers.SlugField(),
        default=list,
        max_length=50,
        help_text="Equipment slugs owned, and slugs of props one has to own (bar, bench, "
        "box, strap, ab-wheel); body weight always counts, and everyday props (wall, chair, "
        "step, towel, cushion, doorway, mat) are taken to be at hand.",
    )
    level = serializers.ChoiceField(choices=Difficulty.choices, default=Difficulty.BEGINNER)
    avoid = serializers.ListField(
        child=serializers.SlugField(),
        default=list,
        max_length=20,
        help_text="Area slugs to leave out (see /api/v1/areas/): joints, regions and body parts.",
    )
    seed = serializers.IntegerField(
        min_value=0,
        max_value=generator.MAX_SEED,
        required=False,
        help_text="Same inputs and seed, same plan; a random seed when left out.",
    )
    # The metaclass takes declared fields out of the class, so save() is not shadowed; the
    # stubs cannot see that.
    save = serializers.BooleanField(  # type: ignore[assignment]
        default=False, help_text="Store the plan in my plans (members only)."
    )

    def validate_goal(self, value):
        if value not in self.context["vocabulary"].goals:
            raise serializers.ValidationError(f"There is no goal “{value}”.")
        return value

    def validate_equipment(self, value):
        vocabulary = self.context["vocabulary"]
        unknown = sorted(set(value) - set(vocabulary.equipment) - set(vocabulary.owned_props))
        if unknown:
            raise serializers.ValidationError(f"Unknown equipment: {', '.join(unknown)}.")
        return value

    def validate_avoid(self, value):
        unknown = sorted(set(value) - set(self.context["vocabulary"].areas))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown areas: {', '.join(unknown)}. See /api/v1/areas/ for the list."
            )
        return value


class GeneratedExerciseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    body_part = serializers.CharField(help_text="Body-part slug.")
    equipment = serializers.CharField(help_text="Equipment slug.")
    difficulty = serializers.CharField()


class GeneratedItemSerializer(serializers.Serializer):
    exercise = GeneratedExerciseSerializer()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    hold_seconds = serializers.IntegerField(allow_null=True)
    per_side = serializers.BooleanField()
    rest_seconds = serializers.IntegerField()
    reason = serializers.CharField()
    role = serializers.CharField(help_text="warm-up, main or cool-down.")
    estimated_seconds = serializers.IntegerField(source="seconds")


class GeneratedDaySerializer(serializers.Serializer):
    name = serializers.CharField()
    estimated_seconds = serializers.IntegerField()
    fits = serializers.BooleanField(help_text="Within 10 % of the minutes asked.")
    items = GeneratedItemSerializer(many=True)


class GeneratedPlanSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    goal = serializers.CharField(source="inputs.goal")
    minutes = serializers.IntegerField(source="inputs.minutes")
    days_per_week = serializers.IntegerField(source="inputs.days_per_week")
    level = serializers.CharField(source="inputs.level")
    equipment = serializers.ListField(child=serializers.CharField(), source="inputs.equipment")
    avoid = serializers.ListField(child=serializers.CharField(), source="inputs.avoid")
    seed = serializers.IntegerField(source="inputs.seed")
    fits = serializers.BooleanField()
    notice = serializers.CharField(
        help_text="Why the plan falls short of the minutes asked; empty when it fits."
    )
    days = GeneratedDaySerializer(many=True)


class GoalSerializer(ContentLanguageFields, serializers.ModelSerializer):
    categories: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    muscles = serializers.SerializerMethodField()
    body_parts = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "slug",
            "name",
            "description",
            "categories",
            "muscles",
            "body_parts",
            "warm_up_items",
            "cool_down_items",
            "language",
            "fallback",
        ]

    def get_muscles(self, obj) -> list[dict]:
        return [
            {"slug": link.muscle.slug, "weight": link.weight} for link in obj.muscle_links.all()
        ]

    def get_body_parts(self, obj) -> list[dict]:
        return [
            {"slug": link.body_part.slug, "weight": link.weight}
            for link in obj.body_part_links.all()
        ]


class RoutineSerializer(ContentLanguageFields, serializers.ModelSerializer):
    name = serializers.CharField(help_text="In the content language (`lang`).")
    goal: serializers.SlugRelatedField[Goal] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Routine
        fields = [
            "slug",
            "name",
            "description",
            "goal",
            "level",
            "estimated_seconds",
            "url",
            "language",
            "fallback",
        ]

    @extend_schema_field(FallbackField)
    def get_fallback(self, obj) -> dict[str, str]:
        language = content_language()
        if language == "en":
            return {}
        # The English name and day names are the plan's: a routine's own are translations.
        missing = field_fallbacks(obj, {"description": "description"}, language)
        if not getattr(obj, f"title_{language}"):
            missing["name"] = "en"
        if self.__class__ is not RoutineSerializer and not getattr(obj, f"day_names_{language}"):
            missing["days"] = "en"
        return missing

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class RoutineDayItemSerializer(serializers.ModelSerializer):
    exercise = ExerciseRefSerializer(read_only=True)
    prescription = serializers.CharField(source="prescription_text")

    class Meta:
        model = PlanItem
        fields = [
            "exercise",
            "sets",
            "reps",
            "hold_seconds",
            "per_side",
            "rest_seconds",
            "prescription",
        ]


class RoutineDaySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    items = RoutineDayItemSerializer(many=True, read_only=True)
    estimated_seconds = serializers.SerializerMethodField()

    class Meta:
        model = PlanDay
        fields = ["name", "position", "estimated_seconds", "items"]

    def get_name(self, obj) -> str:
        """The day's name in the content language (the routine keeps the translations)."""
        return obj.plan.routine.day_name(obj)

    def get_estimated_seconds(self, obj) -> int:
        return timeline.day_timeline(obj).total_seconds


class RoutineDetailSerializer(RoutineSerializer):
    days = RoutineDaySerializer(many=True, read_only=True, source="plan.days")

    class Meta(RoutineSerializer.Meta):
        fields = [*RoutineSerializer.Meta.fields, "days"]


class SavedPlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()


class GeneratedPlanWithIdSerializer(GeneratedPlanSerializer):
    plan = SavedPlanRefSerializer(help_text="The stored plan.")
