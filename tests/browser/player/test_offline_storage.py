"""A plan kept offline takes space on the device; turning it off frees it (issue 22)."""

import pytest
from playwright.sync_api import expect

from tests.browser.player.helpers import log_in

pytestmark = pytest.mark.browser

PLAN_CACHES = "async () => (await caches.keys()).filter(name => name.startsWith('forge-plan-'))"


def test_turning_a_plan_off_frees_the_space_it_took_on_the_device(page, live_server, day):
    plan = day.plan
    log_in(page, live_server, "/plans/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name="Keep offline").click()
    badge = page.locator("[data-offline-badge]")
    expect(badge).to_contain_text("Available offline on this device since", timeout=30_000)
    assert len(page.evaluate(PLAN_CACHES)) == 1
    kept = page.evaluate("() => self.forgeQueue.listPlans('')")
    assert [(p["id"], p["missing"]) for p in kept] == [(plan.pk, 0)] and kept[0]["bytes"] > 0

    page.goto(f"{live_server.url}/plans/")
    expect(page.locator(f"[data-offline-badge][data-plan-id='{plan.pk}']")).to_contain_text(
        "Available offline on this device since"
    )
    expect(page.locator("[data-offline-storage]")).to_contain_text("Plans kept offline use")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name="Stop keeping it offline").click()
    expect(page.get_by_text("is no longer kept offline")).to_be_visible()
    expect(page.get_by_role("button", name="Keep offline")).to_be_visible()
    page.wait_for_function(f"async () => ({PLAN_CACHES})().then(names => names.length === 0)")
    assert page.evaluate("() => self.forgeQueue.listPlans('')") == []
