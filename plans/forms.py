from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from exercises.models import Difficulty
from forge.lib.dates import validate_date
from plans import generator
from plans.models import (
    MAX_LOGGED_HOLD_SECONDS,
    MAX_LOGGED_REPS,
    Plan,
    PlanDay,
    PlanItem,
    SessionEntry,
)

NEW_PLAN = "new"
MAX_SEED = generator.MAX_SEED


_CHOICE_ERRORS = {
    "goal": (_("There is no goal “%(value)s”: choose one of the list."), _("Choose a goal.")),
    "level": (_("There is no level “%(value)s”: choose one of the list."), _("Choose a level.")),
    "equipment": (
        _("There is no equipment “%(value)s”: choose one of the list."),
        _("Choose some equipment."),
    ),
    "area": (_("There is no area “%(value)s”: choose one of the list."), _("Choose an area.")),
}


def _formatted(message, **values):
    """A lazy message with its values filled in when shown (in the language of that request);
    `lazy_message % values` would fill it in once, at import, in English."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


def _choice_errors(noun: str) -> dict:
    invalid, required = _CHOICE_ERRORS[noun]
    return {"invalid_choice": invalid, "required": required}


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DayForm(forms.ModelForm):
    class Meta:
        model = PlanDay
        fields = ["name"]
        labels = {"name": _("Day name")}
        help_texts = {"name": _("For example “Day 1” or “Morning mobility”.")}


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

    target = forms.ChoiceField(label=_("Save to"))
    new_plan_name = forms.CharField(
        label=_("New plan name"), max_length=100, required=False, initial=_("My stretches")
    )
    again = forms.BooleanField(label=_("Add it again"), required=False)

    def __init__(self, *args, day_choices, saved_days=(), **kwargs):
        # Its own ids: the form shares pages (and their ids) with the listing filters.
        kwargs.setdefault("auto_id", "save-%s")
        super().__init__(*args, **kwargs)
        self.saved_days = {day.pk: day for day in saved_days}
        self.fields["target"].choices = [
            *(
                (
                    str(pk),
                    _("%(day)s (already there)") % {"day": label}
                    if pk in self.saved_days
                    else label,
                )
                for pk, label in day_choices
            ),
            (NEW_PLAN, _("A new plan…")),
        ]
        if "target" not in self.initial:
            self.initial["target"] = str(day_choices[0][0]) if day_choices else NEW_PLAN

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target == NEW_PLAN:
            if not cleaned.get("new_plan_name", "").strip():
                self.add_error("new_plan_name", _("Name the new plan."))
        elif target and int(target) in self.saved_days and not cleaned.get("again"):
            day = self.saved_days[int(target)]
            self.add_error(
                "again",
                _(
                    "It is already in %(plan)s — %(day)s. Add it a second time, or choose "
                    "another day."
                )
                % {"plan": day.plan.name, "day": day.name},
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
        label=_("Started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[validate_date],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=720, initial=10
    )


class SessionEntryForm(forms.Form):
    """One exercise and side of a session logged by hand; a blank row is left out.

    Which exercise and side a row is about comes from the plan day (the view builds the
    rows), never from the posted data.
    """

    hold_seconds = forms.IntegerField(
        label=_("Held (seconds)"), required=False, min_value=1, max_value=MAX_LOGGED_HOLD_SECONDS
    )
    reps = forms.IntegerField(
        label=_("Reps"), required=False, min_value=1, max_value=MAX_LOGGED_REPS
    )
    rating = forms.IntegerField(
        label=_("Tightness or effort (0–10)"), required=False, min_value=0, max_value=10
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, row: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row  # {"exercise": Exercise, "side": "left"|"right"|"both", "timed": bool}
        # Only the measure that fits the exercise is offered.
        del self.fields["reps" if row["timed"] else "hold_seconds"]

    @property
    def label(self) -> str:
        side = self.row["side"]
        name = self.row["exercise"].name
        if side == SessionEntry.Side.LEFT:
            return _("%(name)s, left side") % {"name": name}
        if side == SessionEntry.Side.RIGHT:
            return _("%(name)s, right side") % {"name": name}
        return name

    def has_result(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)


# --- Generator and calendar ----------------------------------------------------------------


def _sessions(count: int) -> str:
    return _formatted(ngettext_lazy("%(count)s session", "%(count)s sessions", count), count=count)


class GenerateForm(forms.Form):
    """The generator's inputs, read from the query string (a result is a shareable URL)."""

    goal = forms.ChoiceField(widget=forms.RadioSelect, error_messages=_choice_errors("goal"))
    minutes = forms.IntegerField(
        min_value=generator.MIN_MINUTES,
        max_value=generator.MAX_MINUTES,
        initial=10,
        label=_("Minutes a session"),
        widget=forms.NumberInput(attrs={"type": "range", "step": 1}),
        error_messages={
            "min_value": _("Choose at least %(limit_value)s minutes."),
            "max_value": _("Choose at most %(limit_value)s minutes."),
            "invalid": _formatted(
                _("Give the minutes as a whole number from %(low)s to %(high)s."),
                low=generator.MIN_MINUTES,
                high=generator.MAX_MINUTES,
            ),
        },
    )
    days_per_week = forms.IntegerField(
        required=False,
        min_value=generator.MIN_DAYS,
        max_value=generator.MAX_DAYS,
        initial=3,
        label=_("Sessions a week"),
        error_messages={
            "min_value": _formatted(
                _("Choose at least %(sessions)s a week."),
                sessions=_sessions(generator.MIN_DAYS),
            ),
            "max_value": _formatted(
                _("Choose at most %(sessions)s a week."),
                sessions=_sessions(generator.MAX_DAYS),
            ),
            "invalid": _formatted(
                _("Give the sessions a week as a whole number from %(low)s to %(high)s."),
                low=generator.MIN_DAYS,
                high=generator.MAX_DAYS,
            ),
        },
    )
    level = forms.ChoiceField(
        required=False,
        choices=Difficulty.choices,
        initial=Difficulty.BEGINNER,
        widget=forms.RadioSelect,
        error_messages=_choice_errors("level"),
    )
    equipment = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Equipment you have"),
        help_text=_(
            "Body weight always counts; a wall, a chair, a step, a towel or a cushion "
            "are taken to be at hand."
        ),
        error_messages=_choice_errors("equipment"),
    )
    avoid = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Areas to leave out"),
        help_text=_("Nothing that loads these joints or regions, or works these body parts."),
        error_messages=_choice_errors("area"),
    )
    seed = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_SEED, widget=forms.HiddenInput
    )

    def __init__(self, *args, goals, equipment, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.fields["goal"].choices = [(goal.slug, goal.name) for goal in goals]
        self.fields["equipment"].choices = [
            (slug, name) for slug, name in equipment if slug != generator.BODY_WEIGHT
        ]
        self.fields["avoid"].choices = list(areas)

    def clean_days_per_week(self):
        # Left out (e.g. by a hand-written link): three sessions, as the API assumes.
        value = self.cleaned_data["days_per_week"]
        return self.fields["days_per_week"].initial if value is None else value

    def clean_level(self):
        return self.cleaned_data["level"] or Difficulty.BEGINNER

    def goal_cards(self) -> list:
        """(radio button, goal) pairs, for cards that show each goal's description."""
        return list(zip(self["goal"], self.goals, strict=True))

    def generator_input(self, *, seed: int) -> generator.GeneratorInput:
        data = self.cleaned_data
        return generator.GeneratorInput(
            goal=data["goal"],
            minutes=data["minutes"],
            days_per_week=data["days_per_week"],
            equipment=tuple(sorted(data["equipment"])),
            level=data["level"],
            avoid=tuple(sorted(data["avoid"])),
            seed=seed,
        )


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class CalendarForm(forms.Form):
    """When to do each day of a plan: one weekly event per day."""

    starts = forms.DateField(
        label=_("First week starting"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date],
    )
    at = forms.TimeField(
        label=_("Time of day"), initial="07:30", widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = list(days)
        spread = max(7 // max(len(self.days), 1), 1)
        for index, day in enumerate(self.days):
            self.fields[f"day_{day.position}"] = forms.TypedChoiceField(
                label=_("%(day)s on") % {"day": day.name},
                choices=WEEKDAYS,
                coerce=int,
                initial=(index * spread) % 7,
                error_messages={"invalid_choice": _("Choose a day of the week.")},
            )

    def weekdays(self) -> list[int]:
        return [self.cleaned_data[f"day_{day.position}"] for day in self.days]
