"""The history pages in a real browser: axe, screenshots, and sessions queued on the device."""

import json
import re
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from plans.models import WorkoutSession
from plans.services.sessions import EntryInput
from tests.browser.conftest import PHONE, VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD
from tests.factories import UserFactory, WorkoutSessionFactory

pytestmark = pytest.mark.browser

SHOTS = Path("/work/notes/shots")
EMAIL = "history@example.org"
# Where the player kept sessions before they moved to IndexedDB (static/js/queue-core.js).
# The tests seed it, as a browser updated from that release holds it, and each page load moves
# the signed-in member's entries (filed under their id) into IndexedDB under their offline tag.
LEGACY_KEY = "forge.pendingSessions"
KEPT = "async () => { await self.forgeQueue.open(); return self.forgeQueue.listSessions(''); }"


def _kept(page) -> list[dict]:
    page.wait_for_function("() => !!self.forgeQueue")
    return page.evaluate(KEPT)


def _noon(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def member(catalogue):
    return UserFactory(email=EMAIL, password=PASSWORD)


@pytest.fixture
def logged(member):
    """Nine sessions over five weeks: Lying Glutes Stretch climbing to the top of its range
    (60 s) on both sides, Pigeon Pose with the left side lagging, squats for reps."""
    glutes = Exercise.objects.get(slug="lying-glutes-stretch")
    pigeon = Exercise.objects.get(slug="pigeon-pose")
    squat = Exercise.objects.get(slug="bodyweight-squat")
    plan = [
        (33, 30, 30, 30, 32, 8),
        (26, 35, 30, 40, 36, 10),
        (19, 40, 40, 25, 38, 10),
        (12, 45, 50, 30, 40, 12),
        (6, 50, 55, 35, 45, 12),
        (4, 55, 60, 30, 45, 12),
        (2, 60, 60, 32, 45, 14),
        (1, 60, 62, 33, 45, 14),
        (0, 61, 60, 34, 46, 15),
    ]
    for days_ago, g_left, g_right, p_left, p_right, reps in plan:
        start = _noon(days_ago)
        WorkoutSessionFactory(
            owner=member,
            started_at=start,
            ended_at=start + timedelta(minutes=14),
            entries=[
                EntryInput(exercise=glutes, side="left", hold_seconds=g_left, rating=6),
                EntryInput(exercise=glutes, side="right", hold_seconds=g_right, rating=5),
                EntryInput(exercise=pigeon, side="left", hold_seconds=p_left),
                EntryInput(exercise=pigeon, side="right", hold_seconds=p_right),
                EntryInput(exercise=squat, reps=reps, note="Slow and deep" if reps > 12 else ""),
            ],
        )
    return member


def _log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + next_path)


def _check_and_shoot(page, name: str) -> None:
    """axe at 390 px and 1280 px, light and dark, with a full-page screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("390", PHONE), ("1280", VIEWPORT)):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.screenshot(
                path=str(SHOTS / f"history-{name}-{width}-{scheme}.png"), full_page=True
            )
            violations = axe_check(page)
            assert not violations, f"axe on {name} at {width}px, {scheme}:\n" + format_violations(
                violations
            )
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(VIEWPORT)


def test_the_history_page_has_no_serious_accessibility_violations(page, live_server, logged):
    _log_in(page, live_server, "/plans/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your history")
    stats = page.locator(".history-stats > div")
    expect(stats).to_have_text(
        [
            "Current streak3 days",
            "Longest streak3 days",
            re.compile("This week"),
            re.compile("month"),
        ]
    )
    calendar = page.get_by_role("table", name=re.compile(r"^Days trained in "))
    expect(calendar.get_by_role("link", name=re.compile(r"trained: 1 session"))).not_to_have_count(
        0
    )
    _check_and_shoot(page, "page")

    # A trained day's link opens its month with the day's session in view.
    calendar.get_by_role("link", name=re.compile(r"trained: 1 session")).last.click()
    expect(page).to_have_url(re.compile(r"/plans/history/\?month=\d{4}-\d{2}#day-"))
    expect(page.locator(".session-row:target")).to_be_visible()


def test_the_exercise_page_has_no_serious_accessibility_violations(page, live_server, logged):
    _log_in(page, live_server, "/plans/history/pigeon-pose/")
    page.wait_for_load_state("load")  # the stylesheet shows one of the two charts
    chart = page.get_by_role("img", name="Pigeon Pose: hold seconds per session")
    expect(chart).to_be_visible()
    expect(page.get_by_text("Your left side has lagged behind")).to_be_visible()
    page.get_by_text("The chart’s values as a table").click()
    expect(page.locator(".chart-data tbody tr")).to_have_count(9)
    _check_and_shoot(page, "pigeon")

    page.goto(live_server.url + "/plans/history/lying-glutes-stretch/")
    expect(
        page.get_by_text("You could move on to a harder variation: Pigeon Pose.")
    ).to_be_visible()
    _check_and_shoot(page, "glutes")


def test_the_history_page_moves_a_session_kept_in_local_storage_and_saves_it_once(
    page, live_server, member
):
    glutes_id = uuid.uuid4()
    started = timezone.now() - timedelta(hours=2)
    payload = {
        "id": str(glutes_id),
        "plan_day": None,
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=5)).isoformat(),
        "entries": [
            {
                "exercise": "lying-glutes-stretch",
                "side": "left",
                "hold_seconds": 30,
                "reps": None,
                "rating": None,
                "note": "",
            }
        ],
    }
    # The second was kept for another member on this device: it is not this member's to send.
    theirs = {**payload, "id": str(uuid.uuid4())}
    queued = [
        {
            "payload": payload,
            "saveUrl": "/api/v1/sessions/",
            "owner": str(member.pk),
            "queuedAt": started.isoformat(),
        },
        {
            "payload": theirs,
            "saveUrl": "/api/v1/sessions/",
            "owner": str(member.pk + 1000),
            "queuedAt": started.isoformat(),
        },
    ]
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{"
        f"  localStorage.setItem({json.dumps(LEGACY_KEY)}, {json.dumps(json.dumps(queued))});"
        f"  sessionStorage.setItem('seeded', '1');"
        f"}}"
    )
    _log_in(page, live_server, "/plans/history/")
    expect(page.locator(".history-queue")).to_contain_text(
        "1 session kept on this device earlier is now saved to your log."
    )
    # The other member's stays where it was, for that member's next visit.
    left = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(LEGACY_KEY)})"))
    assert [entry["payload"]["id"] for entry in left] == [theirs["id"]]
    assert _kept(page) == []
    page.reload()
    expect(page.locator(f"a[href='/plans/sessions/{glutes_id}/']")).to_have_count(1)
    assert WorkoutSession.objects.filter(owner=member).count() == 1
    assert WorkoutSession.objects.get().client_id == glutes_id


def _queued(member, *, exercise="lying-glutes-stretch") -> dict:
    started = timezone.now() - timedelta(hours=2)
    payload = {
        "id": str(uuid.uuid4()),
        "plan_day": None,
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=5)).isoformat(),
        "entries": [{"exercise": exercise, "side": "left", "hold_seconds": 30}],
    }
    return {
        "payload": payload,
        "saveUrl": "/api/v1/sessions/",
        "owner": str(member.pk),
        "queuedAt": started.isoformat(),
    }


def _seed(page, entries) -> None:
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{"
        f"  localStorage.setItem({json.dumps(LEGACY_KEY)}, {json.dumps(json.dumps(entries))});"
        f"  sessionStorage.setItem('seeded', '1');"
        f"}}"
    )


def test_the_history_queue_keeps_a_session_through_outages_and_sends_it_when_forge_is_back(
    page, live_server, member
):
    entry = _queued(member)
    _seed(page, [entry])
    answers = []

    def outage(route):
        # A dropped connection first, then the database restarting (503), then back.
        answers.append(route.request.method)
        if len(answers) == 1:
            route.abort()
        elif len(answers) == 2:
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"detail": "Soon."})
        else:
            route.continue_()

    page.route("**/api/v1/sessions/", outage)
    _log_in(page, live_server, "/plans/history/")
    box = page.locator(".history-queue")
    expect(box).to_contain_text("1 session still waits on this device")
    expect(box.locator(".queue-row")).to_contain_text("waiting to sync.")
    # Backoff (2 s, then 4 s) brings it in without a reload.
    expect(box).to_contain_text(
        "1 session kept on this device earlier is now saved to your log.", timeout=15_000
    )
    assert answers == ["POST", "POST", "POST"]
    assert page.evaluate(f"localStorage.getItem({json.dumps(LEGACY_KEY)})") is None
    assert _kept(page) == []
    assert str(WorkoutSession.objects.get(owner=member).client_id) == entry["payload"]["id"]


def test_a_session_the_server_refuses_stays_with_the_reason_beside_it(page, live_server, member):
    refused = _queued(member, exercise="no-such-exercise")
    good = _queued(member)
    _seed(page, [refused, good])
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/api/v1/sessions/" in r.url else None)
    _log_in(page, live_server, "/plans/history/")
    box = page.locator(".history-queue")
    expect(box).to_contain_text("1 session kept on this device earlier is now saved to your log.")
    expect(box).to_contain_text("1 session kept on this device could not be saved")
    row = box.locator(f".queue-row[data-session-id='{refused['payload']['id']}']")
    expect(row).to_contain_text("not saved.")
    expect(row).to_contain_text("no-such-exercise")
    assert [(e["payload"]["id"], e["refused"]["status"]) for e in _kept(page)] == [
        (refused["payload"]["id"], 400)
    ]
    # Not sent again by itself, nor on the next visit: it waits for the member.
    page.reload()
    expect(row).to_be_visible()
    assert len(requests) == 2
    row.get_by_role("button", name="Remove from this device").click()
    expect(row).to_have_count(0)
    assert _kept(page) == []
    assert WorkoutSession.objects.filter(owner=member).count() == 1


def test_the_empty_history_pages_have_no_serious_accessibility_violations(
    page, live_server, member
):
    _log_in(page, live_server, "/plans/history/")
    expect(page.get_by_text("No sessions logged yet.")).to_be_visible()
    _check_and_shoot(page, "empty")
    page.goto(live_server.url + "/plans/history/pigeon-pose/")
    expect(page.get_by_text("No sessions with Pigeon Pose yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Follow along with Pigeon Pose")).to_have_attribute(
        "href", "/exercise/pigeon-pose/play/"
    )
    _check_and_shoot(page, "pigeon-empty")


def test_the_whole_exercise_list_opens_from_the_history_page(page, live_server, logged):
    """With more than 20 exercises logged, the history page lists the 20 most recent and links
    to the page that lists them all, in the same rows, under the same breadcrumbs."""
    from tests.factories import ExerciseFactory

    start = _noon(40)
    WorkoutSessionFactory(
        owner=logged,
        started_at=start,
        ended_at=start + timedelta(minutes=30),
        entries=[
            EntryInput(exercise=ExerciseFactory(name=f"Older Move {n:02d}", stretch=True), reps=5)
            for n in range(20)
        ],
    )
    _log_in(page, live_server, "/plans/history/")
    expect(page.locator(".exercise-log-list li")).to_have_count(20)
    page.get_by_role("link", name="All 23 exercises").click()
    expect(page).to_have_url(live_server.url + "/plans/history/exercises/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your exercises")
    expect(page.locator(".exercise-log-list li")).to_have_count(23)
    expect(page.locator(".exercise-log-list li").first).to_contain_text("Bodyweight Squat")
    _check_and_shoot(page, "exercises")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="History").click()
    expect(page).to_have_url(live_server.url + "/plans/history/")
