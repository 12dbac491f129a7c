"""Real-browser tests: Forge in Debian's Chromium, driven by Playwright's sync API.

They are skipped (with a message) where Chromium is missing, and must run in CI.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse
# ORM calls there (SynchronousOnlyOperation). The tests only read and set up data in that
# thread, before or between browser steps, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.management import call_command
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


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = f"{NO_CHROMIUM} Not found: {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(NO_CHROMIUM)
    playwright = sync_playwright().start()
    try:
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
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def catalogue(django_db_serialized_rollback, transactional_db):
    """The real starter catalogue (69 published exercises) in the test database.

    live_server needs a transactional database, which is emptied after each test, taking the
    vocabulary seeded by the data migrations with it; serialized rollback restores that.
    """
    call_command("import_exercises", str(STARTER_CATALOGUE), verbosity=0)


def axe_check(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
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
