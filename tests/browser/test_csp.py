"""Under the Content-Security-Policy, every kind of page works and the browser refuses nothing.

Chromium reports each refusal as a console error ("Refused to …"), and the page fires a
`securitypolicyviolation` event; both are collected on every page visited.
"""

import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from plans.services import plans as services
from tests.browser.conftest import VIEWPORT
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

# Runs before any page script, through the DevTools protocol (which the CSP does not govern).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${where})`);
});
"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    yield page, console
    context.close()


def _visit(page, console, url, ready):
    """Open a page, wait until it has really worked, and return what the CSP refused."""
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'none'" in response.headers["content-security-policy"]
    ready()
    refused = page.evaluate("window.__csp") + [
        text for text in console if "Content Security Policy" in text or "Refused" in text
    ]
    console.clear()
    return refused


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My plans")).to_be_visible()


def test_site_pages_swagger_ui_and_the_admin_run_without_a_csp_refusal(
    watched, live_server, catalogue
):
    page, console = watched
    admin = UserFactory(
        email="root@example.org", password=PASSWORD, is_staff=True, is_superuser=True
    )
    plan = services.plan_create(owner=admin, name="Hips")
    stretch = Exercise.objects.published().order_by("name").first()
    item = services.plan_add_exercise(plan=plan, exercise=stretch)
    services.plan_share(plan=plan)
    base = live_server.url
    refused = {}

    refused["home"] = _visit(
        page, console, f"{base}/", lambda: expect(page.locator("h1")).to_be_visible()
    )
    refused["listing"] = _visit(
        page,
        console,
        f"{base}/exercises/",
        lambda: expect(page.locator("#filter-form")).to_be_visible(),
    )
    refused["exercise"] = _visit(
        page,
        console,
        f"{base}{stretch.get_absolute_url()}",
        lambda: expect(page.get_by_role("heading", level=1)).to_have_text(stretch.name),
    )
    refused["api docs"] = _visit(
        page,
        console,
        f"{base}/api/docs/",
        # Swagger UI's script ran, fetched the schema and drew the operations.
        lambda: expect(page.locator(".opblock").first).to_be_visible(timeout=15_000),
    )
    _log_in(page, live_server, admin.email)
    refused["plan"] = _visit(
        page,
        console,
        f"{base}{plan.get_absolute_url()}",
        lambda: expect(page.locator(f"#item-{item.pk}")).to_be_visible(),
    )
    # The share link field selects itself on focus (a data- attribute, no inline handler).
    share = page.get_by_label("Share link")
    share.focus()
    selected = "document.activeElement.selectionEnd - document.activeElement.selectionStart"
    assert page.evaluate(selected) == len(share.input_value()) > 0
    refused["print"] = _visit(
        page,
        console,
        f"{base}/plans/{plan.pk}/print/",
        lambda: expect(page.get_by_role("button", name="Print")).to_be_visible(),
    )
    refused["profile"] = _visit(
        page,
        console,
        f"{base}/accounts/profile/",
        lambda: expect(page.get_by_role("heading", name="Your account")).to_be_visible(),
    )
    for path in [
        "/admin/",
        "/admin/exercises/exercise/",
        "/admin/exercises/exercise/add/",
        f"/admin/exercises/exercise/{stretch.pk}/change/",
        f"/admin/forge/user/{admin.pk}/change/",
    ]:
        refused[path] = _visit(
            page,
            console,
            f"{base}{path}",
            lambda: expect(page.locator("#content")).to_be_visible(),
        )

    assert {where: found for where, found in refused.items() if found} == {}


def test_the_service_worker_and_the_offline_pages_run_without_a_csp_refusal(
    watched, live_server, catalogue
):
    page, console = watched
    # The worker's own console (importScripts, its fetches) reaches the context, not the page.
    page.context.on(
        "console",
        lambda message: (
            console.append(message.text)
            if message.type in ("error", "warning") and message.page is None
            else None
        ),
    )
    member = UserFactory(email="offline@example.org", password=PASSWORD)
    plan = services.plan_create(owner=member, name="Hips")
    services.plan_add_exercise(plan=plan, exercise=Exercise.objects.get(slug="pigeon-pose"))
    base = live_server.url
    refused = {}

    def controlled():
        page.wait_for_function("() => !!navigator.serviceWorker.controller")

    refused["home"] = _visit(page, console, f"{base}/", controlled)
    _log_in(page, live_server, member.email)
    refused["plan"] = _visit(
        page,
        console,
        f"{base}{plan.get_absolute_url()}",
        lambda: expect(page.get_by_role("button", name="Keep offline")).to_be_visible(),
    )
    page.get_by_role("button", name="Keep offline").click()
    expect(page.locator("[data-offline-badge]")).to_contain_text(
        "Available offline on this device since", timeout=30_000
    )
    refused["plan kept offline"] = page.evaluate("window.__csp") + [
        text for text in console if "Content Security Policy" in text or "Refused" in text
    ]
    refused["offline page"] = _visit(
        page,
        console,
        f"{base}/offline/",
        lambda: expect(page.get_by_role("link", name="Hips")).to_be_visible(),
    )
    assert {where: found for where, found in refused.items() if found} == {}
