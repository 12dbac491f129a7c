"""A plan's days and items: adding, renaming, editing, moving and removing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forge.lib import confirm
from forge.lib.errors import DomainError
from plans import selectors
from plans.forms import DayForm, PlanItemForm
from plans.services import plans as plan_services
from plans.views.params import int_or_404


@login_required
@require_POST
def day_add(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day a name of at most 80 characters."))
    else:
        try:
            plan_services.plan_day_add(plan=plan, name=form.cleaned_data["name"])
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(plan)


@login_required
def day_edit(request, pk):
    day = selectors.plan_day_get(user=request.user, pk=pk)
    form = DayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        plan_services.plan_day_rename(day=day, name=form.cleaned_data["name"])
        return redirect(day.plan)
    return render(request, "plans/day_form.html", {"day": day, "form": form})


@login_required
@require_POST
def day_delete(request, pk):
    day = selectors.plan_day_get(user=request.user, pk=pk)
    if not confirm.confirmed(request):
        count = day.items.count()
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Remove “%(name)s”?") % {"name": day.name},
                message=ngettext(
                    "The day and its %(count)s exercise will be removed from “%(plan)s”. "
                    "This cannot be undone.",
                    "The day and its %(count)s exercises will be removed from “%(plan)s”. "
                    "This cannot be undone.",
                    count,
                )
                % {"count": count, "plan": day.plan.name}
                if count
                else _("The empty day will be removed from “%(plan)s”.") % {"plan": day.plan.name},
                button=_("Remove the day"),
                action=request.path,
                cancel_url=day.plan.get_absolute_url(),
                cancel=_("Keep it"),
            ),
        )
    try:
        plan_services.plan_day_remove(day=day)
        messages.success(request, _("“%(name)s” removed.") % {"name": day.name})
    except DomainError as error:
        messages.error(request, error.message)
    return confirm.done(request, day.plan)


@login_required
def item_edit(request, pk):
    item = selectors.plan_item_get(user=request.user, pk=pk)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        plan_services.plan_item_update(
            item=item, **{name: form.cleaned_data[name] for name in PlanItemForm.Meta.fields}
        )
        messages.success(request, _("%(name)s updated.") % {"name": item.exercise.name})
        return redirect(item.day.plan)
    return render(request, "plans/planitem_form.html", {"item": item, "form": form})


@login_required
@require_POST
def item_move(request, pk):
    item = selectors.plan_item_get(user=request.user, pk=pk)
    day_id = request.POST.get("day")
    if day_id:
        day = selectors.plan_day_get(user=request.user, pk=int_or_404(day_id))
        try:
            plan_services.plan_item_move_to_day(item=item, day=day)
        except DomainError as error:
            messages.error(request, error.message)
    elif request.POST.get("direction") in ("up", "down"):
        try:
            plan_services.plan_item_move(item=item, direction=request.POST["direction"])
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose where to move it."))
    return redirect(f"{item.day.plan.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def item_delete(request, pk):
    item = selectors.plan_item_get(user=request.user, pk=pk)
    plan = item.day.plan
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Remove %(name)s?") % {"name": item.exercise.name},
                message=_(
                    "%(name)s (%(prescription)s) will be removed from “%(day)s” of “%(plan)s”, "
                    "with its notes."
                )
                % {
                    "name": item.exercise.name,
                    "prescription": item.prescription_text,
                    "day": item.day.name,
                    "plan": plan.name,
                },
                button=_("Remove it"),
                action=request.path,
                cancel_url=f"{plan.get_absolute_url()}#item-{item.pk}",
                cancel=_("Keep it"),
            ),
        )
    try:
        plan_services.plan_item_remove(item=item)
        messages.success(
            request, _("%(name)s removed from the plan.") % {"name": item.exercise.name}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return confirm.done(request, plan)
