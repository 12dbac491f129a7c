"""Around the player: Start and Log by hand on plan days, Follow along on exercises with a hold,
the share link's copy button and the print view's button and steps."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from forge.templatetags.forge_tags import seconds
from plans import timeline
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member, stretch):
    """Day 1: the stretch and a plank. Day 2: nothing yet."""
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    plan_services.plan_day_add(plan=plan, name="Evening")
    return plan


def test_every_day_with_exercises_has_start_with_its_duration_and_log_by_hand(member_client, plan):
    day_one, evening = plan.days.order_by("position")

    html = member_client.get(plan.get_absolute_url()).content.decode()

    duration = seconds(timeline.day_timeline(day_one).total_seconds)
    play, log = (
        reverse("plans:day-play", args=[day_one.pk]),
        reverse("plans:session-log", args=[day_one.pk]),
    )
    assert (
        f'<a class="button" href="{play}"><span aria-hidden="true">▶</span> Start'
        f'<span class="visually-hidden"> Day 1,</span> '
        f'<span class="button-note">about {duration}</span></a>'
    ) in html
    assert f'<a href="{log}">Log by hand<span class="visually-hidden">: Day 1</span></a>' in html
    # An empty day has nothing to play or log.
    assert reverse("plans:day-play", args=[evening.pk]) not in html
    assert reverse("plans:session-log", args=[evening.pk]) not in html


def test_an_exercise_with_a_hold_has_follow_along_with_its_duration(client, stretch):
    reps_only = ExerciseFactory(name="Push-Up")

    stretch_html = client.get(stretch.get_absolute_url()).content.decode()
    reps_html = client.get(reps_only.get_absolute_url()).content.decode()

    total = timeline.build_timeline([timeline.prescription_from_exercise(stretch)]).total_seconds
    play = reverse("plans:exercise-play", args=[stretch.slug])
    assert (
        f'<a class="button" href="{play}"><span aria-hidden="true">▶</span> Follow along '
        f'<span class="button-note">{seconds(total)}</span></a>'
    ) in stretch_html
    assert "Follow along" not in reps_html


def test_the_share_link_has_a_copy_button_for_the_script(member_client, plan):
    plan_services.plan_share(plan=plan)

    html = member_client.get(plan.get_absolute_url()).content.decode()

    assert "data-select-on-focus" in html and "onfocus" not in html
    assert (
        '<button type="button" class="button" data-copy="share-url" hidden>'
        "Copy link</button>" in html
    )
    assert 'src="/static/js/copy-link.js"' in html


def test_the_print_view_has_a_print_button_and_each_exercises_steps(member, member_client):
    plan = plan_services.plan_create(owner=member, name="Printable")
    plan_services.plan_add_exercise(plan=plan, exercise=complete_exercise(name="Bridge"))

    html = member_client.get(reverse("plans:plan-print", args=[plan.pk])).content.decode()

    assert (
        '<button type="button" class="button button-small" data-print hidden>Print</button>' in html
    )
    assert 'src="/static/js/print.js"' in html and "onclick" not in html
    steps = re.search(r'<ol class="print-steps">(.*?)</ol>', html).group(1)
    assert re.findall(r"<li>(.*?)</li>", steps) == ["Step 1.", "Step 2.", "Step 3.", "Step 4."]


# The Content-Security-Policy to come forbids inline script and style: none in these templates.
UX_TEMPLATES = [
    "base.html",
    "home.html",
    "includes/_nav.html",
    "includes/_footer.html",
    "exercises/_exercise_card.html",
    "exercises/_save_to_plan.html",
    "exercises/exercise_detail.html",
    "plans/_save_dialog.html",
    "plans/_save_form.html",
    "plans/save_exercise.html",
    "plans/plan_detail.html",
    "plans/plan_list.html",
    "plans/plan_print.html",
    "plans/plan_shared.html",
    "plans/_plan_days.html",
    "registration/profile.html",
    "registration/signup.html",
    "registration/account_delete.html",
]


@pytest.mark.parametrize("name", UX_TEMPLATES)
def test_template_has_no_inline_script_handlers_or_styles(name):
    text = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
    assert not re.search(r"\sstyle=", text), "inline style attribute"
    # Scripts come from static/js/ (src=…); JSON-LD is data, not script.
    assert not re.search(r'<script(?![^>]*(\bsrc=|type="application/ld\+json"))', text)
