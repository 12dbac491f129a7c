"""A member's way through Forge in a real browser: sign up, save, reorder, share, copy."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Plan, PlanItem
from tests.browser.conftest import VIEWPORT, axe_check, format_violations
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

FIRST_EMAIL = "first.member@example.org"
FIRST_PASSWORD = "a-sturdy-passphrase-42"
SECOND_EMAIL = "second.member@example.org"
PLAN_PAGE = re.compile(r"/plans/\d+/(#item-\d+)?$")


def _item_names(plan: Plan) -> list[str]:
    return list(
        PlanItem.objects.filter(day__plan=plan)
        .order_by("day__position", "position")
        .values_list("exercise__name", flat=True)
    )


def _assert_no_serious_violations(page, where: str) -> None:
    violations = axe_check(page)
    assert not violations, f"axe on {where}:\n" + format_violations(violations)


def _save_inline(page, live_server, slug: str, name: str) -> None:
    """Save from the exercise page: the save dialog loads the form and posts it in place."""
    page.goto(f"{live_server.url}/exercise/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("link", name="Save to my plan").click()
    dialog = page.get_by_role("dialog", name=f"Save {name}")
    target = dialog.get_by_label("Save to")
    expect(target).to_be_visible()  # the dialog is open: the no-JS link leads to a page
    expect(target.locator("option:checked")).to_have_text("Hip reset — Day 1")
    address = page.url
    dialog.get_by_role("button", name="Save to my plan").click()
    expect(dialog.get_by_role("status")).to_have_text("Saved to Hip reset — Day 1.")
    expect(dialog.get_by_role("link", name="Open Hip reset")).to_be_visible()
    assert page.url == address, "saving in the dialog should not navigate"
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_be_hidden()


def test_visitor_signs_up_saves_stretches_reorders_shares_and_another_member_copies(
    browser, page, live_server, catalogue
):
    second = UserFactory(email=SECOND_EMAIL, password=PASSWORD)

    # 1. A visitor opens a stretch, signs up from its save button and finishes the save.
    page.goto(live_server.url + "/exercise/lying-glutes-stretch/")
    page.get_by_role("link", name="Save to my plan").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your Forge account")
    page.get_by_label("Email address").fill(FIRST_EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(FIRST_PASSWORD)
    page.get_by_label("Password confirmation").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(live_server.url + "/plans/save/lying-glutes-stretch/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Save Lying Glutes Stretch")
    page.get_by_label("Save to").select_option(label="A new plan…")
    page.get_by_label("New plan name").fill("Hip reset")
    page.get_by_role("button", name="Save to my plan").click()
    expect(page).to_have_url(PLAN_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hip reset")
    names = page.locator("ol.items .item-name")
    expect(names).to_have_text(["Lying Glutes Stretch"])

    # 2. Two more stretches, saved in place from their exercise pages.
    _save_inline(page, live_server, "pigeon-pose", "Pigeon Pose")
    _save_inline(page, live_server, "butterfly-stretch", "Butterfly Stretch")

    # 3. Reorder on the plan page.
    page.goto(live_server.url + "/plans/")
    page.get_by_role("link", name="Hip reset", exact=True).click()
    expect(page).to_have_url(PLAN_PAGE)
    plan_url = page.url
    expect(names).to_have_text(["Lying Glutes Stretch", "Pigeon Pose", "Butterfly Stretch"])
    move_up = page.get_by_role("button", name="Move Butterfly Stretch up")
    move_up.click()
    expect(names).to_have_text(["Lying Glutes Stretch", "Butterfly Stretch", "Pigeon Pose"])
    move_up.click()
    expect(names).to_have_text(["Butterfly Stretch", "Lying Glutes Stretch", "Pigeon Pose"])
    expect(move_up).to_be_disabled()
    new_order = names.all_inner_texts()
    assert new_order == ["Butterfly Stretch", "Lying Glutes Stretch", "Pigeon Pose"]

    # 4. Share it.
    page.get_by_role("button", name="Create a share link").click()
    share_input = page.get_by_label("Share link")
    expect(share_input).to_have_value(re.compile(r"/plans/shared/[\w-]+/$"))
    share_url = share_input.input_value()
    assert share_url.startswith(live_server.url + "/plans/shared/")
    _assert_no_serious_violations(page, "the plan page")

    first_plan = Plan.objects.get(owner__email=FIRST_EMAIL)
    assert first_plan.name == "Hip reset" and first_plan.is_shared
    assert _item_names(first_plan) == new_order

    # 5. Another member, in a browser of their own, opens the link, logs in and copies.
    context = browser.new_context(viewport=VIEWPORT)
    try:
        other = context.new_page()
        other.goto(share_url)
        expect(other.get_by_role("heading", level=1)).to_have_text("Hip reset")
        shared_names = other.locator("ol.items .item-name")
        expect(shared_names).to_have_text(new_order)
        _assert_no_serious_violations(other, "the shared page")
        other.get_by_role("button", name="Log in to copy this plan").click()
        share_path = share_url.removeprefix(live_server.url)
        expect(other).to_have_url(f"{live_server.url}/accounts/login/?next={share_path}")
        other.get_by_label("Email address").fill(SECOND_EMAIL)
        other.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        other.get_by_role("button", name="Log in").click()

        expect(other).to_have_url(share_url)
        expect(other.get_by_role("heading", level=1)).to_have_text("Hip reset")
        expect(shared_names).to_have_text(new_order)
        _assert_no_serious_violations(other, "the shared page, logged in")
        other.get_by_role("button", name="Copy to my plans").click()

        expect(other).to_have_url(PLAN_PAGE)
        assert other.url != plan_url
        expect(other.get_by_role("heading", level=1)).to_have_text("Hip reset")
        expect(other.locator("ol.items .item-name")).to_have_text(new_order)
        expect(other.get_by_role("button", name="Create a share link")).to_be_visible()
    finally:
        context.close()

    # The copy is the second member's own; the first member's plan is as it was.
    copy = Plan.objects.get(owner=second)
    assert copy.name == "Hip reset" and not copy.is_shared
    assert _item_names(copy) == new_order
    first_plan.refresh_from_db()
    assert first_plan.owner.email == FIRST_EMAIL and first_plan.name == "Hip reset"
    assert _item_names(first_plan) == new_order
    assert Plan.objects.count() == 2
