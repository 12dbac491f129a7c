"""Removing an item asks first: the browser's dialog with htmx, a confirm page without."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import PlanItem
from plans.services import plans as services
from tests.browser.conftest import VIEWPORT
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory, UserFactory

pytestmark = pytest.mark.browser


def _setup(live_server):
    member = UserFactory(email="confirm@example.org", password=PASSWORD)
    plan = services.plan_create(owner=member, name="Hips")
    for name in ["Plank", "Bridge"]:
        services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name=name))
    return member, plan


def _log_in(page, live_server, plan):
    page.goto(f"{live_server.url}/accounts/login/?next={plan.get_absolute_url()}")
    page.get_by_label("Email address").fill("confirm@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips")


def _names(plan):
    return list(
        PlanItem.objects.filter(day__plan=plan)
        .order_by("position")
        .values_list("exercise__name", flat=True)
    )


def test_with_javascript_the_dialog_asks_and_cancel_keeps_the_item(
    browser, live_server, django_db_serialized_rollback, transactional_db
):
    _, plan = _setup(live_server)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        _log_in(page, live_server, plan)
        asked = []

        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        # The dialog is htmx's hx-confirm: click once htmx is there (a click before it loads
        # is the no-JavaScript form post, which asks on a page instead).
        page.wait_for_function("() => !!window.htmx")
        page.get_by_role("button", name="Remove Plank").click()
        for _ in range(50):  # the dialog opens and is dismissed in its own task
            if asked:
                break
            page.wait_for_timeout(100)
        assert asked == ["Remove Plank from “Day 1”?"]
        assert _names(plan) == ["Plank", "Bridge"]

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Remove Plank").click()
        expect(page.get_by_role("status")).to_contain_text("Plank removed from the plan.")
        expect(page.locator("ol.items .item-name")).to_have_text(["Bridge"])
        assert _names(plan) == ["Bridge"]
    finally:
        context.close()


def test_without_javascript_a_confirm_page_asks_first(
    browser, live_server, django_db_serialized_rollback, transactional_db
):
    _, plan = _setup(live_server)
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, live_server, plan)
        page.get_by_role("button", name="Remove Bridge").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Remove Bridge?")
        assert _names(plan) == ["Plank", "Bridge"]
        page.get_by_role("button", name="Remove it").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hips")
        expect(page.locator("ol.items .item-name")).to_have_text(["Plank"])
        assert _names(plan) == ["Plank"]
    finally:
        context.close()
