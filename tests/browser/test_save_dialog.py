"""Saving and sharing in a real browser: the save dialog from a listing card and from the exercise
page, the question before a second copy, the share link's copy button and the print button."""

import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from plans.models import PlanItem
from plans.services import plans as services
from tests.browser.conftest import PHONE, VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

EMAIL = "saver@example.org"


@pytest.fixture
def plan(catalogue):
    """A member whose “Morning mobility” holds the Lying Glutes Stretch on Day 1."""
    member = UserFactory(email=EMAIL, password=PASSWORD)
    plan = services.plan_create(owner=member, name="Morning mobility")
    services.plan_add_exercise(
        plan=plan, exercise=Exercise.objects.get(slug="lying-glutes-stretch")
    )
    services.plan_day_add(plan=plan, name="Day 2")
    return plan


def log_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def _place(page, locator) -> dict:
    """Where an element sits on the page (not in the viewport, which scrolls) and its size."""
    box = locator.bounding_box()
    return {**box, "y": box["y"] + page.evaluate("() => window.scrollY")}


def _assert_no_serious_violations(page, where: str) -> None:
    violations = axe_check(page)
    assert not violations, f"axe on {where}:\n" + format_violations(violations)


def day_one_names(plan) -> list[str]:
    return list(
        PlanItem.objects.filter(day__plan=plan, day__position=1)
        .order_by("position")
        .values_list("exercise__name", flat=True)
    )


def test_saving_from_a_listing_card_opens_a_dialog_and_leaves_the_card_as_it_was(
    page, live_server, plan
):
    log_in(page, live_server)
    # A search keeps the card on the first page whatever the catalogue's size.
    page.goto(live_server.url + "/exercises/category/stretching/?search=hip")
    card = page.locator(".card").filter(
        has=page.get_by_role("link", name="Pigeon Pose", exact=True)
    )
    before = _place(page, card)
    address = page.url

    card.get_by_role("link", name="Save to plan: Pigeon Pose").click()

    dialog = page.get_by_role("dialog", name="Save Pigeon Pose")
    expect(dialog).to_be_visible()
    expect(dialog).not_to_contain_text("Already in")
    target = dialog.get_by_label("Save to")
    expect(target).to_be_focused()
    expect(target.locator("option:checked")).to_have_text("Morning mobility — Day 1")
    # “New plan name” shows only while “A new plan…” is chosen.
    new_name = dialog.get_by_label("New plan name")
    expect(new_name).to_be_hidden()
    target.select_option(label="A new plan…")
    expect(new_name).to_be_visible()
    target.select_option(label="Morning mobility — Day 1")
    expect(new_name).to_be_hidden()
    _assert_no_serious_violations(page, "the save dialog")

    dialog.get_by_role("button", name="Save to my plan").click()

    expect(dialog.get_by_role("status")).to_have_text("Saved to Morning mobility — Day 1.")
    open_plan = dialog.get_by_role("link", name="Open Morning mobility")
    expect(open_plan).to_have_attribute("href", re.compile(rf"^/plans/{plan.pk}/#item-\d+$"))
    assert page.url == address, "saving in the dialog should not navigate"
    assert day_one_names(plan) == ["Lying Glutes Stretch", "Pigeon Pose"]

    dialog.get_by_role("button", name="Done").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(card.get_by_role("link", name="Save to plan: Pigeon Pose")).to_be_focused()
    assert _place(page, card) == before, "the card changed size or place"


def test_saving_from_the_exercise_page_says_where_it_is_and_asks_before_a_second_copy(
    page, live_server, plan
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server)
    page.goto(live_server.url + "/exercise/lying-glutes-stretch/")
    save = page.get_by_role("link", name="Save to my plan")
    follow = page.get_by_role("link", name=re.compile(r"^Follow along"))
    # Beside the prescription and “Follow along”, well above the steps.
    expect(follow).to_have_attribute("href", "/exercise/lying-glutes-stretch/play/")
    steps = page.get_by_role("heading", name="How to perform")
    assert save.bounding_box()["y"] < steps.bounding_box()["y"]
    assert abs(save.bounding_box()["y"] - follow.bounding_box()["y"]) < 60

    save.click()

    dialog = page.get_by_role("dialog", name="Save Lying Glutes Stretch")
    expect(dialog.locator(".already-in")).to_have_text("Already in: Morning mobility — Day 1")
    target = dialog.get_by_label("Save to")
    expect(target.locator("option:checked")).to_have_text(
        "Morning mobility — Day 1 (already there)"
    )
    page.emulate_media(color_scheme="dark")
    _assert_no_serious_violations(page, "the save dialog on a phone, dark")
    dialog.get_by_role("button", name="Save to my plan").click()

    expect(dialog.locator(".ask-again")).to_have_text(
        "It is already in Morning mobility — Day 1. Add it a second time, or choose another day."
    )
    assert day_one_names(plan) == ["Lying Glutes Stretch"]
    dialog.get_by_role("button", name="Add it again").click()

    expect(dialog.get_by_role("status")).to_have_text("Saved to Morning mobility — Day 1.")
    assert day_one_names(plan) == ["Lying Glutes Stretch", "Lying Glutes Stretch"]
    dialog.get_by_role("link", name="Open Morning mobility").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/#item-\d+$"))
    expect(page.locator("#day-" + str(plan.days.get(position=1).pk))).to_have_text("Day 1")
    expect(page.locator("ol.items").first.locator(".item-name")).to_have_text(
        ["Lying Glutes Stretch", "Lying Glutes Stretch"]
    )


def test_the_save_page_works_without_javascript(browser, live_server, plan):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server)
        page.goto(live_server.url + "/exercise/pigeon-pose/")
        page.get_by_role("link", name="Save to my plan").click()
        expect(page).to_have_url(live_server.url + "/plans/save/pigeon-pose/")
        page.get_by_label("Save to").select_option(label="A new plan…")
        page.get_by_label("New plan name").fill("Hips")
        page.get_by_role("button", name="Save to my plan").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Hips")
        expect(page.get_by_role("status")).to_have_text("Pigeon Pose saved to “Hips”.")
        assert list(
            PlanItem.objects.filter(day__plan__name="Hips").values_list("exercise__slug", flat=True)
        ) == ["pigeon-pose"]
    finally:
        context.close()


def test_the_share_link_copies_and_the_print_view_prints(browser, live_server, plan):
    services.plan_share(plan=plan)
    plan.refresh_from_db()
    context = browser.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        log_in(page, live_server)
        page.goto(f"{live_server.url}/plans/{plan.pk}/")
        copy = page.locator(".share-link button")
        expect(copy).to_have_text("Copy link")
        copy.click()
        expect(copy).to_have_text("Copied")
        expect(page.locator(".share-link").get_by_role("status")).to_have_text(
            "Copied to the clipboard."
        )
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == live_server.url + plan.get_share_url()
        page.emulate_media(color_scheme="dark")
        _assert_no_serious_violations(page, "the plan page, dark")

        page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; }")
        page.goto(f"{live_server.url}/plans/{plan.pk}/print/")
        page.get_by_role("button", name="Print").click()
        assert page.evaluate("() => window.printed") == 1
        expect(page.locator(".print-steps").first.locator("li").first).to_contain_text(
            "Lie face up"
        )
        _assert_no_serious_violations(page, "the print view, dark")
    finally:
        context.close()
