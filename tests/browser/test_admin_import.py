"""An editor imports a catalogue file from the admin: upload, read the check, confirm, watch
the progress bar, find the exercises as drafts. Without the permission there is no page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from exercises.models import Exercise, ImportRun, Status
from tests.conftest import PASSWORD
from tests.exercises.importers.helpers import FIXTURES
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

REAL = FIXTURES / "exercisedb_real.json"


@pytest.fixture
def vocabulary(django_db_serialized_rollback, transactional_db):
    """The vocabulary the data migrations seed, restored for a live-server test."""


def _log_in(page, live_server, *, can_import: bool) -> None:
    editor = UserFactory.create(email="editor@example.org", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    if can_import:
        editor.user_permissions.add(Permission.objects.get(codename="import_exercises"))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


def test_an_editor_imports_a_file_and_watches_it_run(page, live_server, vocabulary, settings):
    # The production setup: the import waits in the database for a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _log_in(page, live_server, can_import=True)

    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Add import").click()
    expect(page.get_by_role("heading", name="Import exercises")).to_be_visible()
    page.set_input_files("#id_file", str(REAL))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="What importing this file would do")).to_be_visible()
    check = page.locator("#import-check")
    expect(check.get_by_role("row", name="New exercises")).to_contain_text("7")
    expect(check.get_by_role("row", name="Refused")).to_contain_text("0")
    assert Exercise.objects.count() == 0

    page.get_by_role("button", name="Import: 7 new, updated or linked exercises").click()
    expect(page.get_by_role("heading", name="Queued")).to_be_visible()
    expect(page.locator("#import-stage")).to_have_text("Waiting for a worker (0 %)")
    expect(page.locator("#import-progress")).to_have_attribute("value", "0")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    # The page follows the run by itself and shows the result once it is done.
    expect(page.get_by_role("heading", name="Done")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("row", name="New exercises").first).to_contain_text("7")
    assert ImportRun.objects.get().state == ImportRun.State.DONE

    page.get_by_role("link", name="See the draft exercises").click()
    expect(page.get_by_role("link", name="Towel Hamstring Stretch")).to_be_visible()
    assert list(Exercise.objects.values_list("status", flat=True)) == [Status.DRAFT] * 7


def test_an_editor_without_the_permission_gets_no_import_page(page, live_server, vocabulary):
    _log_in(page, live_server, can_import=False)

    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="Imports")).to_have_count(0)
    response = page.goto(live_server.url + "/admin/exercises/importrun/add/")

    assert response is not None
    assert response.status == 403
