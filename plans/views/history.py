"""A member's history: the month's calendar and recent sessions, the exercises logged, and one
exercise's chart."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from plans import history, selectors


@login_required
def history_page(request):
    month = None
    if "month" in request.GET:
        # ?month=YYYY-MM shows that month's calendar and all its sessions, up to this month.
        month = history.parse_month(request.GET["month"])
        if month is None or month > timezone.localdate():
            raise Http404("No such month in your history.")
    page = selectors.session_history(user=request.user, month=month)
    return render(request, "plans/history.html", {"history": page})


@login_required
def history_exercises(request):
    exercises = selectors.logged_exercise_list(user=request.user)
    return render(request, "plans/history_exercises.html", {"exercises": exercises})


@login_required
def exercise_history(request, slug):
    page = selectors.exercise_history(user=request.user, slug=slug)
    return render(request, "plans/exercise_history.html", {"history": page})
