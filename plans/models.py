import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exercises.models import MAX_HOLD_SECONDS, Difficulty, Exercise
from plans.timeline import prescription_text

# What a member can log for one exercise and side: more than ten minutes of holding is a typo.
MAX_LOGGED_HOLD_SECONDS = 600
MAX_LOGGED_REPS = 500


class Plan(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=2000)
    # Set while the read-only link is on; a new token each time it is turned on.
    share_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # Kept on the member's devices for use with no connection (plans.offline). None: the
    # member has not chosen, so it is on while the plan was played in the last 30 days.
    offline = models.BooleanField(null=True, blank=True, default=None, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return bool(self.share_token)

    def get_share_url(self) -> str:
        return reverse("plans:plan-shared", args=[self.share_token]) if self.share_token else ""


class PlanDay(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="days")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_day_position_unique"),
        ]

    def __str__(self):
        return self.name


class PlanItem(models.Model):
    day = models.ForeignKey(PlanDay, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="plan_items")
    position = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Rounds of this exercise (for a stretch: how many holds).",
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
        verbose_name="hold (seconds)",
    )
    per_side = models.BooleanField(default=False, help_text="Done on each side in turn.")
    rest_seconds = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(600)], verbose_name="rest (seconds)"
    )
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["day", "position"], name="plan_item_position_unique"),
            models.CheckConstraint(
                condition=(Q(reps__isnull=True) & Q(hold_seconds__isnull=False))
                | (Q(reps__isnull=False) & Q(hold_seconds__isnull=True)),
                name="plan_item_reps_or_hold",
                violation_error_message="Give either repetitions or a hold time, not both.",
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1) & Q(sets__lte=20) & Q(rest_seconds__lte=600),
                name="plan_item_sets_and_rest_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} ({self.prescription_text})"

    def clean(self):
        errors = {}
        if self.reps is None and self.hold_seconds is None:
            errors["reps"] = "Give the repetitions or a hold time."
        elif self.reps is not None and self.hold_seconds is not None:
            errors["reps"] = "Give either repetitions or a hold time, not both."
        exercise = self.exercise if self.exercise_id else None
        if exercise is not None and exercise.is_timed and self.reps is not None:
            errors["reps"] = f"{exercise.name} is held, not repeated: give a hold time instead."
        if errors:
            raise ValidationError(errors)

    @property
    def prescription_text(self) -> str:
        return prescription_text(
            sets=self.sets, reps=self.reps, hold_seconds=self.hold_seconds, per_side=self.per_side
        )


class WorkoutSession(models.Model):
    """One time a member did a workout: from the player's summary or logged by hand.

    `client_id` is chosen by the client (a UUID), so saving the same session twice — a retry
    after a lost connection — stores it once. It is unique per member only: another member's
    id is just an id of yours that you have not used, so it tells nothing about anyone. It is
    the session's id in URLs and the API; the primary key stays internal.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sessions"
    )
    # The day followed, if any. The day may be removed later; the log keeps its title.
    plan_day = models.ForeignKey(
        PlanDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-created_at"]
        indexes = [models.Index(fields=["owner", "-started_at"], name="session_owner_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_id"], name="session_client_id_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")),
                name="session_ends_after_start",
                violation_error_message="A session cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title or 'Session'} on {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("plans:session-detail", args=[self.client_id])

    @property
    def duration_seconds(self) -> int:
        return max(int((self.ended_at - self.started_at).total_seconds()), 0)


class SessionEntry(models.Model):
    """What was achieved on one exercise and side in a session."""

    class Side(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        BOTH = "both", _("Both sides")

    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="session_entries")
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.BOTH)
    hold_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LOGGED_HOLD_SECONDS)],
        verbose_name="hold (seconds)",
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_LOGGED_REPS)]
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="Tightness or effort, 0 (none) to 10 (the most).",
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["exercise", "session"], name="entry_exercise_session")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="session_entry_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(reps__isnull=True),
                name="session_entry_hold_or_reps",
                violation_error_message="Give a hold time or repetitions, not both.",
            ),
            models.CheckConstraint(
                condition=(
                    (
                        Q(hold_seconds__isnull=True)
                        | Q(hold_seconds__gte=1, hold_seconds__lte=MAX_LOGGED_HOLD_SECONDS)
                    )
                    & (Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_LOGGED_REPS))
                    & (Q(rating__isnull=True) | Q(rating__lte=10))
                ),
                name="session_entry_values_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} ({self.get_side_display()})"

    def clean(self):
        if self.hold_seconds is not None and self.reps is not None:
            raise ValidationError({"reps": "Give a hold time or repetitions, not both."})


# --- Generator goals and public routines ---------------------------------------------------

GOAL_WEIGHT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class Goal(models.Model):
    """What a generated plan is for ("hips", "desk break"): editors tune it in the admin.

    The generator draws main exercises from ``categories`` that work the goal's muscles or
    body parts, shares the week between the muscles by weight, starts each day with
    ``warm_up_items`` mobility drills and ends with ``cool_down_items`` stretches.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(max_length=1000)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the form.")
    categories = models.ManyToManyField(
        "exercises.Category",
        related_name="goals",
        help_text="Kinds of exercise the main part of a session is drawn from.",
    )
    muscles = models.ManyToManyField(
        "exercises.Muscle", through="GoalMuscle", related_name="goals", blank=True
    )
    body_parts = models.ManyToManyField(
        "exercises.BodyPart", through="GoalBodyPart", related_name="goals", blank=True
    )
    warm_up_items = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(3)],
        help_text="Mobility drills that open every session (0–3).",
    )
    cool_down_items = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(3)],
        help_text="Stretches that close every session (0–3).",
    )
    gentle = models.BooleanField(
        default=False,
        help_text="No jumps and no heavy lifts (olympic weightlifting, powerlifting, strongman).",
    )
    start_positions = models.JSONField(
        default=list,
        blank=True,
        help_text="The start positions that fit this goal (a desk break: standing or "
        "seated). None ticked: any position.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class GoalMuscle(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="muscle_links")
    muscle = models.ForeignKey(
        "exercises.Muscle", on_delete=models.CASCADE, related_name="goal_links"
    )
    weight = models.PositiveSmallIntegerField(default=1, validators=GOAL_WEIGHT_VALIDATORS)
    why = models.CharField(
        max_length=120,
        blank=True,
        help_text="Why this muscle matters for the goal, shown in each item's reason "
        "(e.g. “which long sitting shortens”).",
    )

    class Meta:
        ordering = ["-weight", "muscle__name"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "muscle"], name="goal_muscle_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10), name="goal_muscle_weight_range"
            ),
        ]

    def __str__(self):
        return f"{self.muscle} × {self.weight}"


class GoalBodyPart(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="body_part_links")
    body_part = models.ForeignKey(
        "exercises.BodyPart", on_delete=models.CASCADE, related_name="goal_links"
    )
    weight = models.PositiveSmallIntegerField(default=1, validators=GOAL_WEIGHT_VALIDATORS)

    class Meta:
        ordering = ["-weight", "body_part__name"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "body_part"], name="goal_body_part_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10),
                name="goal_body_part_weight_range",
            ),
        ]

    def __str__(self):
        return f"{self.body_part} × {self.weight}"


class RoutineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Routine(models.Model):
    """A plan an editor has made public: anyone may read and play it, members copy it."""

    class Duration(models.TextChoices):
        SHORT = "short", _("Up to 10 minutes")
        MEDIUM = "medium", _("10 to 20 minutes")
        LONG = "long", _("Over 20 minutes")

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="routine")
    slug = models.SlugField(max_length=100, unique=True)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="routines")
    description = models.TextField(max_length=2000)
    # The name and day names shown in another language (plans/translation.py adds one column
    # per language). Blank in English: there the plan's own name and day names are shown.
    title = models.CharField(max_length=100, blank=True, help_text="Leave blank in English.")
    day_names = models.TextField(
        blank=True, help_text="One day name per line, in day order. Leave blank in English."
    )
    level = models.CharField(max_length=12, choices=Difficulty.choices)
    is_published = models.BooleanField(default=False)
    # The first day's length from the timeline function, kept for the duration filter;
    # refreshed by plans.services.routines.routine_save whenever an editor saves the routine.
    estimated_seconds = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["estimated_seconds", "slug"]

    def __str__(self):
        return self.plan.name

    def get_absolute_url(self):
        return reverse("plans:routine-detail", args=[self.slug])

    @property
    def name(self) -> str:
        """The name in the active language, or the plan's (English) name."""
        return self.title or self.plan.name

    def day_name(self, day: "PlanDay") -> str:
        """A day's name in the active language, or the plan day's own (English) name."""
        names = [line.strip() for line in (self.day_names or "").splitlines()]
        index = day.position - 1  # routine days are numbered from 1
        if 0 <= index < len(names) and names[index]:
            return names[index]
        return day.name
