"""The forge format: every section imported, and bad records named by index, id and field."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError

from exercises.importers import forge
from exercises.importers.records import FAQEntry, ImporterError, Prescription
from exercises.models import Status
from exercises.selectors import exercise_export_list
from tests.exercises.importers.helpers import (
    forge_file,
    forge_record,
    run_import,
    snapshot,
    write,
)

pytestmark = pytest.mark.django_db


def test_parse_turns_a_forge_record_into_a_typed_record():
    [record] = forge.parse({"exercises": [forge_record()]})

    assert record.slug == "lying-glutes-stretch"
    assert record.faq == [FAQEntry(question="How long?", answer="20 to 60 seconds a side.")]
    assert record.prescription == Prescription(
        hold_seconds=30, hold_seconds_min=20, hold_seconds_max=60, per_side=True, reps_per_side=1
    )
    assert record.key == ("forge", "lying-glutes-stretch")


def test_parse_reports_every_bad_field_of_every_record_at_once():
    records = [
        forge_record(name="", difficulty="legendary"),
        forge_record(slug="Bad Slug", source_id="two", faq=[{"question": "Why?"}]),
    ]

    with pytest.raises(ImporterError) as error:
        forge.parse({"exercises": records})

    assert [str(problem) for problem in error.value.problems] == [
        "Record 0 (id 'lying-glutes-stretch'), field 'name': is required.",
        "Record 0 (id 'lying-glutes-stretch'), field 'difficulty': unknown value 'legendary'; "
        "expected one of 'beginner', 'intermediate', 'advanced'.",
        "Record 1 (id 'two'), field 'slug': 'Bad Slug' is not a valid slug (use a-z, 0-9, '-').",
        "Record 1 (id 'two'), field 'faq[0].answer': is required.",
    ]
    assert str(error.value).startswith("4 problems in 2 records; nothing was imported:")


def test_a_forge_file_imports_every_section(tmp_path):
    harder = forge_record(slug="pigeon-pose", name="Pigeon Pose", source_id="pigeon-pose")
    path = forge_file(
        tmp_path, forge_record(variations=[{"slug": "pigeon-pose", "kind": "harder"}]), harder
    )

    output = run_import(path)

    assert "created 2" in output
    exercise = exercise_export_list().get(slug="lying-glutes-stretch")
    assert exercise.status == Status.PUBLISHED
    assert [m.slug for m in exercise.target_muscles] == ["glutes"]
    assert [m.slug for m in exercise.secondary_muscles] == ["hamstrings"]
    assert [s.text for s in exercise.steps.all()] == forge_record()["steps"]
    assert exercise.tips.count() == 3 and exercise.mistakes.count() == 3
    assert exercise.faqs.get().question == "How long?"
    assert (exercise.hold_seconds_min, exercise.hold_seconds, exercise.hold_seconds_max) == (
        20,
        30,
        60,
    )
    assert exercise.per_side is True
    assert exercise.variations.get().variation.slug == "pigeon-pose"
    assert " glute " in exercise.search_text and " hamstring " in exercise.search_text


def test_status_option_overrides_the_files_status(tmp_path):
    run_import(forge_file(tmp_path, forge_record()), "--status", "draft")
    assert exercise_export_list().get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps({"exercises": [forge_record(name="")]}),
            "Record 0 (id 'lying-glutes-stretch'), field 'name'",
        ),
        (
            json.dumps({"exercises": [forge_record(difficulty="legendary")]}),
            "field 'difficulty': unknown value 'legendary'",
        ),
        (
            json.dumps({"exercises": [forge_record(), forge_record(source_id="other")]}),
            "Record 1 (id 'other'), field 'slug': 'lying-glutes-stretch' duplicates record 0",
        ),
        (
            json.dumps({"exercises": [forge_record(body_part="tail")]}),
            "field 'body_part': unknown body part 'tail'",
        ),
        (
            json.dumps(
                {
                    "exercises": [
                        forge_record(
                            prescription={
                                "hold_seconds": 90,
                                "hold_seconds_min": 20,
                                "hold_seconds_max": 60,
                                "per_side": True,
                                "reps_per_side": 1,
                            }
                        )
                    ]
                }
            ),
            "field 'prescription.hold_seconds_max'",
        ),
        (
            json.dumps(
                {"exercises": [forge_record(variations=[{"slug": "nope", "kind": "easier"}])]}
            ),
            "field 'variations[0].slug': no exercise has the slug 'nope'",
        ),
        (
            json.dumps({"format": "forge", "exercises": [], "taxonomy": {"tails": []}}),
            "taxonomy: unknown list 'tails'",
        ),
    ],
    ids=[
        "not-json",
        "missing-name",
        "unknown-level",
        "duplicate-slug",
        "unknown-body-part",
        "bad-prescription",
        "unknown-variation",
        "unknown-taxonomy",
    ],
)
def test_bad_input_fails_naming_the_record_and_leaves_the_database_as_it_was(
    tmp_path, content, message
):
    run_import(forge_file(tmp_path, forge_record(slug="plank", name="Plank", source_id="plank")))
    before = snapshot()
    path = write(tmp_path, content, name="bad.json")

    with pytest.raises(CommandError) as error:
        run_import(path)

    assert message in str(error.value)
    assert snapshot() == before


def test_a_slug_owned_by_another_exercise_is_refused(tmp_path):
    run_import(forge_file(tmp_path, forge_record()))
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, forge_record(source_id="someone-else")))

    assert "field 'slug': 'lying-glutes-stretch' already belongs to another exercise" in str(
        error.value
    )
    assert snapshot() == before


def test_a_taxonomy_name_taken_by_another_slug_is_refused(tmp_path):
    taxonomy = {"body_parts": [{"slug": "hind-legs", "name": "Legs"}]}

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, forge_record(), taxonomy=taxonomy))

    assert "taxonomy.body_parts[0] ('hind-legs'): name 'Legs' is already used by 'legs'." in str(
        error.value
    )
    assert not exercise_export_list().exists()


def test_a_command_line_failure_exits_non_zero(tmp_path):
    bad = write(tmp_path, "[1, 2", name="bad.json")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_exercises", str(bad)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )
    assert result.returncode != 0
    assert "not valid JSON" in result.stderr


def test_a_slug_reserved_for_history_pages_is_refused(tmp_path):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, forge_record(slug="exercises")))

    assert "field 'slug': 'exercises' is reserved for members' history pages" in str(error.value)
    assert snapshot() == before
