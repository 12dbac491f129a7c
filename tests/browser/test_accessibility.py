"""axe-core finds no serious or critical accessibility violations on Forge's main pages."""

import pytest

from tests.browser.conftest import PHONE, VIEWPORT, axe_check, format_violations

pytestmark = pytest.mark.browser

EXERCISE = "/exercise/lying-glutes-stretch/"


@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        ("/", VIEWPORT),
        ("/exercises/", VIEWPORT),
        ("/exercises/legs/", VIEWPORT),
        (EXERCISE, VIEWPORT),
        (EXERCISE, PHONE),
    ],
    ids=["home", "exercise-list", "body-part-listing", "exercise", "exercise-phone"],
)
def test_page_has_no_serious_accessibility_violations(page, live_server, catalogue, path, viewport):
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    violations = axe_check(page)
    assert not violations, f"axe on {path} at {viewport['width']}px:\n" + format_violations(
        violations
    )


@pytest.mark.parametrize(
    ("path", "viewport"),
    [("/", VIEWPORT), (EXERCISE, VIEWPORT), (EXERCISE, PHONE)],
    ids=["home", "exercise", "exercise-phone"],
)
def test_page_has_no_serious_accessibility_violations_in_dark_mode(
    page, live_server, catalogue, path, viewport
):
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    # The dark palette is in force (not a page that ignores the preference).
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 20, 18)", background
    violations = axe_check(page)
    assert not violations, f"axe on {path} at {viewport['width']}px, dark:\n" + format_violations(
        violations
    )
