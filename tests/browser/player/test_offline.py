"""Installable and offline (issue 22), in Chromium with its network switched off.

Chromium's offline switch (context.set_offline) covers the page, but not every request a
service worker makes: a Background Sync that fires while the page is "offline" can still
reach the test server. So while the tests say "offline", the sessions API also answers 503
(the `sessions_api` fixture), as a server that cannot be reached would leave them waiting;
what reached it is counted, and the database is checked only once the connection is back.
"""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.http import HttpResponse
from playwright.sync_api import expect

from forge import pwa
from forge.lib.members import member_tag
from plans.api.views import WorkoutSessionViewSet
from plans.models import WorkoutSession
from tests.browser.conftest import axe_check, format_violations
from tests.browser.player.helpers import kept_sessions, log_in, play_to_summary
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

KEPT_SESSIONS = "() => self.forgeQueue.listSessions('')"
CACHE_NAMES = "async () => (await caches.keys()).sort()"


@pytest.fixture
def sessions_api(monkeypatch):
    """The sessions API with a switch: while `down`, a POST gets 503 and stores nothing.
    `answers` lists the status of every POST that reached it."""
    state = {"down": False, "answers": [], "while_down": 0}
    dispatch = WorkoutSessionViewSet.dispatch

    def gated(self, request, *args, **kwargs):
        if request.method != "POST":
            return dispatch(self, request, *args, **kwargs)
        if state["down"]:
            state["while_down"] += 1
            response = HttpResponse(status=503)
        else:
            response = dispatch(self, request, *args, **kwargs)
        state["answers"].append(response.status_code)
        return response

    monkeypatch.setattr(WorkoutSessionViewSet, "dispatch", gated)
    return state


def go_offline(page, sessions_api):
    sessions_api["down"] = True
    page.context.set_offline(True)


def go_online(page, sessions_api):
    sessions_api["down"] = False
    page.context.set_offline(False)


def wait_until(condition, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting until {what}")
        time.sleep(0.1)


def controlled(page) -> None:
    """Wait until the service worker is active and controls the page. Its first install
    fetches every script and style it keeps, after the page has loaded: on a busy machine
    that takes a while."""
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=60_000)


def keep_plan_offline(page, live_server, plan) -> None:
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name="Keep offline").click()
    expect(page.get_by_text("will be kept on this device")).to_be_visible()
    badge = page.locator("[data-offline-badge]")
    expect(badge).to_contain_text("Available offline on this device since", timeout=30_000)
    expect(page.locator("[data-offline-storage]")).to_contain_text("Plans kept offline use")


def test_member_keeps_a_plan_offline_plays_and_saves_with_no_connection_and_it_is_stored_once(
    page, live_server, day, member, sessions_api
):
    plan = day.plan
    start = datetime.now(UTC).replace(microsecond=0)
    page.clock.install(time=start)
    log_in(page, live_server, plan.get_absolute_url())
    controlled(page)
    keep_plan_offline(page, live_server, plan)
    violations = axe_check(page)
    assert not violations, "axe on the plan page's offline badge:\n" + format_violations(violations)

    go_offline(page, sessions_api)
    # The installed app opens on the plans list; the plan, its day and the player follow.
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_role("link", name=plan.name)).to_be_visible()
    expect(page.locator("[data-offline-badge]")).to_contain_text("Available offline")
    page.get_by_role("link", name=plan.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.name)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.name)
    page.goto(f"{live_server.url}/plans/days/{day.pk}/play/")
    page.clock.pause_at(start + timedelta(minutes=10))
    play_to_summary(page)
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_role("status").filter(has_text="waiting to sync")).to_be_visible()

    kept = kept_sessions(page)
    assert [(entry["owner"], len(entry["payload"]["entries"])) for entry in kept] == [
        (member_tag(member), 3)
    ]
    session_id = kept[0]["id"]

    # History, opened with no connection, lists it as waiting.
    page.goto(f"{live_server.url}/plans/history/")
    row = page.locator(f".queue-row[data-session-id='{session_id}']")
    expect(row).to_contain_text("waiting to sync.")

    # Back online: the open page sends it, once. Time flows again (the clock was paused for
    # the player): the first try may still meet the worker offline, since Chromium reconnects
    # the worker a moment after the page, and then the page tries again after its backoff.
    page.clock.resume()
    go_online(page, sessions_api)
    box = page.locator("[data-session-queue]")
    expect(box).to_contain_text(
        "1 session kept on this device earlier is now saved to your log.", timeout=20_000
    )
    expect(row).to_have_count(0)
    assert kept_sessions(page) == []
    session = WorkoutSession.objects.get()
    assert (str(session.client_id), session.owner, session.plan_day) == (session_id, member, day)
    assert session.entries.count() == 3

    # Whatever still tries (the service worker, another visit) stores nothing new.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush-sessions'})")
    page.reload()
    expect(page.locator(f"a[href='/plans/sessions/{session_id}/']").first).to_be_visible()
    assert WorkoutSession.objects.count() == 1


def test_the_worker_sends_a_kept_session_in_the_background_once_the_connection_returns(
    page, live_server, day, member, sessions_api
):
    log_in(page, live_server, "/plans/")
    controlled(page)
    go_offline(page, sessions_api)
    payload = {
        "id": "6f1c2a4e-3b5d-4c7e-9a8b-1d2e3f405162",
        "plan_day": day.pk,
        "started_at": "2026-01-05T08:00:00Z",
        "ended_at": "2026-01-05T08:10:00Z",
        "entries": [{"exercise": "pigeon-pose", "side": "left", "hold_seconds": 30}],
    }
    queued = page.evaluate(
        "async payload => (await import('/static/js/session-queue.js')).queueSession(payload)",
        payload,
    )
    assert queued is True
    # The page is closed before it could send it: only the worker is left to do so.
    page.goto("about:blank")
    go_online(page, sessions_api)
    page.goto(f"{live_server.url}/offline/")
    controlled(page)
    # What Background Sync runs ("forge-sessions"), asked for directly: the browser decides
    # itself when a sync fires, which a test cannot wait for.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush-sessions'})")
    wait_until(lambda: WorkoutSession.objects.exists(), "the worker stored the session")
    page.wait_for_function("async () => (await self.forgeQueue.listSessions('')).length === 0")
    session = WorkoutSession.objects.get()
    assert (str(session.client_id), session.owner) == (payload["id"], member)


def test_a_second_member_on_the_same_browser_never_sends_the_first_ones_queue_and_signing_out_wipes_it(  # noqa: E501
    page, live_server, day, member, sessions_api
):
    other = UserFactory(email="second@example.org", password=PASSWORD)
    plan = day.plan
    log_in(page, live_server, plan.get_absolute_url())
    controlled(page)
    keep_plan_offline(page, live_server, plan)
    go_offline(page, sessions_api)
    payload = {
        "id": "0b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f",
        "plan_day": day.pk,
        "started_at": "2026-01-05T08:00:00Z",
        "ended_at": "2026-01-05T08:10:00Z",
        "entries": [{"exercise": "pigeon-pose", "side": "left", "hold_seconds": 30}],
    }
    page.evaluate(
        "async payload => (await import('/static/js/session-queue.js')).queueSession(payload)",
        payload,
    )
    # The first member's sign-in ends without signing out (it expired); the second signs in.
    page.goto("about:blank")
    page.context.clear_cookies()
    go_online(page, sessions_api)
    sent_before = len(sessions_api["answers"])
    page.goto(f"{live_server.url}/accounts/login/?next=/plans/history/")
    page.get_by_label("Email address").fill("second@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/plans/history/")
    controlled(page)
    # The second member's pages neither list nor send it...
    expect(page.locator(".queue-row")).to_have_count(0)
    # ...and the worker, which sends each session with its own member's tag, is refused.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush-sessions'})")
    wait_until(lambda: len(sessions_api["answers"]) > sent_before, "the worker tried to send it")
    # Refused each time: the first member's CSRF token died with their sign-in (401 or 403,
    # depending on whether a Background Sync retry went out before or after the second
    # member signed in); were it still good, the Forge-Member tag would get a 409
    # (tests/plans/test_offline_views.py).
    assert [answer for answer in sessions_api["answers"][sent_before:] if answer < 400] == []
    assert WorkoutSession.objects.count() == 0
    assert [entry["owner"] for entry in kept_sessions(page)] == [member_tag(member)]
    assert member_tag(other) != member_tag(member)

    # Signing out wipes what this browser kept: sessions, plans and their pages.
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/(\?.*)?$"))
    page.wait_for_function("() => !!self.forgeQueue")
    assert page.evaluate(KEPT_SESSIONS) == []
    assert page.evaluate("() => self.forgeQueue.listPlans('')") == []
    names = page.evaluate(CACHE_NAMES)
    assert not [name for name in names if name.startswith(("forge-plan-", "forge-pages"))]


def test_a_visitor_offline_reads_the_pages_visited_and_gets_a_list_of_them_for_the_rest(
    page, live_server, catalogue
):
    page.goto(f"{live_server.url}/exercise/pigeon-pose/")
    controlled(page)
    page.reload()  # now through the worker, which keeps a copy
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pigeon Pose")
    page.wait_for_function(
        "async () => (await (await caches.open('forge-pages')).keys())"
        ".some(r => r.url.endsWith('/exercise/pigeon-pose/'))"
    )
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/exercise/pigeon-pose/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pigeon Pose")
    page.goto(f"{live_server.url}/exercise/bodyweight-squat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    pages = page.locator("[data-offline-pages]")
    expect(pages.get_by_role("link", name=re.compile("Pigeon Pose"))).to_be_visible()
    violations = axe_check(page)
    assert not violations, "axe on the offline page:\n" + format_violations(violations)
    page.context.set_offline(False)


WORKER_VERSION = """() => new Promise(resolve => {
  const channel = new MessageChannel();
  channel.port1.onmessage = event => resolve(event.data);
  navigator.serviceWorker.controller.postMessage({type: "version"}, [channel.port2]);
})"""


def test_a_new_release_offers_a_reload_and_the_page_reloads_into_it(
    page, live_server, catalogue, settings
):
    page.goto(f"{live_server.url}/")
    controlled(page)
    prompt = page.locator("[data-pwa-update]")
    expect(prompt).to_be_hidden()
    assert page.evaluate(WORKER_VERSION) == pwa.worker_version(pwa.precache_entries())

    settings.PWA_RELEASE = "next"  # as a release that changed the worker
    new_version = pwa.worker_version(pwa.precache_entries())
    page.evaluate("window.forgeTestMarker = 1")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    expect(prompt).to_be_visible(timeout=20_000)
    expect(prompt).to_contain_text("A new version of Forge is ready.")
    # Until the member chooses, the page stays as it was, under the worker it came with.
    assert page.evaluate("window.forgeTestMarker") == 1
    assert page.evaluate(WORKER_VERSION) != new_version
    prompt.get_by_role("button", name="Reload").click()
    page.wait_for_function("() => window.forgeTestMarker === undefined")
    controlled(page)
    expect(page.locator("[data-pwa-update]")).to_be_hidden()
    assert page.evaluate(WORKER_VERSION) == new_version
