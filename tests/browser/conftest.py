"""Real-browser tests: Forge in Debian's Chromium, driven by Playwright's sync API.

They are skipped (with a message) where Chromium is missing, and must run in CI.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
STARTER_CATALOGUE = PROJECT / "exercises" / "data" / "starter_catalogue.json"
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
NO_CHROMIUM = (
    "Browser tests need Debian's Chromium: apt-get install chromium (or set CHROMIUM_PATH)."
)

VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def browser(request):
    """One headless Chromium for all of tests/browser, stopped when the package is done.

    Playwright's sync API keeps an asyncio event loop running in the test thread. While it
    runs, Django (1) refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and (2) hands
    the thread a second set of database connections (asgiref's Local switches storage when a
    loop is running). So the test database is created before the loop starts, the snapshot
    used by serialized rollback is copied onto the second connections, and the variable is
    set only while the loop runs: package scope keeps both from leaking into later tests
    (tests/forge/test_deploy.py runs `check --deploy` in a subprocess, which would inherit it).
    """
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(f"{NO_CHROMIUM} Not found: {CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)
    request.getfixturevalue("django_db_setup")
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            for alias, snapshot in snapshots.items():
                if snapshot is not None:
                    connections[alias]._test_serialized_contents = snapshot
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            try:
                yield browser
            finally:
                browser.close()
        finally:
            connections.close_all()  # the connections opened while the loop ran
            playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()
    _wait_for_the_live_servers_requests()


def _wait_for_the_live_servers_requests(seconds: float = 5.0) -> None:
    """A request the page sent just before it closed (a service worker's fetch, a click's
    navigation) may still be running in one of the live server's threads when the test ends,
    and the database is emptied right after: on PostgreSQL a query still running then can
    deadlock with the TRUNCATE. Let those requests finish first (briefly)."""
    deadline = time.monotonic() + seconds
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name and thread is not threading.current_thread():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


@pytest.fixture
def catalogue(django_db_serialized_rollback, transactional_db):
    """The real starter catalogue (over 150 published exercises) in the test database.

    live_server needs a transactional database, which is emptied after each test, taking the
    vocabulary seeded by the data migrations with it; serialized rollback restores that.
    """
    call_command("import_exercises", str(STARTER_CATALOGUE), verbosity=0)


def axe_check(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a
    # <script> tag added to the page would be refused like any inline script).
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def format_violations(violations: list[dict]) -> str:
    """One paragraph per rule: id, impact, help, help URL, then each failing node's target."""
    lines = []
    for violation in violations:
        impact, rule, help_text = violation["impact"], violation["id"], violation["help"]
        lines.append(f"[{impact}] {rule}: {help_text} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}  —  {summary}")
    return "\n".join(lines)
