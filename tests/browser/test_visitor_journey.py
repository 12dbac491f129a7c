"""A visitor's way through Forge in a real browser: search, filter, read, follow links."""

import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser.conftest import VIEWPORT

pytestmark = pytest.mark.browser


def _legs_names() -> set[str]:
    return set(
        Exercise.objects.filter(body_part__slug="legs", status="published").values_list(
            "name", flat=True
        )
    )


def test_visitor_searches_filters_opens_an_exercise_and_follows_a_related_link(
    page, live_server, catalogue
):
    legs = _legs_names()
    assert "Lying Glutes Stretch" in legs and "Push-Up" not in legs

    # Search from the home page.
    page.goto(live_server.url + "/")
    search = page.locator("form.hero-search").get_by_role("searchbox", name="Search exercises")
    search.fill("glute stretch lying")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/exercises/\?search=glute\+stretch\+lying"))
    expect(
        page.locator("#results").get_by_role("link", name="Lying Glutes Stretch", exact=True)
    ).to_be_visible()

    # Filter the full listing by body part; htmx swaps the results in place.
    page.goto(live_server.url + "/exercises/")
    cards = page.locator("#results .card-title a")
    expect(cards.first).to_be_visible()
    assert set(cards.all_inner_texts()) - legs, "the unfiltered first page should not be all legs"
    page.get_by_label("Body part").select_option(label="Legs")
    expect(page).to_have_url(re.compile(r"[?&]body_part=legs(&|$)"))
    # The count in the heading changes only once the new results are in.
    expect(page.locator("#results-heading")).to_have_text(f"{len(legs)} exercises")
    expect(cards.filter(has_text="Push-Up")).to_have_count(0)
    titles = cards.all_inner_texts()
    assert titles, "no result cards after filtering by Legs"
    assert set(titles) <= legs, f"not legs exercises: {sorted(set(titles) - legs)}"

    # Legs fill several pages; a search narrows them without losing the body-part filter.
    page.locator("#id_search").fill("lying glutes")
    page.locator("#id_search").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]search=lying(\+|%20)glutes(&|$)"))
    expect(cards.filter(has_text="Lying Glutes Stretch")).to_have_count(1)
    assert set(cards.all_inner_texts()) <= legs

    # Open the exercise.
    page.locator("#results").get_by_role("link", name="Lying Glutes Stretch", exact=True).click()
    expect(page).to_have_url(re.compile(r"/exercise/lying-glutes-stretch/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lying Glutes Stretch")
    quick = page.get_by_role("region", name="Quick answer")
    expect(quick).to_be_visible()
    expect(quick.locator("p")).not_to_be_empty()
    steps = page.get_by_role("region", name="How to perform").locator("ol.steps > li")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 2
    expect(page).to_have_title(re.compile("Lying Glutes Stretch"))

    # Follow a related link to the body-part listing.
    page.get_by_role("link", name="More Legs Exercises", exact=True).click()
    expect(page).to_have_url(re.compile(r"/exercises/legs/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Legs exercises")
    expect(cards.first).to_be_visible()
    assert set(cards.all_inner_texts()) <= legs

    # The listing without its trailing slash redirects to the canonical address.
    page.goto(live_server.url + "/exercises/legs")
    expect(page).to_have_url(live_server.url + "/exercises/legs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Legs exercises")


def test_filters_work_without_javascript(browser, live_server, catalogue):
    stretches = set(
        Exercise.objects.filter(category__slug="stretching", status="published").values_list(
            "name", flat=True
        )
    )
    assert stretches
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/exercises/")
        page.get_by_label("Category").select_option(label="Stretching")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"[?&]category=stretching(&|$)"))
        expect(page.locator("#results-heading")).to_have_text(f"{len(stretches)} exercises")
        titles = page.locator("#results .card-title a").all_inner_texts()
        assert titles, "no result cards after filtering by Stretching"
        assert set(titles) <= stretches, f"not stretches: {sorted(set(titles) - stretches)}"
        expect(
            page.locator("#results").get_by_role("link", name="Push-Up", exact=True)
        ).to_have_count(0)
    finally:
        context.close()


def test_home_muscle_map_links_to_a_muscle_listing(page, live_server, catalogue):
    page.goto(live_server.url + "/")
    glutes = page.get_by_role("link", name="Glutes exercises", exact=True).first
    # The link's centre falls between the left and right glute shapes, so click a shape.
    glutes.locator(".mm-muscle").first.click()
    expect(page).to_have_url(re.compile(r"/exercises/muscle/glutes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Glutes exercises")
