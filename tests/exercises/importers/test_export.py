"""Export writes the forge format; importing an export into an empty site reproduces it."""

import json

import pytest
from django.core.management import call_command

from exercises.models import BodyPart, Exercise, ExerciseVariation, Status
from tests.exercises.importers.helpers import GIF, forge_file, forge_record, run_import, snapshot

pytestmark = pytest.mark.django_db


def test_export_writes_records_in_the_documented_key_order(tmp_path):
    run_import(forge_file(tmp_path, forge_record()))
    export = tmp_path / "export.json"

    call_command("export_exercises", str(export), verbosity=0)

    document = json.loads(export.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("forge", 1)
    assert document["exercises"] == [forge_record()]
    assert list(document["exercises"][0]) == list(forge_record())
    assert set(document["taxonomy"]) == {"body_parts", "muscles", "equipment", "categories"}


def test_export_then_import_into_an_empty_database_reproduces_the_catalogue(tmp_path, settings):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    (images / "lying" / "0.gif").write_bytes(GIF)
    BodyPart.objects.filter(slug="legs").update(description="Edited by an editor.")
    records = [
        forge_record(
            images=[{"file": "lying/0.gif", "alt_text": "Start", "is_main": True}],
            variations=[{"slug": "plank", "kind": "alternative"}],
        ),
        forge_record(
            slug="plank", name="Plank", source_id="plank", prescription=None, status="draft"
        ),
    ]
    run_import(forge_file(tmp_path, *records), "--images", str(images))
    before = snapshot()
    export = tmp_path / "export.json"
    exported_images = tmp_path / "exported-images"
    call_command("export_exercises", str(export), "--images", str(exported_images))

    ExerciseVariation.objects.all().delete()
    Exercise.objects.all().delete()
    BodyPart.objects.filter(slug="legs").update(description="")
    settings.MEDIA_ROOT = tmp_path / "new-site-media"  # a new site starts with no uploads
    run_import(export, "--images", str(exported_images))

    assert snapshot() == before
    assert Exercise.objects.get(slug="plank").status == Status.DRAFT
