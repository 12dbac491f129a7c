"""Poses through the importers: the forge format carries them; no importer invents one."""

import json

import pytest
from django.core.management import CommandError

from exercises.importers.export import export_catalogue
from exercises.models import Exercise
from tests.exercises.importers.helpers import (
    FIXTURES,
    forge_file,
    forge_record,
    run_import,
    snapshot,
)

pytestmark = pytest.mark.django_db

SQUAT = {
    "view": "side",
    "base": "standing",
    "side": "both",
    "start": {},
    "end": {"trunk": 35, "left": {"hip": 115, "knee": 120}, "right": {"hip": 115, "knee": 120}},
}


def test_a_forge_record_with_a_pose_stores_it_and_export_writes_it_back(tmp_path):
    run_import(forge_file(tmp_path, forge_record(pose=SQUAT)))

    assert Exercise.objects.get(slug="lying-glutes-stretch").pose == SQUAT
    target = tmp_path / "out.json"
    export_catalogue(path=target)
    [exported] = json.loads(target.read_text())["exercises"]
    assert exported["pose"] == SQUAT
    # The export imports again as "unchanged".
    assert "updated 0, left 1 unchanged" in run_import(target)


def test_a_record_without_a_pose_keeps_the_stored_pose(tmp_path):
    run_import(forge_file(tmp_path, forge_record(pose=SQUAT)))

    output = run_import(forge_file(tmp_path, forge_record(summary="A new summary.")))

    exercise = Exercise.objects.get(slug="lying-glutes-stretch")
    assert (exercise.summary, exercise.pose) == ("A new summary.", SQUAT)
    assert "updated 1, left 0 unchanged" in output
    again = run_import(forge_file(tmp_path, forge_record(summary="A new summary.")))
    assert "updated 0, left 1 unchanged" in again


def test_a_bad_pose_is_refused_by_path_and_changes_nothing(tmp_path):
    run_import(forge_file(tmp_path, forge_record()))
    before = snapshot()
    bad = {**SQUAT, "end": {"left": {"knee": 400}, "tail": 3}}

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, forge_record(pose=bad)))

    message = str(error.value)
    assert "field 'pose.end.left.knee': must be between 0 and 165 degrees." in message
    assert "field 'pose.end.tail': unknown key" in message
    assert snapshot() == before


def test_exercisedb_imports_invent_no_poses(tmp_path):
    run_import(FIXTURES / "exercisedb.json", "--format", "exercisedb")

    assert Exercise.objects.count() > 0
    assert not Exercise.objects.filter(pose__isnull=False).exists()
