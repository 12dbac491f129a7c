"""The plan generator's pages: the form and its result, playing a day, saving the plan."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from forge.lib.errors import DomainError
from plans import generator, selectors
from plans.forms import MAX_SEED, GenerateForm
from plans.services import plans as plan_services
from plans.views.params import int_or_404
from plans.views.player import player_page

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
        equipment=[*vocabulary.equipment.items(), *vocabulary.owned_props.items()],
        # Joints and regions first (the usual reason to spare something), then body parts.
        areas=[
            (area.slug, area.name)
            for area in sorted(
                vocabulary.areas.values(), key=lambda a: (a.kind == "body-part", a.name)
            )
        ],
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
        plan = selectors.plan_generate(inputs=inputs, vocabulary=vocabulary)
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
    number = int_or_404(request.GET.get("day", "1"))
    if not 1 <= number <= len(plan.days):
        raise Http404("No such day.")
    day = plan.days[number - 1]
    if not day.items:
        raise Http404("This day has no exercises.")
    exercises = selectors.exercises_by_slug(slugs=[i.exercise.slug for i in day.items])
    return player_page(
        request,
        title=f"{plan.name} — {day.name}",
        exercises=[exercises[i.exercise.slug] for i in day.items],
        prescriptions=[i.prescription() for i in day.items],
        back=(
            f"{reverse('plans:generate')}?{_generator_query(inputs)}",
            _("Back to the generated plan"),
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
        generated = selectors.plan_generate(inputs=inputs, vocabulary=vocabulary)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('plans:generate')}?{query}")
    plan = plan_services.generated_plan_save(owner=request.user, plan=generated)
    messages.success(request, _("“%(name)s” is saved in your plans.") % {"name": plan.name})
    return redirect(plan)
