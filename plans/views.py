"""Members' plan pages: guard → form → service → redirect, or selector → render."""

import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from forge.lib import confirm
from forge.lib.errors import DomainError
from plans import calendar, generator, history, selectors, services, timeline
from plans.api.export import export_filename, member_export
from plans.filters import RoutineFilterSet
from plans.forms import (
    MAX_SEED,
    CalendarForm,
    DayForm,
    GenerateForm,
    PlanForm,
    PlanItemForm,
    SaveToPlanForm,
    SessionEntryForm,
    SessionForm,
)


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
    plan = selectors.plan_for_print(user=request.user, pk=pk)
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
    """“Save to my plan”: a page that works without JavaScript (it posts, then lands on the
    plan), and for the save dialog's script (an htmx-style request) the dialog's body, which
    ends with a confirmation and a link to the plan."""
    exercise = selectors.exercise_to_save(slug=slug)
    if not request.user.is_authenticated:
        # Come back to this form after logging in (or signing up) to finish the save.
        return redirect_to_login(reverse("plans:save-exercise", args=[slug]))
    saved_days = selectors.exercise_saved_days(user=request.user, exercise=exercise)
    form = SaveToPlanForm(
        request.POST or None,
        day_choices=selectors.plan_day_choices(user=request.user),
        saved_days=saved_days,
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
    context = {"exercise": exercise, "form": form, "saved": saved, "saved_days": saved_days}
    if request.htmx:
        return render(request, "plans/_save_dialog.html", context)
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


# --- The player ----------------------------------------------------------------------------


def _player_page(request, *, title, exercises, prescriptions, plan_day=None, back, log_url=None):
    """Render the player for these exercises (in order) and their prescriptions."""
    line = timeline.build_timeline(prescriptions)
    data = line.as_dict()
    for entry, exercise, prescription in zip(
        data["exercises"], exercises, prescriptions, strict=True
    ):
        entry["url"] = exercise.get_absolute_url()
        entry["prescription"] = _prescription_text(prescription)
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


def _prescription_text(p: timeline.Prescription) -> str:
    return timeline.prescription_text(
        sets=p.sets, reps=p.reps, hold_seconds=p.hold_seconds, per_side=p.per_side
    )


@login_required
def day_play(request, pk):
    day = selectors.plan_day_for_player(user=request.user, pk=pk)
    items = list(day.items.all())
    if not items:
        messages.error(request, f"“{day.name}” has no exercises yet: add some, then press Start.")
        return redirect(day.plan)
    return _player_page(
        request,
        title=f"{day.plan.name} — {day.name}",
        exercises=[item.exercise for item in items],
        prescriptions=[timeline.prescription_from_item(item) for item in items],
        plan_day=day,
        back=(f"{day.plan.get_absolute_url()}#day-{day.pk}", f"Back to {day.plan.name}"),
        log_url=reverse("plans:session-log", args=[day.pk]),
    )


@login_required
def plan_play(request, pk):
    day = selectors.plan_first_day(user=request.user, pk=pk)
    return redirect("plans:day-play", pk=day.pk)


def exercise_play(request, slug):
    exercise = selectors.exercise_for_player(slug=slug, user=request.user)
    return _player_page(
        request,
        title=exercise.name,
        exercises=[exercise],
        prescriptions=[timeline.prescription_from_exercise(exercise)],
        back=(exercise.get_absolute_url(), f"Back to {exercise.name}"),
    )


# --- The log -------------------------------------------------------------------------------


def _log_rows(day) -> list[dict]:
    """One row per exercise and side of a day, as the manual log form shows them."""
    rows = []
    for item in day.items.all():
        sides = ["left", "right"] if item.per_side else ["both"]
        for side in sides:
            rows.append(
                {
                    "exercise": item.exercise,
                    "side": side,
                    "timed": item.hold_seconds is not None,
                    "initial": {"hold_seconds": item.hold_seconds, "reps": item.reps},
                }
            )
    return rows


@login_required
def session_log(request, pk):
    """Log a session of a plan day by hand, without the player."""
    day = selectors.plan_day_for_player(user=request.user, pk=pk)
    rows = _log_rows(day)
    data = request.POST if request.method == "POST" else None
    now = timezone.localtime().replace(second=0, microsecond=0)
    minutes = max(round(timeline.day_timeline(day).total_seconds / 60), 1)
    session_form = SessionForm(
        data, initial={"started_at": now - timedelta(minutes=minutes), "duration_minutes": minutes}
    )
    entry_forms = [
        SessionEntryForm(data, row=row, prefix=f"entry-{index}", initial=row["initial"])
        for index, row in enumerate(rows)
    ]
    if data is not None and session_form.is_valid() and all(f.is_valid() for f in entry_forms):
        entries = [
            services.EntryInput(
                exercise=form.row["exercise"],
                side=form.row["side"],
                **{name: value for name, value in form.cleaned_data.items() if value is not None},
            )
            for form in entry_forms
            if form.has_result()
        ]
        started_at = session_form.cleaned_data["started_at"]
        try:
            session, _ = services.session_log(
                owner=request.user,
                plan_day=day,
                started_at=started_at,
                ended_at=started_at
                + timedelta(minutes=session_form.cleaned_data["duration_minutes"]),
                entries=entries,
                session_id=uuid.uuid4(),
            )
        except DomainError as error:
            field = error.field if error.field in session_form.fields else None
            session_form.add_error(field, error.message)
        else:
            messages.success(request, f"Logged “{session.title}”.")
            return redirect(session)
    context = {"day": day, "session_form": session_form, "entry_forms": entry_forms}
    return render(request, "plans/session_form.html", context, status=400 if data else 200)


@login_required
def session_detail(request, pk):
    session = selectors.session_get(user=request.user, pk=pk)
    return render(request, "plans/session_detail.html", {"session": session})


@login_required
def session_delete(request, pk):
    session = selectors.session_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, f"The session “{session.title}” was deleted.")
        return redirect("plans:history")
    return render(request, "plans/session_confirm_delete.html", {"session": session})


@login_required
def data_export(request):
    """Download everything Forge keeps about the member as one JSON file."""
    data = member_export(user=request.user, request=request)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- History -------------------------------------------------------------------------------


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
def exercise_history(request, slug):
    page = selectors.exercise_history(user=request.user, slug=slug)
    return render(request, "plans/exercise_history.html", {"history": page})


# --- Generator and routines ------------------------------------------------------------------

# After sign-up or login, the save a visitor asked for (a CSRF-checked POST) is finished by
# the GET they come back to; only a query stored here by that POST can trigger it.
PENDING_SAVE_KEY = "generator_pending_save"


def _generator_query(inputs: generator.GeneratorInput) -> str:
    return urlencode(
        {
            "goal": inputs.goal,
            "minutes": inputs.minutes,
            "days_per_week": inputs.days_per_week,
            "level": inputs.level,
            "equipment": list(inputs.equipment),
            "avoid": list(inputs.avoid),
            "seed": inputs.seed,
        },
        doseq=True,
    )


def _next_seed(seed: int) -> int:
    """The seed "Shuffle" moves to: another one, the same each time for the same plan."""
    return (seed * 48271 + 11) % MAX_SEED


def _generate_form(data, vocabulary):
    return GenerateForm(
        data,
        goals=list(vocabulary.goals.values()),
        equipment=vocabulary.equipment.items(),
        areas=vocabulary.body_parts.items(),
    )


def _generated(request):
    """(form, inputs, plan) from the query string. No inputs and no plan when the form is not
    valid; inputs with a fresh seed and no plan when the query gave no seed."""
    vocabulary = selectors.generator_vocabulary()
    form = _generate_form(request.GET if "goal" in request.GET else None, vocabulary)
    if not form.is_bound or not form.is_valid():
        return form, None, None
    seed = form.cleaned_data["seed"]
    if seed is None:
        # A result always carries its seed (so its URL, "Play now" and "Save" give this
        # plan): choose one and let the caller send the browser to it.
        return form, form.generator_input(seed=secrets.randbelow(MAX_SEED)), None
    inputs = form.generator_input(seed=seed)
    try:
        plan = services.plan_generate(inputs=inputs, vocabulary=vocabulary)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return form, None, None
    return form, inputs, plan


def plan_generator(request):
    form, inputs, plan = _generated(request)
    if inputs is not None and plan is None:
        return redirect(f"{reverse('plans:generate')}?{_generator_query(inputs)}#result")
    context = {"form": form, "plan": plan}
    if plan is not None:
        query = _generator_query(inputs)
        context.update(
            query=query,
            shuffle_query=_generator_query(inputs.with_seed(_next_seed(inputs.seed))),
            days=[
                {"day": day, "number": number, "play_query": f"{query}&day={number}"}
                for number, day in enumerate(plan.days, 1)
            ],
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "plans/generate.html", context, status=status)


def generated_play(request):
    """Play a day of a generated plan: no account needed, nothing stored."""
    _form, inputs, plan = _generated(request)
    if plan is None:
        return redirect(f"{reverse('plans:generate')}?{request.GET.urlencode()}")
    number = _int_or_404(request.GET.get("day", "1"))
    if not 1 <= number <= len(plan.days):
        raise Http404("No such day.")
    day = plan.days[number - 1]
    if not day.items:
        raise Http404("This day has no exercises.")
    exercises = selectors.exercises_by_slug(slugs=[i.exercise.slug for i in day.items])
    return _player_page(
        request,
        title=f"{plan.name} — {day.name}",
        exercises=[exercises[i.exercise.slug] for i in day.items],
        prescriptions=[i.prescription() for i in day.items],
        back=(
            f"{reverse('plans:generate')}?{_generator_query(inputs)}",
            "Back to the generated plan",
        ),
    )


def generated_save(request):
    """Save a generated plan. Visitors sign up (or log in) first and come back to it saved."""
    data = request.POST if request.method == "POST" else request.GET
    vocabulary = selectors.generator_vocabulary()
    form = _generate_form(data, vocabulary)
    if not form.is_valid() or form.cleaned_data["seed"] is None:
        return redirect(f"{reverse('plans:generate')}?{data.urlencode()}")
    inputs = form.generator_input(seed=form.cleaned_data["seed"])
    query = _generator_query(inputs)
    if not request.user.is_authenticated:
        if request.method == "POST":
            request.session[PENDING_SAVE_KEY] = query
            next_url = f"{reverse('plans:generate-save')}?{query}"
            return redirect(f"{reverse('signup')}?{urlencode({'next': next_url})}")
        return redirect(f"{reverse('plans:generate')}?{query}")
    if request.method != "POST" and request.session.get(PENDING_SAVE_KEY) != query:
        # A plain link here saves nothing: back to the result, where "Save" is one press.
        return redirect(f"{reverse('plans:generate')}?{query}")
    request.session.pop(PENDING_SAVE_KEY, None)
    try:
        generated = services.plan_generate(inputs=inputs, vocabulary=vocabulary)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('plans:generate')}?{query}")
    plan = services.generated_plan_save(owner=request.user, plan=generated)
    messages.success(request, f"“{plan.name}” is saved in your plans.")
    return redirect(plan)


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
        slug=slug, position=_int_or_404(request.GET.get("day", "1"))
    )
    items = list(day.items.all())
    if not items:
        raise Http404("This day has no exercises.")
    return _player_page(
        request,
        title=f"{routine.name} — {day.name}" if routine.plan.days.count() > 1 else routine.name,
        exercises=[item.exercise for item in items],
        prescriptions=[timeline.prescription_from_item(item) for item in items],
        back=(routine.get_absolute_url(), f"Back to {routine.name}"),
    )


@require_POST
def routine_copy(request, slug):
    routine = selectors.routine_detail(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(routine.get_absolute_url())
    copy = services.plan_copy(plan=routine.plan, owner=request.user, name=routine.name)
    messages.success(request, f"“{routine.name}” is now in your plans.")
    return redirect(copy)


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
