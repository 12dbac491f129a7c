"""The player: a plan's day, a plan (its first day) or one exercise, played step by step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from plans import selectors, timeline


def player_page(request, *, title, exercises, prescriptions, plan_day=None, back, log_url=None):
    """Render the player for these exercises (in order) and their prescriptions; the
    generator's and the routines' players use it too."""
    line = timeline.build_timeline(prescriptions)
    data = line.as_dict()
    for entry, exercise, prescription in zip(
        data["exercises"], exercises, prescriptions, strict=True
    ):
        entry["url"] = exercise.get_absolute_url()
        entry["prescription"] = timeline.prescription_text(
            sets=prescription.sets,
            reps=prescription.reps,
            hold_seconds=prescription.hold_seconds,
            per_side=prescription.per_side,
        )
    back_url, back_label = back
    data.update(
        title=title,
        plan_day=plan_day.pk if plan_day else None,
        save_url=reverse("api:session-list"),
        history_url=reverse("plans:history"),
        can_save=request.user.is_authenticated,
        login_url=f"{reverse('login')}?next={request.path}",
        signup_url=reverse("signup"),
        back_url=back_url,
        back_label=back_label,
    )
    context = {
        "player": data,
        "exercises": exercises,
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
        "log_url": log_url,
        "total_seconds": line.total_seconds,
    }
    return render(request, "plans/player.html", context)


@login_required
def day_play(request, pk):
    day = selectors.plan_day_for_player(user=request.user, pk=pk)
    items = list(day.items.all())
    if not items:
        messages.error(
            request,
            _("“%(name)s” has no exercises yet: add some, then press Start.") % {"name": day.name},
        )
        return redirect(day.plan)
    return player_page(
        request,
        title=f"{day.plan.name} — {day.name}",
        exercises=[item.exercise for item in items],
        prescriptions=[timeline.prescription_from_item(item) for item in items],
        plan_day=day,
        back=(
            f"{day.plan.get_absolute_url()}#day-{day.pk}",
            _("Back to %(name)s") % {"name": day.plan.name},
        ),
        log_url=reverse("plans:session-log", args=[day.pk]),
    )


@login_required
def plan_play(request, pk):
    day = selectors.plan_first_day(user=request.user, pk=pk)
    return redirect("plans:day-play", pk=day.pk)


def exercise_play(request, slug):
    exercise = selectors.exercise_for_player(slug=slug, user=request.user)
    return player_page(
        request,
        title=exercise.name,
        exercises=[exercise],
        prescriptions=[timeline.prescription_from_exercise(exercise)],
        back=(exercise.get_absolute_url(), _("Back to %(name)s") % {"name": exercise.name}),
    )
