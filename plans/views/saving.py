"""“Save to my plan” from an exercise's page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from forge.lib.errors import DomainError
from plans import selectors
from plans.forms import SaveToPlanForm
from plans.services import plans as plan_services


def save_exercise(request, slug):
    """“Save to my plan”: a page that works without JavaScript (it posts, then lands on the
    plan), and for the save dialog's script (an htmx-style request) the dialog's body, which
    ends with a confirmation and a link to the plan."""
    exercise = selectors.exercise_to_save(slug=slug)
    if not request.user.is_authenticated:
        # Come back to this form after logging in (or signing up) to finish the save.
        return redirect_to_login(reverse("plans:save-exercise", args=[slug]))
    saved_days = selectors.exercise_saved_days(user=request.user, exercise=exercise)
    form = SaveToPlanForm(
        request.POST or None,
        day_choices=selectors.plan_day_choices(user=request.user),
        saved_days=saved_days,
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        day = None
        if form.day_id is not None:
            day = selectors.plan_day_get(user=request.user, pk=form.day_id)
        try:
            saved = plan_services.plan_save_exercise(
                owner=request.user,
                exercise=exercise,
                day=day,
                new_plan_name=form.cleaned_data["new_plan_name"],
            )
        except DomainError as error:
            form.add_error(
                "new_plan_name" if error.field == "new_plan_name" else "target", error.message
            )
        else:
            plan = saved.day.plan
            if not request.htmx:
                messages.success(
                    request,
                    _("%(exercise)s saved to “%(plan)s”.")
                    % {"exercise": exercise.name, "plan": plan.name},
                )
                return redirect(plan)
    context = {"exercise": exercise, "form": form, "saved": saved, "saved_days": saved_days}
    if request.htmx:
        return render(request, "plans/_save_dialog.html", context)
    return render(request, "plans/save_exercise.html", context)
