"""A plan's read-only share link: turning it on and off, the shared page, copying from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forge.lib import confirm
from plans import selectors
from plans.services import plans as plan_services


@login_required
@require_POST
def plan_share(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if request.POST.get("share") == "off":
        if not confirm.confirmed(request):
            return confirm.ask(
                request,
                confirm.Confirmation(
                    title=_("Turn the share link off?"),
                    message=_(
                        "Anyone who has the link will no longer be able to open the plan. "
                        "If you share it again later, it gets a new link."
                    ),
                    button=_("Turn the link off"),
                    action=request.path,
                    cancel_url=plan.get_absolute_url(),
                    cancel=_("Keep sharing"),
                    fields=(("share", "off"),),
                ),
            )
        plan_services.plan_unshare(plan=plan)
        messages.success(
            request, _("The share link is off. Anyone who had it can no longer open it.")
        )
        return confirm.done(request, plan)
    plan_services.plan_share(plan=plan)
    messages.success(request, _("Share link on: anyone with the link can view this plan."))
    return redirect(plan)


def plan_shared(request, token):
    plan = selectors.plan_shared(token=token)
    is_owner = request.user.is_authenticated and plan.owner_id == request.user.pk
    return render(request, "plans/plan_shared.html", {"plan": plan, "is_owner": is_owner})


@require_POST
def plan_shared_copy(request, token):
    plan = selectors.plan_shared(token=token)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("plans:plan-shared", args=[token]))
    copy = plan_services.plan_copy(plan=plan, owner=request.user, name=plan.name)
    messages.success(request, _("“%(name)s” is now in your plans.") % {"name": plan.name})
    return redirect(copy)
