"""The shipped routines: the list, a routine's page, playing it, copying it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import selectors, timeline
from plans.filters import RoutineFilterSet
from plans.services import plans as plan_services
from plans.views.params import int_or_404
from plans.views.player import player_page


def routine_list(request):
    filterset = RoutineFilterSet(request.GET or None, queryset=selectors.routine_list())
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    routines = filterset.qs if status == 200 else selectors.routine_list().none()
    context = {"filterset": filterset, "routines": routines}
    return render(request, "plans/routine_list.html", context, status=status)


def _routine_json_ld(request, routine) -> dict:
    seconds = routine.estimated_seconds
    return {
        "@context": "https://schema.org",
        "@type": "ExercisePlan",
        "name": routine.name,
        "description": routine.description,
        "url": request.build_absolute_uri(routine.get_absolute_url()),
        "exerciseType": routine.goal.name,
        "intensity": routine.get_level_display(),
        "activityDuration": f"PT{seconds}S",
        "activityFrequency": f"{len(routine.plan.days.all())} sessions",
        "workload": [
            f"{item.exercise.name}: {item.prescription_text}"
            for day in routine.plan.days.all()
            for item in day.items.all()
        ],
    }


def routine_detail(request, slug):
    routine = selectors.routine_detail(slug=slug)
    context = {
        "routine": routine,
        "plan": routine.plan,
        "json_ld": _routine_json_ld(request, routine),
    }
    return render(request, "plans/routine_detail.html", context)


def routine_play(request, slug):
    routine, day = selectors.routine_day_for_player(
        slug=slug, position=int_or_404(request.GET.get("day", "1"))
    )
    items = list(day.items.all())
    if not items:
        raise Http404("This day has no exercises.")
    return player_page(
        request,
        title=f"{routine.name} — {day.name}" if routine.plan.days.count() > 1 else routine.name,
        exercises=[item.exercise for item in items],
        prescriptions=[timeline.prescription_from_item(item) for item in items],
        back=(routine.get_absolute_url(), _("Back to %(name)s") % {"name": routine.name}),
    )


@require_POST
def routine_copy(request, slug):
    routine = selectors.routine_detail(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(routine.get_absolute_url())
    copy = plan_services.plan_copy(plan=routine.plan, owner=request.user, name=routine.name)
    messages.success(request, _("“%(name)s” is now in your plans.") % {"name": routine.name})
    return redirect(copy)
