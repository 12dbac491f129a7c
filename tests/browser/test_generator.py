"""The plan generator and the routines in a real browser."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Plan
from tests.browser.conftest import PHONE, VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = Path("/work/notes/shots")


@pytest.fixture
def routines(catalogue):
    call_command("load_routines", verbosity=0)


def _no_serious_violations(page, where: str) -> None:
    violations = axe_check(page)
    assert not violations, f"axe on {where}:\n" + format_violations(violations)


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"h9-{name}.png"), full_page=True)


def _generate_hips(page, live_server) -> None:
    page.goto(live_server.url + "/plans/generate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan generator")
    page.get_by_label(re.compile(r"^Hips")).check()
    slider = page.get_by_label(re.compile(r"^Minutes a session"))
    slider.fill("10")
    expect(page.locator("#minutes-value")).to_have_text("10")  # the script shows the value
    page.get_by_label("Sessions a week").fill("2")
    page.get_by_role("button", name="Make my plan").click()
    expect(page).to_have_url(re.compile(r"/plans/generate/\?.*seed=\d+"))
    expect(page.get_by_role("heading", name="Hips: 10 minutes")).to_be_visible()


def test_a_visitor_generates_a_10_minute_hips_plan_presses_play_now_and_the_player_starts(
    browser, page, live_server, catalogue
):
    _generate_hips(page, live_server)
    result = page.locator("#result")
    expect(result.get_by_role("heading", level=3)).to_have_count(2)
    expect(result.locator(".item-reason").first).to_contain_text(";")
    expect(result.get_by_role("button", name="Sign up to save this plan")).to_be_visible()
    _no_serious_violations(page, "the generator's result")
    _shoot(page, "generator-result")
    page.set_viewport_size(PHONE)
    _shoot(page, "generator-result-phone")
    page.set_viewport_size(VIEWPORT)

    # Shuffle keeps the inputs and moves to another seed.
    seed = re.search(r"seed=(\d+)", page.url).group(1)
    result.get_by_role("link", name="Shuffle").click()
    expect(page).not_to_have_url(re.compile(rf"seed={seed}(&|$)"))
    expect(page.get_by_role("heading", name="Hips: 10 minutes")).to_be_visible()

    page.locator("#result").get_by_role("link", name=re.compile("^Play now")).first.click()
    expect(page).to_have_url(re.compile(r"/plans/generate/play/\?.*day=1"))
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#player-phase")).to_have_text("Get ready")
    _shoot(page, "generator-player")
    assert Plan.objects.count() == 0  # playing stores nothing


def test_a_member_saves_a_generated_plan_and_finds_it_under_my_plans(
    browser, page, live_server, catalogue
):
    UserFactory(email="gen@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/?next=/plans/generate/")
    page.get_by_label("Email address").fill("gen@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _generate_hips(page, live_server)
    page.get_by_role("button", name="Save to my plans").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips: 10 minutes")
    page.goto(live_server.url + "/plans/")
    expect(page.get_by_role("link", name="Hips: 10 minutes")).to_be_visible()
    plan = Plan.objects.get(owner__email="gen@example.org")
    assert plan.days.count() == 2


def test_a_visitor_opens_a_routine_and_plays_it(browser, page, live_server, routines):
    page.goto(live_server.url + "/routines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Routines")
    _no_serious_violations(page, "the routines list")
    _shoot(page, "routine-list")
    page.get_by_role("link", name="10-minute desk reset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("10-minute desk reset")
    _no_serious_violations(page, "a routine page")
    _shoot(page, "routine-detail")
    page.get_by_role("link", name="Play", exact=True).click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#player-exercise")).to_have_text("Chin Tuck")


def test_the_generator_form_is_accessible_and_works_on_a_phone(
    browser, page, live_server, catalogue
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/plans/generate/?goal=hips&minutes=99&days_per_week=2")
    expect(page.get_by_text("Choose at most 60 minutes.")).to_be_visible()
    _no_serious_violations(page, "the generator form with an error")
    _shoot(page, "generator-form-phone")
