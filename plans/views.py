"""Members' plan pages: guard → form → service → redirect, or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from exercises.selectors import exercise_detail
from forge import confirm
from forge.errors import DomainError
from plans import selectors, services
from plans.forms import DayForm, PlanForm, PlanItemForm, SaveToPlanForm


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
    plan = selectors.plan_get(user=request.user, pk=pk, detail=True)
    return render(request, "plans/plan_detail.html", {"plan": plan, "day_form": DayForm()})


@login_required
def plan_print(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk, detail=True)
    return render(request, "plans/plan_print.html", {"plan": plan})


@login_required
def plan_edit(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, **form.cleaned_data)
        messages.success(request, "Plan saved.")
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": form})


@login_required
def plan_delete(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.plan_delete(plan=plan)
        messages.success(request, f"Plan “{plan.name}” deleted.")
        return redirect("plans:plan-list")
    return render(request, "plans/plan_confirm_delete.html", {"plan": plan})


@login_required
@require_POST
def plan_copy(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    copy = services.plan_copy(plan=plan, owner=request.user)
    messages.success(request, f"Copied into “{copy.name}”.")
    return redirect(copy)


@login_required
@require_POST
def plan_share(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if request.POST.get("share") == "off":
        if not confirm.confirmed(request):
            return confirm.ask(
                request,
                confirm.Confirmation(
                    title="Turn the share link off?",
                    message="Anyone who has the link will no longer be able to open the plan. "
                    "If you share it again later, it gets a new link.",
                    button="Turn the link off",
                    action=request.path,
                    cancel_url=plan.get_absolute_url(),
                    cancel="Keep sharing",
                    fields=(("share", "off"),),
                ),
            )
        services.plan_unshare(plan=plan)
        messages.success(request, "The share link is off. Anyone who had it can no longer open it.")
        return confirm.done(request, plan)
    services.plan_share(plan=plan)
    messages.success(request, "Share link on: anyone with the link can view this plan.")
    return redirect(plan)


@login_required
@require_POST
def day_add(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the day a name of at most 80 characters.")
    else:
        try:
            services.plan_day_add(plan=plan, name=form.cleaned_data["name"])
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(plan)


@login_required
def day_edit(request, pk):
    day = selectors.plan_day_get(user=request.user, pk=pk)
    form = DayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        services.plan_day_rename(day=day, name=form.cleaned_data["name"])
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
        services.plan_day_remove(day=day)
        messages.success(request, f"“{day.name}” removed.")
    except DomainError as error:
        messages.error(request, error.message)
    return confirm.done(request, day.plan)


@login_required
def item_edit(request, pk):
    item = selectors.plan_item_get(user=request.user, pk=pk)
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
    item = selectors.plan_item_get(user=request.user, pk=pk)
    day_id = request.POST.get("day")
    if day_id:
        day = selectors.plan_day_get(user=request.user, pk=_int_or_404(day_id))
        try:
            services.plan_item_move_to_day(item=item, day=day)
        except DomainError as error:
            messages.error(request, error.message)
    elif request.POST.get("direction") in ("up", "down"):
        try:
            services.plan_item_move(item=item, direction=request.POST["direction"])
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
        services.plan_item_remove(item=item)
        messages.success(request, f"{item.exercise.name} removed from the plan.")
    except DomainError as error:
        messages.error(request, error.message)
    return confirm.done(request, plan)


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
        day = None
        if form.day_id is not None:
            day = selectors.plan_day_get(user=request.user, pk=form.day_id)
        try:
            saved = services.plan_save_exercise(
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
