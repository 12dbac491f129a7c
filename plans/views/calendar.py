"""A plan as calendar events (an .ics download): own plans, shared plans and routines."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from plans import calendar, selectors
from plans.forms import CalendarForm


def _calendar(request, *, plan, back_url, title):
    form = CalendarForm(
        request.GET if "starts" in request.GET else None,
        days=plan.days.all(),
        initial={"starts": timezone.localdate()},
    )
    if form.is_bound and form.is_valid():
        body = calendar.plan_calendar(
            plan=plan,
            weekdays=form.weekdays(),
            starts=form.cleaned_data["starts"],
            at=form.cleaned_data["at"],
            url=request.build_absolute_uri(back_url),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = slugify(plan.name) or "plan"
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
        return response
    context = {"form": form, "plan": plan, "back_url": back_url, "title": title}
    status = 400 if form.is_bound else 200
    return render(request, "plans/calendar_form.html", context, status=status)


@login_required
def plan_calendar(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk, detail=True)
    return _calendar(request, plan=plan, back_url=plan.get_absolute_url(), title=plan.name)


def plan_shared_calendar(request, token):
    plan = selectors.plan_shared(token=token)
    return _calendar(request, plan=plan, back_url=plan.get_share_url(), title=plan.name)


def routine_calendar(request, slug):
    routine = selectors.routine_detail(slug=slug)
    return _calendar(
        request, plan=routine.plan, back_url=routine.get_absolute_url(), title=routine.name
    )
