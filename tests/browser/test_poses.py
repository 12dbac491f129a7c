"""Drawn poses in Chromium: the player moves the figure from start to end within the hold,
visitors who prefer less motion keep the still pair, and pages with drawings pass axe."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser.conftest import PHONE, PROJECT, VIEWPORT, axe_check, format_violations
from tests.browser.player.helpers import open_player
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("FORGE_SHOTS_DIR") or PROJECT / "test-artifacts")
PIGEON = "/exercise/pigeon-pose/play/"  # a 45 s hold on each side, drawn kneeling


@pytest.fixture
def drawn(catalogue):
    call_command("load_poses", verbosity=0)


def hip_rotation(page) -> float:
    """The working (right) hip's turn in the moving figure, in SVG degrees."""
    return page.evaluate(
        """() => {
          const group = document.querySelector('#player-media [data-joint="right.hip"]');
          const m = group.transform.baseVal.consolidate().matrix;
          return Math.atan2(m.b, m.a) * 180 / Math.PI;
        }"""
    )


def test_the_player_moves_the_figure_from_start_to_end_within_the_hold(page, live_server, drawn):
    open_player(page, live_server, PIGEON, member=False)
    page.get_by_role("button", name="Start").click()
    box = page.locator("#player-media .pose--player")
    expect(box).to_have_class("pose pose--player is-animated")
    expect(box.locator("figure[data-position='end']")).to_be_hidden()
    # Getting ready: the start position (right hip 100°, drawn as a -100° turn).
    assert hip_rotation(page) == pytest.approx(-100, abs=0.01)

    page.clock.run_for(5_000 + 100)  # into the hold
    assert hip_rotation(page) == pytest.approx(-100, abs=1)
    page.clock.run_for(7_500)  # half-way through the move (a third of the 45 s hold)
    assert -150 < hip_rotation(page) < -100
    page.clock.run_for(10_000)  # past the first third: the end position, held
    assert hip_rotation(page) == pytest.approx(-150, abs=0.01)
    # The figure stays on the floor while it moves: its lowest point is the floor line.
    lowest, floor = page.evaluate(
        """() => {
          const svg = document.querySelector('#player-media svg');
          const floor = svg.querySelector('.pose-floor').y1.baseVal.value;
          const figure = svg.querySelector('.pose-figure');
          const box = figure.getBBox();
          const m = figure.transform.baseVal.consolidate().matrix;
          return [m.d * (box.y + box.height) + m.f, floor];
        }"""
    )
    assert lowest == pytest.approx(floor, abs=0.5)


def test_reduced_motion_keeps_the_still_start_and_end_pair(page, live_server, drawn):
    page.emulate_media(reduced_motion="reduce")
    open_player(page, live_server, PIGEON, member=False)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(20_000)
    box = page.locator("#player-media .pose--player")
    expect(box).to_have_class("pose pose--player")
    expect(box.locator("figure")).to_have_count(2)
    expect(box.locator("figure[data-position='end']")).to_be_visible()
    assert hip_rotation(page) == pytest.approx(-100, abs=0.01)  # untouched: the server's start


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/exercise/bodyweight-squat/", "/exercises/legs/"])
def test_pages_with_drawings_pass_axe_and_are_photographed(page, live_server, drawn, path, scheme):
    page.emulate_media(color_scheme=scheme)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("390", PHONE), ("1280", VIEWPORT)):
        page.set_viewport_size(viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok
        expect(page.locator("svg.pose-svg").first).to_be_visible()
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(SHOTS / f"pose-{name}-{width}-{scheme}.png"), full_page=True)
        violations = axe_check(page)
        assert not violations, f"axe on {path} at {width}px, {scheme}:\n" + format_violations(
            violations
        )


def test_editors_change_an_angle_and_see_the_preview_then_save_it(page, live_server, drawn):
    editor = UserFactory.create(email="editor@example.org", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    squat = Exercise.objects.get(slug="bodyweight-squat")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/admin/exercises/exercise/{squat.pk}/change/")
    page.locator("summary", has_text="Drawn pose").click()
    preview = page.locator(".pose-editor-preview svg")
    expect(preview).to_have_count(2)

    knee = page.get_by_label("end left knee", exact=True)
    knee.fill("90")
    expect(page.locator("#id_pose")).to_have_value(re.compile(r'"knee":90'))
    expect(preview.nth(1)).to_have_attribute(
        "aria-label", "Preview of the Bodyweight Squat, end position"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".pose-editor").screenshot(path=str(SHOTS / "pose-admin-editor-1280-light.png"))
    page.get_by_label("end left elbow", exact=True).fill("400")
    expect(page.locator(".pose-editor-errors li")).to_have_text(
        "end.left.elbow: must be between 0 and 165 degrees."
    )
    page.get_by_label("end left elbow", exact=True).fill("0")
    expect(page.locator(".pose-editor-errors")).to_be_hidden()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    squat.refresh_from_db()
    assert squat.pose["end"]["left"]["knee"] == 90
    # Nothing refused by the CSP, no script error: only the browser's note of the one 400.
    assert errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
