"""Driving the player in Chromium: sign in, open it on a fake clock, play a day through."""

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PROJECT, VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD

SHOTS = Path(os.environ.get("FORGE_SHOTS_DIR") or PROJECT / "test-artifacts")


def kept_sessions(page) -> list[dict]:
    """The sessions this browser keeps to send later (IndexedDB, static/js/queue-core.js)."""
    page.wait_for_function("() => !!self.forgeQueue")
    return page.evaluate("() => self.forgeQueue.listSessions('')")


def log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Email address").fill("player@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + next_path)


def open_player(page, live_server, path: str, *, member: bool = True) -> None:
    """Open the player with a fake clock that moves only when the test moves it."""
    start = datetime.now(UTC).replace(microsecond=0)
    page.clock.install(time=start)
    if member:
        log_in(page, live_server, path)
    else:
        page.goto(live_server.url + path)
    page.clock.pause_at(start + timedelta(minutes=1))
    expect(page.get_by_role("button", name="Start")).to_be_visible()


def stage(page):
    return {
        "phase": page.locator("#player-phase"),
        "count": page.locator("#player-count"),
        "exercise": page.locator("#player-exercise"),
        "next": page.locator("#player-next"),
        "live": page.locator("#player-announcer"),
    }


def shoot(page, name: str) -> None:
    """Screenshots at 390 px and 1280 px, light and dark; back to 1280 px light after."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("390", PHONE), ("1280", VIEWPORT)):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=str(SHOTS / f"player-{name}-{width}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(VIEWPORT)


def assert_no_serious_violations(page, where: str) -> None:
    """axe waits on timers, so the fake clock runs while it works (pause the player first)."""
    page.clock.resume()
    try:
        violations = axe_check(page)
    finally:
        fake_now = page.evaluate("Date.now()") / 1000
        page.clock.pause_at(datetime.fromtimestamp(fake_now + 1, UTC))
    assert not violations, f"axe on {where}:\n" + format_violations(violations)


def play_to_summary(page) -> None:
    """From Start to the summary of the day fixture, checking each phase on the way."""
    ui = stage(page)
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


def row(page, name: str):
    return page.get_by_role("group", name=name, exact=True)
