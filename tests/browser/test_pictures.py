"""Pictures in a real browser: the starter catalogue with its shipped photos, on a phone.

A listing stays light (under 300 KB of pictures on first view at 390 px), every picture has
its size set (nothing shifts as it loads), pictures below the first screenful load lazily,
the browser picks WebP, and axe finds nothing serious on pages with pictures.
"""

import pytest
from django.core.management import call_command

from tests.browser.conftest import PHONE, STARTER_CATALOGUE, VIEWPORT, axe_check, format_violations

pytestmark = pytest.mark.browser

STARTER_IMAGES = STARTER_CATALOGUE.parent / "images"
PICTURED = "/exercise/childs-pose/"
# Most of the starter's dumbbell exercises ship a photo.
LISTING = "/exercises/equipment/dumbbell/"
BUDGET = 300 * 1024


@pytest.fixture
def pictured_catalogue(django_db_serialized_rollback, transactional_db):
    call_command(
        "import_exercises", str(STARTER_CATALOGUE), "--images", str(STARTER_IMAGES), verbosity=0
    )


def _picture_bytes(page, url: str) -> tuple[int, list[str]]:
    sizes: dict[str, int] = {}

    def record(response):
        if response.request.resource_type == "image" and "/media/" in response.url:
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    return sum(sizes.values()), sorted(sizes)


@pytest.mark.parametrize("path", ["/", LISTING, "/exercises/"])
def test_a_listing_loads_under_300_kb_of_pictures_at_390_px(
    browser, live_server, pictured_catalogue, path
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    total, urls = _picture_bytes(page, live_server.url + path)
    context.close()

    assert urls, f"{path} showed no picture"
    assert all(url.endswith(".webp") for url in urls), urls
    assert total < BUDGET, f"{path}: {total:,} bytes of pictures in {len(urls)} files"


@pytest.mark.parametrize("path", [LISTING, PICTURED])
def test_every_picture_has_its_size_set_and_those_below_the_fold_load_lazily(
    browser, live_server, pictured_catalogue, path
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + path, wait_until="networkidle")
    pictures = page.eval_on_selector_all(
        "main img",
        """imgs => imgs.map(img => ({
            width: img.getAttribute('width'), height: img.getAttribute('height'),
            loading: img.getAttribute('loading'),
            below: img.getBoundingClientRect().top > window.innerHeight,
            shown: img.complete && img.naturalWidth > 0 || img.loading === 'lazy',
        }))""",
    )
    context.close()

    assert pictures
    assert all(p["width"] and p["height"] for p in pictures), pictures
    assert all(p["loading"] == "lazy" for p in pictures if p["below"]), pictures
    assert all(p["shown"] for p in pictures), pictures


@pytest.mark.parametrize(
    ("path", "viewport"),
    [(LISTING, PHONE), (PICTURED, PHONE), (PICTURED, VIEWPORT)],
    ids=["listing-phone", "exercise-phone", "exercise"],
)
def test_pages_with_pictures_have_no_serious_accessibility_violations(
    browser, live_server, pictured_catalogue, path, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + path, wait_until="networkidle")
    violations = axe_check(page)
    context.close()
    assert not violations, f"axe on {path}:\n" + format_violations(violations)


def test_the_player_shows_the_start_then_the_end_position(browser, live_server, pictured_catalogue):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(live_server.url + "/exercise/childs-pose/play/", wait_until="networkidle")
    page.get_by_role("button", name="Start").first.click()

    start = page.locator("#player-media .player-picture[data-role='start']")
    end = page.locator("#player-media .player-picture[data-role='end']")
    assert start.is_visible() and not end.is_visible()  # getting ready: the start position
    page.get_by_role("button", name="Skip").click()
    end.wait_for(state="visible")
    assert not start.is_visible()
    context.close()
