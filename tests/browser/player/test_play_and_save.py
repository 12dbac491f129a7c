"""The player: a whole day played on a fake clock, and how a finished session is saved."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from plans.models import SessionEntry, WorkoutSession
from tests.browser.player.helpers import (
    assert_no_serious_violations,
    kept_sessions,
    log_in,
    open_player,
    play_to_summary,
    row,
    shoot,
    stage,
)

pytestmark = pytest.mark.browser


def test_member_plays_a_day_through_both_sides_rest_and_done_then_saves_and_finds_it_in_history(
    page, live_server, day, member
):
    open_player(page, live_server, f"/plans/days/{day.pk}/play/")

    # Playing (left side) and switching sides, with screenshots and axe on the way.
    ui = stage(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 8_000)
    expect(ui["phase"]).to_have_text("Hold · Left side")
    expect(ui["count"]).to_have_text("22")
    shoot(page, "playing")
    page.get_by_role("button", name="Pause").click()
    assert_no_serious_violations(page, "the player, playing")
    page.get_by_role("button", name="Resume").click()
    expect(ui["count"]).to_have_text("22")
    page.clock.run_for(22_000 + 1_000)
    expect(ui["phase"]).to_have_text("Switch sides")
    expect(ui["count"]).to_have_text("4")
    shoot(page, "switching")
    # Back to the top for the full walk-through (the page asks before leaving a session).
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    play_to_summary(page)

    left, right, squat = (
        row(page, "Pigeon Pose, left side"),
        row(page, "Pigeon Pose, right side"),
        row(page, "Bodyweight Squat"),
    )
    expect(left.get_by_label("Held (seconds)")).to_have_value("30")
    expect(right.get_by_label("Held (seconds)")).to_have_value("30")
    expect(squat.get_by_label("Reps done")).to_have_value("10")
    expect(page.locator("fieldset.player-row")).to_have_count(3)
    left.get_by_label("Tightness or effort (0–10)").fill("7")
    right.get_by_label("Tightness or effort (0–10)").fill("5")
    squat.get_by_label("Note").fill("Knees felt fine")
    shoot(page, "summary")
    assert_no_serious_violations(page, "the player's summary")

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
    expect(page.locator(f"a[href='/plans/sessions/{session.client_id}/']").first).to_be_visible()
    page.goto(live_server.url + "/plans/history/pigeon-pose/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pigeon Pose")
    expect(page.locator("svg").filter(has=page.locator("polyline, path")).first).to_be_visible()


def test_a_save_that_fails_offline_is_kept_on_the_device_and_stored_once_on_the_next_load(
    page, live_server, day, member
):
    path = f"/plans/days/{day.pk}/play/"
    open_player(page, live_server, path)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 30_000 + 2_000)  # into the switch
    page.get_by_role("button", name="Finish early").click()
    left = row(page, "Pigeon Pose, left side")
    expect(left.get_by_label("Held (seconds)")).to_have_value("30")
    expect(page.locator("fieldset.player-row")).to_have_count(1)  # the right side never came

    page.route("**/api/v1/sessions/", lambda route: route.abort())
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_role("status").filter(has_text="kept on this device")).to_be_visible()
    queued = kept_sessions(page)
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
    assert kept_sessions(page) == []
    assert WorkoutSession.objects.count() == 1
    session = WorkoutSession.objects.get()
    assert str(session.client_id) == queued[0]["payload"]["id"] and session.plan_day == day
    assert list(session.entries.values_list("side", "hold_seconds")) == [("left", 30)]

    # Sending the same session again (another tab, a second retry) stores nothing new.
    page.evaluate("entry => self.forgeQueue.putSession(entry)", queued[0])
    page.reload()
    expect(page.get_by_role("status").filter(has_text="now saved to your log")).to_be_visible()
    assert WorkoutSession.objects.count() == 1 and SessionEntry.objects.count() == 1


def wait_until(page, condition, *, seconds=5.0) -> None:
    """Let the page run (route handlers answer while Playwright waits) until `condition()`."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page never got there")


def test_a_save_answered_503_is_kept_and_sent_again_by_itself_once_forge_is_back(
    page, live_server, day, member
):
    path = f"/plans/days/{day.pk}/play/"
    open_player(page, live_server, path)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 30_000 + 2_000)
    page.get_by_role("button", name="Finish early").click()

    answers = []

    def database_restarting(route):
        answers.append(503)
        route.fulfill(
            status=503,
            headers={"Retry-After": "5"},
            json={"status": 503, "code": "unavailable", "detail": "Back soon.", "errors": {}},
        )

    page.route("**/api/v1/sessions/", database_restarting)
    page.get_by_role("button", name="Save to my log").click()
    expect(
        page.get_by_role("status").filter(has_text="Forge is briefly unavailable")
    ).to_contain_text("waiting to sync: Forge keeps trying to save it while this page is open")
    expect(page.get_by_role("button", name="Save to my log")).to_be_visible()  # nothing lost
    # The save, and the queue's first try right after it (its own request, which may still be
    # on its way when the message shows; the page's clock stands still, so no backoff passes).
    wait_until(page, lambda: len(answers) >= 2)
    assert len(answers) == 2
    # Backoff: nothing before Retry-After (5 s), then one try.
    page.clock.run_for(4_000)
    assert len(answers) == 2
    page.clock.run_for(1_500)
    wait_until(page, lambda: len(answers) == 3)
    assert WorkoutSession.objects.count() == 0

    page.unroute("**/api/v1/sessions/")  # the database is back
    page.clock.run_for(10_000)
    expect(page.get_by_role("status").filter(has_text="Saved to your log.")).to_be_visible()
    assert kept_sessions(page) == []
    session = WorkoutSession.objects.get()
    assert session.plan_day == day and session.owner == member
    assert list(session.entries.values_list("side", "hold_seconds")) == [("left", 30)]


def test_a_save_the_server_refuses_shows_its_errors_beside_the_rows_and_is_not_kept(
    page, live_server, day, member
):
    # This phone's clock runs three days ahead: the server will refuse the session's date.
    ahead = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    page.clock.install(time=ahead)
    log_in(page, live_server, f"/plans/days/{day.pk}/play/")
    page.clock.pause_at(ahead + timedelta(minutes=1))
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 30_000 + 2_000)
    page.get_by_role("button", name="Finish early").click()

    held = row(page, "Pigeon Pose, left side").get_by_label("Held (seconds)")
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
    assert kept_sessions(page) == []
    assert WorkoutSession.objects.count() == 0
