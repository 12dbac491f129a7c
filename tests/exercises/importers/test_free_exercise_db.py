"""free-exercise-db: its vocabulary mapped onto Forge's, slugs derived, images explained."""

import pytest
from django.core.management import CommandError

from exercises.models import Exercise, ExerciseImage, ExerciseMuscle, Status
from exercises.selectors import exercise_export_list
from tests.exercises.importers.helpers import (
    GIF,
    SHARED,
    forge_file,
    forge_record,
    run_import,
    write,
)

pytestmark = pytest.mark.django_db

FEDB_FILE = SHARED / "exercises.json"
FEDB_IMAGES = SHARED / "images"
needs_dataset = pytest.mark.skipif(
    not FEDB_FILE.exists(), reason=f"free-exercise-db not found at {SHARED}"
)


def fedb(**overrides) -> dict:
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
    return raw | overrides


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
    assert (settings.MEDIA_ROOT / sit_up.images.get(is_main=True).image.name).is_file()
    # The report says what was missing and why, with the first few names.
    missing = 2 * (873 - len(with_images))
    assert (
        f"{2 * len(with_images)} images saved.\n{missing:,} image files named by "
        f"{873 - len(with_images)} records were not in {FEDB_IMAGES} (the folder holds "
        f"{2 * len(with_images)} files, in {len(with_images)} subfolders); those exercises "
        "were imported without them. First few: "
    ) in output

    rerun = run_import(FEDB_FILE, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES))
    assert "created 0, updated 0, left 873 unchanged" in rerun


def test_free_exercise_db_vocabulary_is_mapped(tmp_path):
    run_import(write(tmp_path, [fedb()]), "--format", "free-exercise-db", "--status", "published")

    exercise = exercise_export_list().get()
    assert exercise.slug == "test-row"
    assert exercise.difficulty == "advanced"
    assert exercise.equipment.slug == "kettlebell"
    assert exercise.body_part.slug == "back"
    assert exercise.status == Status.PUBLISHED
    assert [m.slug for m in exercise.secondary_muscles] == ["biceps"]
    assert ExerciseMuscle.objects.count() == 2


def test_free_exercise_db_unknown_values_name_every_record_and_field(tmp_path):
    raws = [
        fedb(id="Good", name="Good"),
        fedb(id="Bad_One", name="Bad", level="legendary", equipment="spoon"),
        fedb(id="Bad_Two", name="", primaryMuscles=[]),
    ]
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, raws), "--format", "free-exercise-db")

    message = str(error.value)
    assert message.startswith("4 problems in 2 records; nothing was imported:")
    assert "Record 1 (id 'Bad_One'), field 'level': unknown value 'legendary'" in message
    assert "Record 1 (id 'Bad_One'), field 'equipment': unknown value 'spoon'" in message
    assert "Record 2 (id 'Bad_Two'), field 'name': is required." in message
    assert "Record 2 (id 'Bad_Two'), field 'primaryMuscles': needs at least one muscle." in message
    assert not Exercise.objects.exists()


def test_an_imported_name_never_takes_another_exercises_slug(tmp_path):
    run_import(forge_file(tmp_path, forge_record(slug="plank", name="Plank", source_id="plank")))

    run_import(
        write(tmp_path, [fedb(id="Plank_Row", name="Plank Row")], name="fedb.json"),
        "--format",
        "free-exercise-db",
    )

    assert set(Exercise.objects.values_list("slug", flat=True)) == {"plank", "plank-row"}


def test_the_same_movement_from_another_catalogue_is_linked_not_duplicated(tmp_path):
    run_import(forge_file(tmp_path, forge_record(slug="plank", name="Plank", source_id="plank")))

    output = run_import(
        write(tmp_path, [fedb(id="Plank", name="Plank")], name="fedb.json"),
        "--format",
        "free-exercise-db",
    )

    assert list(Exercise.objects.values_list("slug", flat=True)) == ["plank"]
    assert "linked 1 to exercises already here" in output
    assert list(Exercise.objects.get().linked_sources.values_list("source", "source_id")) == [
        ("free-exercise-db", "Plank")
    ]


def test_images_named_without_an_images_folder_are_explained(tmp_path):
    raw = fedb(images=["Test_Row/0.jpg", "Test_Row/1.jpg"])

    output = run_import(write(tmp_path, [raw]), "--format", "free-exercise-db")

    assert (
        "2 image files named by 1 record left out: no --images folder was given to read them "
        "from." in output
    )
    assert not ExerciseImage.objects.exists()


def test_only_the_missing_images_are_listed(tmp_path):
    images = tmp_path / "images"
    (images / "Test_Row").mkdir(parents=True)
    (images / "Test_Row" / "0.gif").write_bytes(GIF)
    raw = fedb(images=["Test_Row/0.gif", "Test_Row/1.gif"])

    output = run_import(
        write(tmp_path, [raw]), "--format", "free-exercise-db", "--images", str(images)
    )

    assert "1 image saved." in output
    assert (
        f"1 image file named by 1 record was not in {images} (the folder holds 1 file, in "
        "1 subfolder); those exercises were imported without them. First few: Test_Row/1.gif."
    ) in output
    assert list(ExerciseImage.objects.values_list("alt_text", "is_main")) == [
        ("Test Row, start position: pull.", True)
    ]


def test_a_name_whose_slug_is_reserved_gets_the_next_free_one(tmp_path):
    run_import(
        write(tmp_path, [fedb(id="Exercises", name="Exercises")], name="fedb.json"),
        "--format",
        "free-exercise-db",
    )

    assert list(Exercise.objects.values_list("slug", flat=True)) == ["exercises-2"]
