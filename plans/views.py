"""Members' plan pages: guard → form → service → redirect, or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from exercises.selectors import exercise_detail
from plans import selectors, services
from plans.forms import DayForm, PlanForm, PlanItemForm, SaveToPlanForm


def _error_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@login_required
def plan_list(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"Plan “{plan.name}” created.")
        return redirect(plan)
    plans = selectors.plan_list(user=request.user)
    return render(request, "plans/plan_list.html", {"plans": plans, "form": form})


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk, detail=True)
    return render(request, "plans/plan_detail.html", {"plan": plan, "day_form": DayForm()})


@login_required
def plan_print(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk, detail=True)
    return render(request, "plans/plan_print.html", {"plan": plan})


@login_required
def plan_edit(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, **form.cleaned_data)
        messages.success(request, "Plan saved.")
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": form})


@login_required
def plan_delete(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if request.method == "POST":
        services.plan_delete(plan=plan)
        messages.success(request, f"Plan “{plan.name}” deleted.")
        return redirect("plans:plan-list")
    return render(request, "plans/plan_confirm_delete.html", {"plan": plan})


@login_required
@require_POST
def plan_copy(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    copy = services.plan_copy(plan=plan, owner=request.user)
    messages.success(request, f"Copied into “{copy.name}”.")
    return redirect(copy)


@login_required
@require_POST
def plan_share(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if request.POST.get("share") == "off":
        services.plan_unshare(plan=plan)
        messages.success(request, "The share link is off. Anyone who had it can no longer open it.")
    else:
        services.plan_share(plan=plan)
        messages.success(request, "Share link on: anyone with the link can view this plan.")
    return redirect(plan)


@login_required
@require_POST
def day_add(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the day a name of at most 80 characters.")
    else:
        try:
            services.plan_day_add(plan=plan, name=form.cleaned_data["name"])
        except services.PlanLimitError as error:
            messages.error(request, str(error))
    return redirect(plan)


@login_required
def day_edit(request, pk):
    day = selectors.get_day_for_user(request.user, pk)
    form = DayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        services.plan_day_rename(day=day, name=form.cleaned_data["name"])
        return redirect(day.plan)
    return render(request, "plans/day_form.html", {"day": day, "form": form})


@login_required
@require_POST
def day_delete(request, pk):
    day = selectors.get_day_for_user(request.user, pk)
    try:
        services.plan_day_remove(day=day)
        messages.success(request, f"“{day.name}” removed.")
    except services.PlanLimitError as error:
        messages.error(request, str(error))
    return redirect(day.plan)


@login_required
def item_edit(request, pk):
    item = selectors.get_item_for_user(request.user, pk)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.plan_item_update(
            item=item, **{name: form.cleaned_data[name] for name in PlanItemForm.Meta.fields}
        )
        messages.success(request, f"{item.exercise.name} updated.")
        return redirect(item.day.plan)
    return render(request, "plans/planitem_form.html", {"item": item, "form": form})


@login_required
@require_POST
def item_move(request, pk):
    item = selectors.get_item_for_user(request.user, pk)
    day_id = request.POST.get("day")
    if day_id:
        day = selectors.get_day_for_user(request.user, _int_or_404(day_id))
        try:
            services.plan_item_move_to_day(item=item, day=day)
        except (ValueError, services.PlanLimitError) as error:
            messages.error(request, _error_message(error))
    elif request.POST.get("direction") in ("up", "down"):
        services.plan_item_move(item=item, direction=request.POST["direction"])
    else:
        messages.error(request, "Choose where to move it.")
    return redirect(f"{item.day.plan.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def item_delete(request, pk):
    item = selectors.get_item_for_user(request.user, pk)
    services.plan_item_remove(item=item)
    messages.success(request, f"{item.exercise.name} removed from the plan.")
    return redirect(item.day.plan)


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such day.") from None


def save_exercise(request, slug):
    """“Save to my plan”: a page and form post without JavaScript, a partial with htmx."""
    exercise = exercise_detail(slug=slug)
    if not request.user.is_authenticated:
        # Come back to this form after logging in (or signing up) to finish the save.
        return redirect_to_login(reverse("plans:save-exercise", args=[slug]))
    form = SaveToPlanForm(
        request.POST or None, day_choices=selectors.plan_day_choices(user=request.user)
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        if form.day_id is None:
            plan = services.plan_create(owner=request.user, name=form.cleaned_data["new_plan_name"])
            day = None
        else:
            day = selectors.get_day_for_user(request.user, form.day_id)
            plan = day.plan
        try:
            saved = services.plan_add_exercise(plan=plan, exercise=exercise, day=day)
        except services.PlanLimitError as error:
            form.add_error("target", str(error))
        else:
            if not request.htmx:
                messages.success(request, f"{exercise.name} saved to “{plan.name}”.")
                return redirect(plan)
            # In place: offer the next save to the day just used (a new plan now exists).
            form = SaveToPlanForm(
                day_choices=selectors.plan_day_choices(user=request.user),
                initial={"target": str(saved.day_id)},
            )
    context = {"exercise": exercise, "form": form, "saved": saved}
    if request.htmx:
        return render(request, "plans/_save_form.html", context)
    return render(request, "plans/save_exercise.html", context)


def plan_shared(request, token):
    plan = selectors.plan_shared(token=token)
    is_owner = request.user.is_authenticated and plan.owner_id == request.user.pk
    return render(request, "plans/plan_shared.html", {"plan": plan, "is_owner": is_owner})


@require_POST
def plan_shared_copy(request, token):
    plan = selectors.plan_shared(token=token)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("plans:plan-shared", args=[token]))
    copy = services.plan_copy(plan=plan, owner=request.user, name=plan.name)
    messages.success(request, f"“{plan.name}” is now in your plans.")
    return redirect(copy)
