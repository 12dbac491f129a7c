"""The follow-along player in a real browser, its clock driven by Playwright's page.clock."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from plans.models import SessionEntry, WorkoutSession
from plans.services import plans as services
from tests.browser.conftest import PHONE, VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = Path("/work/notes/shots")
QUEUE_KEY = "forge.pendingSessions"


@pytest.fixture
def member(catalogue):
    return UserFactory(email="player@example.org", password=PASSWORD)


@pytest.fixture
def day(member):
    """A day of one per-side stretch (30 s, then 20 s rest) and one reps exercise (10)."""
    plan = services.plan_create(owner=member, name="Hips and legs")
    day = plan.days.get()
    pigeon = services.plan_add_exercise(
        plan=plan, exercise=Exercise.objects.get(slug="pigeon-pose"), day=day
    )
    services.plan_item_update(
        item=pigeon, sets=1, hold_seconds=30, reps=None, per_side=True, rest_seconds=20
    )
    squat = services.plan_add_exercise(
        plan=plan, exercise=Exercise.objects.get(slug="bodyweight-squat"), day=day
    )
    services.plan_item_update(
        item=squat, sets=1, reps=10, hold_seconds=None, per_side=False, rest_seconds=0
    )
    return day


def _log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Email address").fill("player@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + next_path)


def _open_player(page, live_server, path: str, *, member: bool = True) -> None:
    """Open the player with a fake clock that moves only when the test moves it."""
    start = datetime.now(UTC).replace(microsecond=0)
    page.clock.install(time=start)
    if member:
        _log_in(page, live_server, path)
    else:
        page.goto(live_server.url + path)
    page.clock.pause_at(start + timedelta(minutes=1))
    expect(page.get_by_role("button", name="Start")).to_be_visible()


def _stage(page):
    return {
        "phase": page.locator("#player-phase"),
        "count": page.locator("#player-count"),
        "exercise": page.locator("#player-exercise"),
        "next": page.locator("#player-next"),
        "live": page.locator("#player-announcer"),
    }


def _shoot(page, name: str) -> None:
    """Screenshots at 390 px and 1280 px, light and dark; back to 1280 px light after."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("390", PHONE), ("1280", VIEWPORT)):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=str(SHOTS / f"player-{name}-{width}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(VIEWPORT)


def _assert_no_serious_violations(page, where: str) -> None:
    """axe waits on timers, so the fake clock runs while it works (pause the player first)."""
    page.clock.resume()
    try:
        violations = axe_check(page)
    finally:
        fake_now = page.evaluate("Date.now()") / 1000
        page.clock.pause_at(datetime.fromtimestamp(fake_now + 1, UTC))
    assert not violations, f"axe on {where}:\n" + format_violations(violations)


def _play_to_summary(page) -> None:
    """From Start to the summary of the day fixture, checking each phase on the way."""
    ui = _stage(page)
    page.get_by_role("button", name="Start").click()
    expect(ui["phase"]).to_have_text("Get ready")
    expect(ui["count"]).to_have_text("5")
    expect(ui["exercise"]).to_have_text("Pigeon Pose")
    expect(ui["live"]).to_have_text("Get ready. Pigeon Pose in 5 seconds.")

    page.clock.run_for(5_000)
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("30")
    expect(ui["next"]).to_have_text("Next up: Switch sides (5 s)")
    page.clock.run_for(10_000)
    expect(ui["count"]).to_have_text("20")

    page.clock.run_for(20_000)
    expect(ui["phase"]).to_have_text("Switch sides")
    expect(ui["count"]).to_have_text("5")
    expect(ui["live"]).to_have_text("Switch sides. Right side in 5 seconds.")

    page.clock.run_for(5_000)
    expect(ui["phase"]).to_have_text("Hold · Right side")
    expect(ui["count"]).to_have_text("30")

    page.clock.run_for(30_000)
    expect(ui["phase"]).to_have_text("Rest")
    expect(ui["count"]).to_have_text("20")
    expect(ui["exercise"]).to_have_text("Bodyweight Squat")
    expect(ui["next"]).to_have_text("Next up: Bodyweight Squat: 10 reps")

    page.clock.run_for(20_000)
    expect(ui["phase"]).to_have_text("Reps")
    expect(ui["count"]).to_have_text("10")
    done = page.get_by_role("button", name="Done")
    expect(done).to_be_visible()
    # A reps step waits for Done, however long it takes.
    page.clock.run_for(60_000)
    expect(ui["phase"]).to_have_text("Reps")
    done.click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()


def _row(page, name: str):
    return page.get_by_role("group", name=name, exact=True)


def test_member_plays_a_day_through_both_sides_rest_and_done_then_saves_and_finds_it_in_history(
    page, live_server, day, member
):
    _open_player(page, live_server, f"/plans/days/{day.pk}/play/")

    # Playing (left side) and switching sides, with screenshots and axe on the way.
    ui = _stage(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 8_000)
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("22")
    _shoot(page, "playing")
    page.get_by_role("button", name="Pause").click()
    _assert_no_serious_violations(page, "the player, playing")
    page.get_by_role("button", name="Resume").click()
    expect(ui["count"]).to_have_text("22")
    page.clock.run_for(22_000 + 1_000)
    expect(ui["phase"]).to_have_text("Switch sides")
    expect(ui["count"]).to_have_text("4")
    _shoot(page, "switching")
    # Back to the top for the full walk-through (the page asks before leaving a session).
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    _play_to_summary(page)

    left, right, squat = (
        _row(page, "Pigeon Pose, left side"),
        _row(page, "Pigeon Pose, right side"),
        _row(page, "Bodyweight Squat"),
    )
    expect(left.get_by_label("Held (seconds)")).to_have_value("30")
    expect(right.get_by_label("Held (seconds)")).to_have_value("30")
    expect(squat.get_by_label("Reps done")).to_have_value("10")
    expect(page.locator("fieldset.player-row")).to_have_count(3)
    left.get_by_label("Tightness or effort (0–10)").fill("7")
    right.get_by_label("Tightness or effort (0–10)").fill("5")
    squat.get_by_label("Note").fill("Knees felt fine")
    _shoot(page, "summary")
    _assert_no_serious_violations(page, "the player's summary")

    page.get_by_role("button", name="Save to my log").click()
    status = page.get_by_role("status").filter(has_text="Saved to your log.")
    expect(status).to_be_visible()
    expect(status.get_by_role("link", name="See your history")).to_have_attribute(
        "href", "/plans/history/"
    )

    session = WorkoutSession.objects.get()
    assert session.owner == member and session.plan_day == day
    # Get-ready 5 + 30 + switch 5 + 30 + rest 20, then 60 s on the reps step.
    assert session.duration_seconds == 150
    entries = [
        (e.exercise.slug, e.side, e.hold_seconds, e.reps, e.rating, e.note)
        for e in SessionEntry.objects.filter(session=session).order_by("position")
    ]
    assert entries == [
        ("pigeon-pose", "left", 30, None, 7, ""),
        ("pigeon-pose", "right", 30, None, 5, ""),
        ("bodyweight-squat", "both", None, 10, None, "Knees felt fine"),
    ]

    # The history pages show it: the session in the list, the chart on the stretch's page.
    status.get_by_role("link", name="See your history").click()
    expect(page).to_have_url(live_server.url + "/plans/history/")
    expect(page.locator(f"a[href='/plans/sessions/{session.pk}/']").first).to_be_visible()
    page.goto(live_server.url + "/plans/history/pigeon-pose/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pigeon Pose")
    expect(page.locator("svg").filter(has=page.locator("polyline, path")).first).to_be_visible()


def test_a_save_that_fails_offline_is_kept_on_the_device_and_stored_once_on_the_next_load(
    page, live_server, day, member
):
    path = f"/plans/days/{day.pk}/play/"
    _open_player(page, live_server, path)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 30_000 + 2_000)  # into the switch
    page.get_by_role("button", name="Finish early").click()
    left = _row(page, "Pigeon Pose, left side")
    expect(left.get_by_label("Held (seconds)")).to_have_value("30")
    expect(page.locator("fieldset.player-row")).to_have_count(1)  # the right side never came

    page.route("**/api/v1/sessions/", lambda route: route.abort())
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_role("status").filter(has_text="saved on this device")).to_be_visible()
    queued = json.loads(page.evaluate(f"localStorage.getItem('{QUEUE_KEY}')"))
    assert [entry["payload"]["entries"] for entry in queued] == [
        [
            {
                "exercise": "pigeon-pose",
                "side": "left",
                "hold_seconds": 30,
                "reps": None,
                "rating": None,
                "note": "",
            }
        ]
    ]
    assert WorkoutSession.objects.count() == 0

    page.unroute("**/api/v1/sessions/")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="now saved to your log")).to_be_visible()
    assert page.evaluate(f"localStorage.getItem('{QUEUE_KEY}')") is None
    assert WorkoutSession.objects.count() == 1
    session = WorkoutSession.objects.get()
    assert str(session.pk) == queued[0]["payload"]["id"] and session.plan_day == day
    assert list(session.entries.values_list("side", "hold_seconds")) == [("left", 30)]

    # Sending the same session again (another tab, a second retry) stores nothing new.
    page.evaluate(
        "entry => localStorage.setItem('forge.pendingSessions', JSON.stringify([entry]))",
        queued[0],
    )
    page.reload()
    expect(page.get_by_role("status").filter(has_text="now saved to your log")).to_be_visible()
    assert WorkoutSession.objects.count() == 1 and SessionEntry.objects.count() == 1


def test_space_pauses_and_resumes_and_the_arrow_keys_skip_and_go_back(
    page, live_server, day, member
):
    _open_player(page, live_server, f"/plans/days/{day.pk}/play/")
    ui = _stage(page)
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
    expect(_row(page, "Pigeon Pose, left side").get_by_label("Held (seconds)")).to_have_value("")
    expect(_row(page, "Bodyweight Squat").get_by_label("Reps done")).to_have_value("10")

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
    _open_player(page, live_server, "/exercise/pigeon-pose/play/", member=False)
    ui = _stage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pigeon Pose")
    expect(page.get_by_text("The timer runs in the browser with JavaScript.")).to_be_hidden()
    _assert_no_serious_violations(page, "the player before Start")
    _shoot(page, "start")
    page.get_by_role("button", name="Start").click()
    expect(ui["exercise"]).to_have_text("Pigeon Pose")
    page.clock.run_for(5_000)
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("45")
    page.clock.run_for(45_000 + 5_000 + 45_000)
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    expect(_row(page, "Pigeon Pose, right side").get_by_label("Held (seconds)")).to_have_value("45")
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
        _log_in(page, live_server, f"/plans/days/{day.pk}/play/")
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


def test_a_save_the_server_refuses_shows_its_errors_beside_the_rows_and_is_not_kept(
    page, live_server, day, member
):
    # This phone's clock runs three days ahead: the server will refuse the session's date.
    ahead = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    page.clock.install(time=ahead)
    _log_in(page, live_server, f"/plans/days/{day.pk}/play/")
    page.clock.pause_at(ahead + timedelta(minutes=1))
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 30_000 + 2_000)
    page.get_by_role("button", name="Finish early").click()

    held = _row(page, "Pigeon Pose, left side").get_by_label("Held (seconds)")
    # The browser refuses 700 by itself; without its limit the server's check answers.
    held.fill("700")
    page.get_by_role("button", name="Save to my log").click()
    expect(page.locator("#player-row-0-hold_seconds-error")).to_be_visible()
    held.evaluate("input => input.removeAttribute('max')")
    page.get_by_role("button", name="Save to my log").click()
    error = page.locator("#player-row-0-hold_seconds-error")
    expect(error).to_contain_text("600")
    expect(held).to_have_attribute("aria-invalid", "true")

    held.fill("30")
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Forge could not save this session: A session cannot be more than a day in the future."
    )
    expect(error).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{QUEUE_KEY}')") is None
    assert WorkoutSession.objects.count() == 0
