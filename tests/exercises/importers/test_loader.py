"""The format-agnostic loader: upsert on (source, source id), dry run, every problem at once."""

import pytest
from django.core.management import CommandError

from exercises.importers import Loader
from exercises.importers.matching import find_existing
from exercises.importers.records import ExerciseRecord, ImporterError
from exercises.models import Exercise, ExerciseStep, Status
from tests.exercises.importers.helpers import forge_file, forge_record, run_import, snapshot

pytestmark = pytest.mark.django_db


def record(**overrides) -> ExerciseRecord:
    values = {
        "name": "Wall Sit",
        "body_part": "legs",
        "equipment": "body-weight",
        "category": "strength",
        "difficulty": "beginner",
        "source": "test",
        "source_id": "wall-sit",
        "target_muscles": ["quadriceps"],
        "steps": ["Slide down the wall.", "Hold."],
    }
    return ExerciseRecord(**values | overrides)


def test_rerunning_an_import_changes_nothing(tmp_path):
    path = forge_file(tmp_path, forge_record())
    run_import(path)
    before = snapshot()
    updated_at = Exercise.objects.get().updated_at
    step_ids = list(ExerciseStep.objects.values_list("pk", flat=True))

    output = run_import(path)

    assert "created 0, updated 0, left 1 unchanged" in output
    assert snapshot() == before
    assert Exercise.objects.get().updated_at == updated_at
    assert list(ExerciseStep.objects.values_list("pk", flat=True)) == step_ids


def test_a_changed_record_is_updated_in_place(tmp_path):
    run_import(forge_file(tmp_path, forge_record()))
    pk = Exercise.objects.get().pk

    output = run_import(
        forge_file(tmp_path, forge_record(name="Lying Glute Stretch", steps=["One.", "Two."]))
    )

    assert "updated 1" in output
    exercise = Exercise.objects.get()
    assert exercise.pk == pk
    assert exercise.name == "Lying Glute Stretch"
    assert list(exercise.steps.values_list("text", flat=True)) == ["One.", "Two."]


def test_dry_run_reports_but_saves_nothing(tmp_path):
    output = run_import(forge_file(tmp_path, forge_record()), "--dry-run")

    assert "Dry run" in output and "created 1" in output
    assert not Exercise.objects.exists()


def test_the_loader_writes_typed_records_from_any_source():
    report = Loader([record()]).run()

    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    exercise = Exercise.objects.get()
    assert (exercise.slug, exercise.source, exercise.status) == ("wall-sit", "test", "draft")
    assert list(exercise.steps.values_list("text", flat=True)) == ["Slide down the wall.", "Hold."]


def test_every_bad_record_is_reported_before_anything_is_written():
    Loader([record(source_id="kept", name="Kept")]).run()
    before = snapshot()
    records = [
        record(source_id="a", body_part="tail", target_muscles=["wings"]),
        record(source_id="b", name="Fine"),
        record(source_id="a", name="Again"),
        record(source_id="c", name="Lazy", difficulty="legendary"),
    ]

    with pytest.raises(ImporterError) as error:
        Loader(records).run()

    assert [str(problem) for problem in error.value.problems] == [
        "Record 0 (id 'a'), field 'body_part': unknown body part 'tail'.",
        "Record 0 (id 'a'), field 'target_muscles': unknown muscle 'wings'.",
        "Record 2 (id 'a'), field 'source_id': duplicates record 0.",
        "Record 3 (id 'c'), field 'difficulty': Value 'legendary' is not a valid choice.",
    ]
    assert snapshot() == before


def test_find_existing_matches_on_source_and_source_id():
    Loader([record()]).run()
    stored = Exercise.objects.get()

    matches = find_existing([record(name="Wall Squat Hold"), record(source_id="new")])

    assert matches.existing == {0: stored}
    assert (matches.links, matches.adopted, matches.absorbed) == ({}, {}, {})


def test_a_reimport_keeps_the_status_editors_gave_an_imported_exercise():
    Loader([record()]).run()
    Exercise.objects.update(status=Status.PUBLISHED)

    Loader([record(summary="New words.")]).run()

    assert Exercise.objects.get().status == Status.PUBLISHED


def test_an_unknown_status_option_is_refused(tmp_path):
    with pytest.raises(CommandError):
        run_import(forge_file(tmp_path, forge_record()), "--status", "archived")
    assert not Exercise.objects.exists()
