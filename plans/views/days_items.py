"""A plan's days and items: adding, renaming, editing, moving and removing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
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
        messages.error(request, "Give the day a name of at most 80 characters.")
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
        exercises = f"its {count} exercise{'s' if count != 1 else ''}" if count else "it"
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=f"Remove “{day.name}”?",
                message=f"The day and {exercises} will be removed from “{day.plan.name}”. "
                "This cannot be undone."
                if count
                else f"The empty day will be removed from “{day.plan.name}”.",
                button="Remove the day",
                action=request.path,
                cancel_url=day.plan.get_absolute_url(),
                cancel="Keep it",
            ),
        )
    try:
        plan_services.plan_day_remove(day=day)
        messages.success(request, f"“{day.name}” removed.")
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
        messages.success(request, f"{item.exercise.name} updated.")
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
        messages.error(request, "Choose where to move it.")
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
                title=f"Remove {item.exercise.name}?",
                message=f"{item.exercise.name} ({item.prescription_text}) will be removed from "
                f"“{item.day.name}” of “{plan.name}”, with its notes.",
                button="Remove it",
                action=request.path,
                cancel_url=f"{plan.get_absolute_url()}#item-{item.pk}",
                cancel="Keep it",
            ),
        )
    try:
        plan_services.plan_item_remove(item=item)
        messages.success(request, f"{item.exercise.name} removed from the plan.")
    except DomainError as error:
        messages.error(request, error.message)
    return confirm.done(request, plan)
