"""ExerciseDB files as they really come: several pieces of equipment in one value, notes in
brackets, categories Forge lacks, extra fields; --skip-invalid; editors' source mappings."""

import json

import pytest
from django.core.management import CommandError

from exercises.importers import exercisedb, import_catalogue
from exercises.importers.records import Prescription
from exercises.importers.registry import detect
from exercises.models import Exercise, SourceMapping, Status
from exercises.selectors import exercise_export_list
from tests.exercises.importers.helpers import FIXTURES, run_import, snapshot, write

pytestmark = pytest.mark.django_db

REAL = FIXTURES / "exercisedb_real.json"
ONE_BAD = FIXTURES / "exercisedb_one_bad.json"


def import_file(path, *args) -> str:
    return run_import(path, "--format", "exercisedb", *args)


def test_a_real_world_file_imports_with_no_refusal_as_drafts():
    output = import_file(REAL)

    assert output.splitlines()[0] == (
        "created 7, updated 0, left 0 unchanged exercises; vocabulary: 0 new, 0 updated; "
        "0 images saved."
    )
    assert sorted(Exercise.objects.values_list("source_id", "status")) == [
        (f"300{n}", Status.DRAFT) for n in range(1, 8)
    ]


def test_the_first_piece_of_equipment_is_the_exercises_and_the_rest_are_tips():
    import_file(REAL)
    rows = {e.source_id: e for e in exercise_export_list()}

    def seen(source_id):
        exercise = rows[source_id]
        return exercise.equipment.slug, [tip.text for tip in exercise.tips.all()]

    assert seen("3001") == ("dumbbell", ["Also uses exercise ball."])
    assert seen("3002") == ("dumbbell", ["Also uses exercise ball, tennis ball."])
    assert seen("3003") == ("e-z-bar", ["Also uses exercise ball."])
    # A towel-assisted stretch is body weight with a towel, not a machine.
    assert seen("3004") == ("body-weight", [])
    assert [prop.slug for prop in rows["3004"].props.all()] == ["towel"]
    assert seen("3005") == ("body-weight", ["Body weight with resistance band."])
    assert seen("3006") == ("dumbbell", ["Dumbbell used as handles for deeper range."])
    assert seen("3007") == ("body-weight", [])


def test_the_extra_fields_fill_what_forge_has():
    import_file(REAL)
    rows = {e.source_id: e for e in exercise_export_list()}

    towel = rows["3004"]
    # "rehabilitation" is Forge's mobility; description is the summary; "time" is a hold.
    assert (towel.category.slug, towel.difficulty) == ("mobility", "beginner")
    assert towel.summary == "A lying hamstring stretch with a towel looped around the foot."
    assert (towel.hold_seconds, towel.hold_seconds_min, towel.hold_seconds_max) == (30, 20, 45)
    assert towel.per_side is True
    calf = rows["3007"]
    assert (calf.hold_seconds, calf.hold_seconds_min, calf.hold_seconds_max) == (37, 30, 45)
    curl = rows["3001"]
    assert (curl.difficulty, curl.hold_seconds, curl.per_side) == ("intermediate", None, False)
    # No category given: the first tag that names one.
    assert rows["3002"].category.slug == "strength"
    assert rows["3002"].difficulty == "advanced"


def test_props_notes_and_contraindications_stay_on_the_record_for_the_loader():
    records = {
        r.source_id: r for r in exercisedb.parse(json.loads(REAL.read_text(encoding="utf-8")))
    }

    assert (records["3004"].props, records["3004"].notes) == (["towel"], [])
    assert (records["3002"].props, records["3002"].notes) == (
        [],
        ["also uses exercise ball, tennis ball"],
    )
    assert records["3002"].contraindications == ["shoulder injury", "pregnancy"]
    assert records["3007"].contraindications == ["achilles injury", "ankle sprain"]
    assert records["3004"].tags == ["stretching", "rehab"]
    assert records["3001"].prescription is None  # reps: no hold
    assert records["3004"].prescription == Prescription(
        hold_seconds=30, hold_seconds_min=20, hold_seconds_max=45, per_side=True
    )


def test_a_second_run_of_the_same_file_changes_nothing():
    import_file(REAL)
    before = snapshot()

    output = import_file(REAL)

    assert output.splitlines()[0].startswith("created 0, updated 0, left 7 unchanged exercises")
    assert snapshot() == before


def test_a_file_with_a_bad_record_is_refused_whole_by_default():
    before = snapshot()

    with pytest.raises(CommandError) as error:
        import_file(ONE_BAD)

    assert str(error.value).splitlines() == [
        "2 problems in 1 record; nothing was imported:",
        "  Record 2 (id '3999'), field 'bodyPart': unknown value 'tail'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.BODY_PARTS)
        + ".",
        "  Record 2 (id '3999'), field 'measurementType': unknown value 'forever'; expected one "
        "of " + ", ".join(repr(k) for k in exercisedb.MEASUREMENTS if k is not None) + ".",
    ]
    assert snapshot() == before
    assert Exercise.objects.count() == 0


def test_skip_invalid_imports_the_rest_and_names_the_skipped_record():
    output = import_file(ONE_BAD, "--skip-invalid")

    lines = output.splitlines()
    assert lines[0].startswith("created 3, updated 0, left 0 unchanged exercises")
    assert lines[1] == "1 invalid record was skipped:"
    assert lines[2].startswith(
        "  Record 2 (id '3999') “broken record”: bodyPart: unknown value 'tail'; expected"
    )
    assert lines[2].endswith(
        "measurementType: unknown value 'forever'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.MEASUREMENTS if k)
        + "."
    )
    assert sorted(Exercise.objects.values_list("source_id", flat=True)) == [
        "3001",
        "3002",
        "3003",
    ]


def test_a_record_refused_by_the_loader_is_skipped_whole(tmp_path):
    rows = json.loads(REAL.read_text(encoding="utf-8"))[:2]
    rows.append({**rows[0], "id": "3001"})  # the same id twice: the second one is bad
    path = write(tmp_path, rows)

    report = import_catalogue(path=path, fmt="exercisedb", skip_invalid=True)

    assert (report.created, [(s.index, s.ident, s.reasons) for s in report.skipped]) == (
        2,
        [(2, "3001", ["source_id: duplicates record 0."])],
    )
    assert Exercise.objects.count() == 2


def test_skip_invalid_still_stops_on_a_problem_of_the_whole_file(tmp_path):
    path = write(tmp_path, {"not": "a list"})

    with pytest.raises(CommandError) as error:
        import_file(path, "--skip-invalid")

    assert str(error.value) == "Not an ExerciseDB file: expected a JSON list of exercises."


def test_an_editors_source_mapping_is_remembered_for_the_next_import(tmp_path):
    rows = [{**json.loads(REAL.read_text(encoding="utf-8"))[0], "equipment": "hula hoop"}]
    path = write(tmp_path, rows)
    with pytest.raises(CommandError):
        import_file(path)

    SourceMapping.objects.create(
        source="exercisedb", kind=SourceMapping.Kind.EQUIPMENT, value="hula hoop", slug="other"
    )
    import_file(path)

    assert Exercise.objects.get().equipment.slug == "other"


def test_the_format_is_detected_from_the_files_shape():
    assert detect(json.loads(REAL.read_text(encoding="utf-8"))) == "exercisedb"
    assert detect({"format": "forge", "exercises": []}) == "forge"
    assert detect([{"name": "x", "primaryMuscles": [], "level": "beginner"}]) == (
        "free-exercise-db"
    )
    assert detect([{"name": "x"}]) is None
