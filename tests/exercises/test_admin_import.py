"""The admin's "Import exercises": upload, check (a dry run), confirm, run, the import record."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from exercises import imports
from exercises.models import Exercise, ImportRun, SourceMapping, Status
from tests.exercises.importers.helpers import FIXTURES

pytestmark = pytest.mark.django_db

REAL = FIXTURES / "exercisedb_real.json"
ONE_BAD = FIXTURES / "exercisedb_one_bad.json"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ADD = reverse("admin:exercises_importrun_add")


@pytest.fixture
def importer_client(client, editor, settings):
    settings.TASKS = IMMEDIATE
    editor.user_permissions.add(Permission.objects.get(codename="import_exercises"))
    client.force_login(editor)
    return client


def upload(client, path=REAL, *, skip_invalid=False, token=None, fmt="auto"):
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes(), "application/json"),
        "format": fmt,
        "token": str(token or uuid.uuid4()),
    }
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(ADD, data)


def test_an_editor_without_the_permission_gets_no_import_page(editor_client):
    assert editor_client.get(ADD).status_code == 403
    assert editor_client.get(reverse("admin:exercises_importrun_changelist")).status_code == 403
    index = editor_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert ADD not in index.content.decode()


def test_the_import_page_offers_the_form(importer_client):
    response = importer_client.get(ADD)

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "file",
        "format",
        "images",
        "skip_invalid",
        "token",
    ]


def test_uploading_checks_the_file_and_saves_nothing_yet(importer_client, editor):
    response = upload(importer_client)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:exercises_importrun_change", args=[run.pk])
    assert (run.state, run.format, run.created_by, run.file_name) == (
        ImportRun.State.CHECKED,
        "exercisedb",
        editor,
        "exercisedb_real.json",
    )
    assert [run.check_report[k] for k in ("created", "updated", "linked", "unchanged")] == [
        7,
        0,
        0,
        0,
    ]
    assert run.check_report["skipped"] == []
    assert Exercise.objects.count() == 0
    page = importer_client.get(response["Location"])
    assert page.status_code == 200
    assert "What importing this file would do" in page.content.decode()
    assert page.context["can_confirm"] is True


def test_confirming_imports_the_exercises_as_drafts(
    importer_client, editor, django_capture_on_commit_callbacks
):
    upload(importer_client)
    run = ImportRun.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = importer_client.post(reverse("admin:exercises_importrun_confirm", args=[run.pk]))

    run.refresh_from_db()
    assert response.status_code == 302
    assert (run.state, run.percent, run.confirmed_by, run.result_report["created"]) == (
        ImportRun.State.DONE,
        100,
        editor,
        7,
    )
    assert run.task_id != ""
    assert sorted(Exercise.objects.values_list("source_id", "status")) == [
        (f"300{n}", Status.DRAFT) for n in range(1, 8)
    ]


def test_a_second_click_on_import_does_not_import_again(
    importer_client, django_capture_on_commit_callbacks
):
    upload(importer_client)
    run = ImportRun.objects.get()
    url = reverse("admin:exercises_importrun_confirm", args=[run.pk])
    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(url)
    finished = ImportRun.objects.get().finished_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = importer_client.post(url)

    assert second.status_code == 302
    assert callbacks == []  # nothing queued
    assert ImportRun.objects.get().finished_at == finished
    assert Exercise.objects.count() == 7


def test_a_task_delivered_twice_runs_once(importer_client, django_capture_on_commit_callbacks):
    upload(importer_client)
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_confirm(run=run, user=run.created_by)

    assert imports.import_run_task.call(run.pk) == ImportRun.State.DONE
    assert Exercise.objects.count() == 7
    assert ImportRun.objects.get().result_report["created"] == 7


def test_the_same_form_sent_twice_makes_one_check(importer_client):
    token = uuid.uuid4()
    upload(importer_client, token=token)
    upload(importer_client, token=token)

    assert ImportRun.objects.count() == 1


def test_a_file_with_a_bad_record_cannot_be_confirmed_without_skipping(
    importer_client, django_capture_on_commit_callbacks
):
    upload(importer_client, ONE_BAD)
    run = ImportRun.objects.get()
    page = importer_client.get(reverse("admin:exercises_importrun_change", args=[run.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(reverse("admin:exercises_importrun_confirm", args=[run.pk]))

    assert page.context["can_confirm"] is False
    assert [(s["index"], s["ident"], s["name"]) for s in run.check_report["skipped"]] == [
        (2, "3999", "broken record")
    ]
    assert "importing it would save nothing" in page.content.decode()
    assert ImportRun.objects.get().state == ImportRun.State.CHECKED
    assert Exercise.objects.count() == 0


def test_skipping_invalid_records_imports_the_rest(
    importer_client, django_capture_on_commit_callbacks
):
    upload(importer_client, ONE_BAD, skip_invalid=True)
    run = ImportRun.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(reverse("admin:exercises_importrun_confirm", args=[run.pk]))

    run.refresh_from_db()
    assert (run.state, run.result_report["created"]) == (ImportRun.State.DONE, 3)
    assert [s["ident"] for s in run.result_report["skipped"]] == ["3999"]
    assert sorted(Exercise.objects.values_list("source_id", flat=True)) == [
        "3001",
        "3002",
        "3003",
    ]


def test_a_file_that_is_not_json_is_refused_with_its_reason(importer_client, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("not json", encoding="utf-8")

    upload(importer_client, path)

    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED
    assert len(run.problems) == 1
    assert "not valid JSON" in run.problems[0]


# The worker commits and checks its connections as in production, so this test runs outside
# a test transaction (the vocabulary of the data migrations is restored afterwards).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_a_worker_runs_the_import(importer_client, settings):
    settings.TASKS = DATABASE
    upload(importer_client)
    run = ImportRun.objects.get()
    importer_client.post(reverse("admin:exercises_importrun_confirm", args=[run.pk]))
    progress_url = reverse("admin:exercises_importrun_progress", args=[run.pk])
    waiting = importer_client.get(progress_url).json()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert waiting == {
        "state": "queued",
        "state_label": "Queued",
        "stage": "Waiting for a worker",
        "percent": 0,
        "finished": False,
    }
    assert importer_client.get(progress_url).json() == {
        "state": "done",
        "state_label": "Done",
        "stage": "Finished",
        "percent": 100,
        "finished": True,
    }
    assert Exercise.objects.count() == 7


def test_the_list_of_imports_is_the_record_of_who_imported_what(
    importer_client, django_assert_num_queries
):
    upload(importer_client)
    upload(importer_client, ONE_BAD)
    url = reverse("admin:exercises_importrun_changelist")

    # session, user, user permissions, group permissions, count, count (unfiltered),
    # the page of runs with their users, the formats for the filter
    with django_assert_num_queries(8):
        response = importer_client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "7 new, 0 updated, 0 linked, 0 unchanged, 0 refused" in body
    assert "3 new, 0 updated, 0 linked, 0 unchanged, 1 refused" in body


def test_an_editor_maps_a_sources_word_onto_a_forge_slug(editor_client):
    url = reverse("admin:exercises_sourcemapping_add")
    data = {"source": "exercisedb", "kind": "equipment", "value": "  Hula  Hoop ", "slug": "nope"}

    refused = editor_client.post(url, data)
    saved = editor_client.post(url, {**data, "slug": "other"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "slug": ["No equipment has the slug “nope”."]
    }
    assert saved.status_code == 302
    assert list(SourceMapping.objects.values_list("source", "kind", "value", "slug")) == [
        ("exercisedb", "equipment", "hula hoop", "other")
    ]
