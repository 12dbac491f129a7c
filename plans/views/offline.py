"""Plans kept for use with no connection: the member's toggle, and the list the service
worker keeps (plans.offline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from forge.lib.members import member_tag
from plans import offline

CHOICES = {"on": True, "off": False}


@login_required
@require_POST
def plan_offline(request, pk):
    plan = offline.offline_plan_get(user=request.user, pk=pk)
    choice = request.POST.get("offline", "")
    if choice not in CHOICES:
        messages.error(request, _("Choose whether to keep the plan offline: on or off."))
        return redirect(plan)
    offline.plan_set_offline(plan=plan, offline=CHOICES[choice])
    if CHOICES[choice]:
        text = _("“%(name)s” will be kept on this device for use with no connection.") % {
            "name": plan.name
        }
    else:
        text = _("“%(name)s” is no longer kept offline; this device frees its space.") % {
            "name": plan.name
        }
    messages.success(request, text)
    return redirect(plan)


@login_required
@require_safe
@never_cache
def offline_bundle(request):
    """The member's offline plans and the pages to keep of each, for the service worker."""
    plans = offline.offline_bundle(user=request.user)
    return JsonResponse(
        {"member": member_tag(request.user), "plans": [plan.as_dict() for plan in plans]}
    )
