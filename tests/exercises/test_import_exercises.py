import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from exercises.importers import exercise_to_record
from exercises.models import (
    BodyPart,
    Exercise,
    ExerciseImage,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseVariation,
    Status,
)
from exercises.selectors import exercise_export_list

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "free-exercise-db"
FEDB_FILE = SHARED / "exercises.json"
FEDB_IMAGES = SHARED / "images"
needs_dataset = pytest.mark.skipif(
    not FEDB_FILE.exists(), reason=f"free-exercise-db not found at {SHARED}"
)


def forge_record(**overrides) -> dict:
    record = {
        "slug": "lying-glutes-stretch",
        "name": "Lying Glutes Stretch",
        "summary": "A gentle stretch for the glutes, done lying on your back.",
        "aliases": ["Figure-four stretch"],
        "body_part": "legs",
        "equipment": "machine",
        "category": "stretching",
        "difficulty": "beginner",
        "force": "static",
        "mechanic": "",
        "target_muscles": ["glutes"],
        "secondary_muscles": ["hamstrings"],
        "steps": ["Lie down.", "Cross an ankle.", "Draw the thigh in.", "Hold, then switch."],
        "tips": ["Breathe.", "Relax the neck.", "Go slowly."],
        "mistakes": ["Bouncing.", "Holding your breath.", "Lifting the head."],
        "faq": [{"question": "How long?", "answer": "20 to 60 seconds a side."}],
        "prescription": {
            "hold_seconds": 30,
            "hold_seconds_min": 20,
            "hold_seconds_max": 60,
            "per_side": True,
            "reps_per_side": 1,
        },
        "images": [],
        "variations": [],
        "status": "published",
        "is_featured": True,
        "source": "forge",
        "source_id": "lying-glutes-stretch",
        "source_url": "",
        "licence": "CC BY-SA 4.0",
    }
    record.update(overrides)
    return record


def write(tmp_path: Path, data, name="catalogue.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def forge_file(tmp_path, *records, **extra) -> Path:
    return write(tmp_path, {"format": "forge", "version": 1, "exercises": list(records), **extra})


def snapshot() -> list[dict]:
    """Everything the importer can write, in comparable form."""
    rows = [exercise_to_record(exercise) for exercise in exercise_export_list()]
    vocabulary = sorted(BodyPart.objects.values_list("slug", "name", "description"))
    return [*rows, {"body_parts": vocabulary}]


def run_import(path, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_exercises", str(path), *args, stdout=out)
    return out.getvalue()


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


def test_status_option_overrides_the_files_status(tmp_path):
    run_import(forge_file(tmp_path, forge_record()), "--status", "draft")
    assert Exercise.objects.get().status == Status.DRAFT


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
    ],
    ids=[
        "not-json",
        "missing-name",
        "unknown-level",
        "duplicate-slug",
        "unknown-body-part",
        "bad-prescription",
        "unknown-variation",
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


def test_a_non_image_in_the_images_folder_is_refused(tmp_path):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    (images / "lying" / "0.jpg").write_text("this is not a picture")
    record = forge_record(images=[{"file": "lying/0.jpg", "alt_text": "Start", "is_main": True}])

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, record), "--images", str(images))

    assert "Record 0 (id 'lying-glutes-stretch'), field 'images[0].file'" in str(error.value)
    assert not Exercise.objects.exists()
    assert not ExerciseImage.objects.exists()


def test_a_command_line_failure_exits_non_zero(tmp_path):
    import subprocess
    import sys

    bad = write(tmp_path, "[1, 2", name="bad.json")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_exercises", str(bad)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode != 0
    assert "not valid JSON" in result.stderr


@needs_dataset
def test_the_whole_free_exercise_db_imports_with_its_images(tmp_path, settings):
    output = run_import(FEDB_FILE, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES))

    assert "created 873" in output
    assert Exercise.objects.count() == 873
    assert Exercise.objects.filter(status=Status.DRAFT).count() == 873
    # Every exercise in the images folder got its two pictures, the first one main.
    with_images = {p.name for p in FEDB_IMAGES.iterdir() if p.is_dir()}
    assert ExerciseImage.objects.count() == 2 * len(with_images)
    assert (
        set(Exercise.objects.filter(images__isnull=False).values_list("source_id", flat=True))
        == with_images
    )
    assert ExerciseImage.objects.filter(is_main=True).count() == len(with_images)
    sit_up = exercise_export_list().get(source="free-exercise-db", source_id="3_4_Sit-Up")
    assert sit_up.body_part.slug == "core"  # from its primary muscle, abdominals
    assert sit_up.equipment.slug == "body-weight"  # "body only"
    assert sit_up.licence and sit_up.source_url
    assert (Path(settings.MEDIA_ROOT) / sit_up.images.get(is_main=True).image.name).is_file()

    rerun = run_import(FEDB_FILE, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES))
    assert "created 0, updated 0, left 873 unchanged" in rerun


def test_free_exercise_db_vocabulary_is_mapped(tmp_path):
    raw = {
        "id": "Test_Row",
        "name": "Test Row",
        "force": "pull",
        "level": "expert",
        "mechanic": "compound",
        "equipment": "kettlebells",
        "primaryMuscles": ["middle back"],
        "secondaryMuscles": ["biceps", "middle back"],
        "instructions": ["Pull.", "Lower."],
        "category": "strength",
        "images": [],
    }
    run_import(write(tmp_path, [raw]), "--format", "free-exercise-db", "--status", "published")

    exercise = exercise_export_list().get()
    assert exercise.slug == "test-row"
    assert exercise.difficulty == "advanced"
    assert exercise.equipment.slug == "kettlebell"
    assert exercise.body_part.slug == "back"
    assert exercise.status == Status.PUBLISHED
    assert [m.slug for m in exercise.secondary_muscles] == ["biceps"]
    assert ExerciseMuscle.objects.count() == 2


def test_free_exercise_db_unknown_level_names_the_record(tmp_path):
    raws = [
        {
            "id": "Good",
            "name": "Good",
            "level": "beginner",
            "category": "strength",
            "primaryMuscles": ["chest"],
        },
        {
            "id": "Bad_One",
            "name": "Bad",
            "level": "legendary",
            "category": "strength",
            "primaryMuscles": ["chest"],
        },
    ]
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, raws), "--format", "free-exercise-db")
    assert "Record 1 (id 'Bad_One'), field 'level': unknown value 'legendary'" in str(error.value)
    assert not Exercise.objects.exists()


def test_an_imported_name_never_takes_another_exercises_slug(tmp_path):
    run_import(forge_file(tmp_path, forge_record(slug="plank", name="Plank", source_id="plank")))
    raw = {
        "id": "Plank",
        "name": "Plank",
        "level": "beginner",
        "category": "strength",
        "primaryMuscles": ["abdominals"],
    }

    run_import(write(tmp_path, [raw], name="fedb.json"), "--format", "free-exercise-db")

    assert set(Exercise.objects.values_list("slug", flat=True)) == {"plank", "plank-2"}


def test_export_then_import_into_an_empty_database_reproduces_the_catalogue(tmp_path, settings):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    (images / "lying" / "0.gif").write_bytes(
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
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


def test_rerun_is_unchanged_when_storage_renamed_an_image(tmp_path, settings):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    (images / "lying" / "0.gif").write_bytes(gif)
    # A file left at the target name makes the storage pick "0_<random>.gif" instead.
    taken = Path(settings.MEDIA_ROOT) / "exercises" / "lying-glutes-stretch" / "0.gif"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(gif)
    record = forge_record(images=[{"file": "lying/0.gif", "alt_text": "Start", "is_main": True}])
    path = forge_file(tmp_path, record)
    run_import(path, "--images", str(images))
    stored = ExerciseImage.objects.get().image.name
    assert stored != "exercises/lying-glutes-stretch/0.gif"

    output = run_import(path, "--images", str(images))

    assert "left 1 unchanged" in output and "0 images saved" in output
    assert ExerciseImage.objects.get().image.name == stored
