"""The player's controls: keys, a visitor's single exercise, and the page without JavaScript."""

import pytest
from playwright.sync_api import expect

from plans.models import WorkoutSession
from tests.browser.conftest import VIEWPORT
from tests.browser.player.helpers import (
    assert_no_serious_violations,
    log_in,
    open_player,
    row,
    shoot,
    stage,
)

pytestmark = pytest.mark.browser


def test_space_pauses_and_resumes_and_the_arrow_keys_skip_and_go_back(
    page, live_server, day, member
):
    open_player(page, live_server, f"/plans/days/{day.pk}/play/")
    ui = stage(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(2_000)
    expect(ui["count"]).to_have_text("3")

    page.keyboard.press("Space")
    expect(ui["phase"]).to_have_text("Paused · Get ready")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.clock.run_for(10_000)
    expect(ui["count"]).to_have_text("3")  # time stands still while paused
    page.keyboard.press("Space")
    expect(ui["phase"]).to_have_text("Get ready")
    page.clock.run_for(1_000)
    expect(ui["count"]).to_have_text("2")

    page.keyboard.press("ArrowRight")
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("30")
    page.get_by_role("button", name="+15 s").click()
    expect(ui["count"]).to_have_text("45")
    page.keyboard.press("ArrowLeft")  # within two seconds of a step: the one before
    expect(ui["phase"]).to_have_text("Get ready")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(ui["phase"]).to_have_text("Rest")
    page.keyboard.press("ArrowRight")
    expect(ui["phase"]).to_have_text("Reps")
    page.keyboard.press("Space")  # on a reps step Space means Done
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    # Skipped holds log nothing; the reps step was done.
    expect(row(page, "Pigeon Pose, left side").get_by_label("Held (seconds)")).to_have_value("")
    expect(row(page, "Bodyweight Squat").get_by_label("Reps done")).to_have_value("10")

    # Mute is remembered on this device (leaving unsaved results asks first).
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    mute = page.locator("#player-mute")
    expect(mute).to_have_attribute("aria-pressed", "false")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Mute").click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(mute).to_have_attribute("aria-pressed", "true")


def test_a_visitor_follows_one_exercise_and_is_asked_to_sign_up_to_keep_the_log(
    page, live_server, catalogue
):
    open_player(page, live_server, "/exercise/pigeon-pose/play/", member=False)
    ui = stage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pigeon Pose")
    expect(page.get_by_text("The timer runs in the browser with JavaScript.")).to_be_hidden()
    assert_no_serious_violations(page, "the player before Start")
    shoot(page, "start")
    page.get_by_role("button", name="Start").click()
    expect(ui["exercise"]).to_have_text("Pigeon Pose")
    page.clock.run_for(5_000)
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("45")
    page.clock.run_for(45_000 + 5_000 + 45_000)
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    expect(row(page, "Pigeon Pose, right side").get_by_label("Held (seconds)")).to_have_value("45")
    expect(page.get_by_role("button", name="Save to my log")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign up free")).to_have_attribute(
        "href", "/accounts/signup/"
    )
    assert WorkoutSession.objects.count() == 0


def test_without_javascript_the_player_lists_the_exercises_and_offers_the_manual_log(
    browser, live_server, day, member
):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, f"/plans/days/{day.pk}/play/")
        expect(page.get_by_text("The timer runs in the browser with JavaScript.")).to_be_visible()
        expect(page.locator(".player-outline > li > a")).to_have_text(
            ["Pigeon Pose", "Bodyweight Squat"]
        )
        expect(page.get_by_role("button", name="Start")).to_be_hidden()
        expect(page.get_by_role("link", name="log the session by hand")).to_have_attribute(
            "href", f"/plans/days/{day.pk}/log/"
        )
    finally:
        context.close()
