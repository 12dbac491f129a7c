"""load_poses: the starter poses give every starter exercise a drawing; bad files change nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from exercises.models import Exercise
from exercises.selectors import catalogue_version
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "exercises" / "data"
POSE = {"view": "side", "base": "standing", "side": "both", "start": {}, "end": {"head": 20}}


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_poses", str(path), *args, stdout=out)
    return out.getvalue()


def test_every_starter_exercise_without_a_photo_gets_a_drawing():
    call_command("import_exercises", str(DATA / "starter_catalogue.json"), verbosity=0)
    total = Exercise.objects.count()

    call_command("load_poses", verbosity=0)  # the default file: exercises/data/starter_poses.json

    assert total >= 150
    without_picture = Exercise.objects.filter(images__isnull=True)
    assert without_picture.count() == total  # the starter catalogue ships no photos
    assert not without_picture.filter(pose__isnull=True).exists()
    # Running it again (as `make starter` does) changes nothing.
    assert load(DATA / "starter_poses.json") == f"{total} poses read; 0 exercises changed.\n"


def test_loading_sets_poses_and_moves_the_catalogue_version(tmp_path):
    squat = ExerciseFactory(name="Squat")
    path = tmp_path / "poses.json"
    path.write_text(json.dumps({"squat": POSE}))
    before = catalogue_version()

    assert load(path) == "1 poses read; 1 exercises changed.\n"

    assert Exercise.objects.get(pk=squat.pk).pose == POSE
    assert catalogue_version() == before + 1


def test_a_dry_run_changes_nothing(tmp_path):
    squat = ExerciseFactory(name="Squat")
    path = tmp_path / "poses.json"
    path.write_text(json.dumps({"squat": POSE}))

    assert load(path, "--dry-run") == "1 poses read; 1 exercises would change.\n"
    assert Exercise.objects.get(pk=squat.pk).pose is None


def test_unknown_slugs_and_bad_poses_are_all_named_and_nothing_changes(tmp_path):
    squat = ExerciseFactory(name="Squat")
    plank = ExerciseFactory(name="Plank")
    path = tmp_path / "poses.json"
    bad = {**POSE, "end": {"left": {"knee": -1}}}
    path.write_text(json.dumps({"plank": POSE, "squat": bad, "no-such": POSE}))

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == (
        "no-such: no exercise has this slug. "
        "squat, end.left.knee: must be between 0 and 165 degrees."
    )
    assert Exercise.objects.get(pk=plank.pk).pose is None
    assert Exercise.objects.get(pk=squat.pk).pose is None


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "poses.json"
    path.write_text("{nope")
    with pytest.raises(CommandError, match="Cannot read"):
        load(path)
