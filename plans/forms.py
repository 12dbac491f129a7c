from django import forms

from plans.models import Plan, PlanDay, PlanItem

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
    """Where to save an exercise: a day of one of my plans, or a new plan named here."""

    target = forms.ChoiceField(label="Save to")
    new_plan_name = forms.CharField(
        label="New plan name",
        max_length=100,
        required=False,
        initial="My stretches",
        help_text="Used when you choose “A new plan…”.",
    )

    def __init__(self, *args, day_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            *((str(pk), label) for pk, label in day_choices),
            (NEW_PLAN, "A new plan…"),
        ]
        if "target" not in self.initial:
            self.initial["target"] = str(day_choices[0][0]) if day_choices else NEW_PLAN

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") == NEW_PLAN and not cleaned.get("new_plan_name", "").strip():
            self.add_error("new_plan_name", "Name the new plan.")
        return cleaned

    @property
    def day_id(self) -> int | None:
        target = self.cleaned_data["target"]
        return None if target == NEW_PLAN else int(target)
