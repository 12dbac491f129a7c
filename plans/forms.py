from django import forms

from plans.models import (
    MAX_LOGGED_HOLD_SECONDS,
    MAX_LOGGED_REPS,
    Plan,
    PlanDay,
    PlanItem,
    SessionEntry,
)

NEW_PLAN = "new"


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DayForm(forms.ModelForm):
    class Meta:
        model = PlanDay
        fields = ["name"]
        labels = {"name": "Day name"}
        help_texts = {"name": "For example “Day 1” or “Morning mobility”."}


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["sets", "reps", "hold_seconds", "per_side", "rest_seconds", "notes"]
        widgets = {"notes": forms.TextInput()}


class SaveToPlanForm(forms.Form):
    """Where to save an exercise: a day of one of my plans, or a new plan named here.

    A day that already holds the exercise takes it a second time only when `again` says so;
    the form refuses the duplicate otherwise, and the page asks.
    """

    target = forms.ChoiceField(label="Save to")
    new_plan_name = forms.CharField(
        label="New plan name", max_length=100, required=False, initial="My stretches"
    )
    again = forms.BooleanField(label="Add it again", required=False)

    def __init__(self, *args, day_choices, saved_days=(), **kwargs):
        # Its own ids: the form shares pages (and their ids) with the listing filters.
        kwargs.setdefault("auto_id", "save-%s")
        super().__init__(*args, **kwargs)
        self.saved_days = {day.pk: day for day in saved_days}
        self.fields["target"].choices = [
            *(
                (str(pk), f"{label} (already there)" if pk in self.saved_days else label)
                for pk, label in day_choices
            ),
            (NEW_PLAN, "A new plan…"),
        ]
        if "target" not in self.initial:
            self.initial["target"] = str(day_choices[0][0]) if day_choices else NEW_PLAN

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target == NEW_PLAN:
            if not cleaned.get("new_plan_name", "").strip():
                self.add_error("new_plan_name", "Name the new plan.")
        elif target and int(target) in self.saved_days and not cleaned.get("again"):
            day = self.saved_days[int(target)]
            self.add_error(
                "again",
                f"It is already in {day.plan.name} — {day.name}. "
                "Add it a second time, or choose another day.",
            )
        return cleaned

    @property
    def day_id(self) -> int | None:
        target = self.cleaned_data["target"]
        return None if target == NEW_PLAN else int(target)


# --- Logging a session by hand --------------------------------------------------------------


class SessionForm(forms.Form):
    """When a session done without the player happened, and how long it took."""

    started_at = forms.DateTimeField(
        label="Started",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=720, initial=10
    )


class SessionEntryForm(forms.Form):
    """One exercise and side of a session logged by hand; a blank row is left out.

    Which exercise and side a row is about comes from the plan day (the view builds the
    rows), never from the posted data.
    """

    hold_seconds = forms.IntegerField(
        label="Held (seconds)", required=False, min_value=1, max_value=MAX_LOGGED_HOLD_SECONDS
    )
    reps = forms.IntegerField(label="Reps", required=False, min_value=1, max_value=MAX_LOGGED_REPS)
    rating = forms.IntegerField(
        label="Tightness or effort (0–10)", required=False, min_value=0, max_value=10
    )
    note = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args, row: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row  # {"exercise": Exercise, "side": "left"|"right"|"both", "timed": bool}
        # Only the measure that fits the exercise is offered.
        del self.fields["reps" if row["timed"] else "hold_seconds"]

    @property
    def label(self) -> str:
        side = self.row["side"]
        name = self.row["exercise"].name
        return name if side == SessionEntry.Side.BOTH else f"{name}, {side} side"

    def has_result(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)
