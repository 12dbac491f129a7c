from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models import MAX_HOLD_SECONDS, Exercise

SECONDS_PER_REP = 3  # for time estimates: a steady rep, down and up


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

    @property
    def estimated_seconds(self) -> int:
        """Reads prefetched days and items (see plans.selectors.plan_detail)."""
        return sum(day.estimated_seconds for day in self.days.all())


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

    @property
    def estimated_seconds(self) -> int:
        return sum(item.estimated_seconds for item in self.items.all())


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
        work = f"{self.hold_seconds} s hold" if self.hold_seconds else f"{self.reps} reps"
        text = f"{self.sets} × {work}" if self.sets > 1 else work
        return f"{text}, each side" if self.per_side else text

    @property
    def estimated_seconds(self) -> int:
        work = self.hold_seconds if self.hold_seconds else (self.reps or 0) * SECONDS_PER_REP
        sides = 2 if self.per_side else 1
        return self.sets * work * sides + max(self.sets - 1, 0) * self.rest_seconds
