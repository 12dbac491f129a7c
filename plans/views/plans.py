"""A member's plans: the list, a plan's page, its print view, editing, copying, deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forge.lib import confirm
from plans import offline, selectors
from plans.forms import DayForm, PlanForm
from plans.services import plans as plan_services


@login_required
def plan_list(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = plan_services.plan_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Plan “%(name)s” created.") % {"name": plan.name})
        return redirect(plan)
    plans = list(offline.plan_list(user=request.user))
    offline_ids = {plan.pk for plan in plans if offline.is_offline(plan)}
    context = {"plans": plans, "form": form, "offline_ids": offline_ids}
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, pk):
    plan = offline.offline_plan_get(user=request.user, pk=pk)
    days = selectors.plan_day_rows(plan=plan)
    context = {
        "plan": plan,
        "days": days,
        "seconds": sum(day.seconds for day in days),
        "day_form": DayForm(),
        "offline": offline.is_offline(plan),
        "offline_automatic": offline.is_automatic(plan),
        # What {% csrf_token %} writes, made once for the forms of every day and item.
        "csrf_input": csrf_input(request),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_print(request, pk):
    plan = selectors.plan_for_print(user=request.user, pk=pk)
    return render(request, "plans/plan_print.html", {"plan": plan})


@login_required
def plan_edit(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan_services.plan_update(plan=plan, **form.cleaned_data)
        messages.success(request, _("Plan saved."))
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": form})


@login_required
def plan_delete(request, pk):
    # The plan page links here: the GET is the question, and its form's POST deletes (a POST
    # needs no confirm=yes, as before the confirm pages were shared).
    plan = selectors.plan_get(user=request.user, pk=pk)
    if request.method != "POST":
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete “%(name)s”?") % {"name": plan.name},
                message=_(
                    "The plan, its days and its exercises will be deleted, and its share link "
                    "will stop working. This cannot be undone."
                )
                if plan.is_shared
                else _(
                    "The plan, its days and its exercises will be deleted. This cannot be undone."
                ),
                button=_("Delete the plan"),
                action=request.path,
                cancel_url=plan.get_absolute_url(),
                cancel=_("Keep it"),
            ),
        )
    plan_services.plan_delete(plan=plan)
    messages.success(request, _("Plan “%(name)s” deleted.") % {"name": plan.name})
    return confirm.done(request, "plans:plan-list")


@login_required
@require_POST
def plan_copy(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    copy = plan_services.plan_copy(plan=plan, owner=request.user)
    messages.success(request, _("Copied into “%(name)s”.") % {"name": copy.name})
    return redirect(copy)
