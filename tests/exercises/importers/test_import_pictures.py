"""Pictures through the importer: roles, credit and alt text from the record, renditions made
at import time, two records of one catalogue linked to one exercise, the starter's pictures."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError
from PIL import Image

from exercises.importers.free_exercise_db import IMAGE_CREDIT, alt_texts
from exercises.models import Exercise, ExerciseImage
from exercises.pictures import SIZES
from tests.exercises.importers.helpers import SHARED, forge_file, forge_record, run_import, write

pytestmark = pytest.mark.django_db

FEDB_FILE = SHARED / "exercises.json"
FEDB_IMAGES = SHARED / "images"
PROJECT = Path(__file__).resolve().parents[3]
STARTER = PROJECT / "exercises" / "data" / "starter_catalogue.json"
STARTER_IMAGES = PROJECT / "exercises" / "data" / "images"
needs_dataset = pytest.mark.skipif(
    not FEDB_FILE.exists(), reason=f"free-exercise-db not found at {SHARED}"
)


def _records(*ids: str) -> list[dict]:
    wanted = set(ids)
    return [r for r in json.loads(FEDB_FILE.read_text()) if r["id"] in wanted]


@needs_dataset
def test_two_records_linked_to_one_exercise_give_it_one_pair_of_pictures(tmp_path):
    # The reported crash: after the starter catalogue, "Clean" and "Power Clean" both match
    # its Barbell Power Clean, and each tried to add a main picture to it.
    run_import(
        forge_file(
            tmp_path,
            forge_record(
                slug="barbell-power-clean",
                name="Barbell Power Clean",
                aliases=["Power Clean", "Clean"],
                images=[],
                variations=[],
            ),
        )
    )
    path = write(tmp_path, _records("Clean", "Power_Clean"))

    output = run_import(path, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES))

    assert "linked 2 to exercises already here" in output
    assert "2 images saved." in output
    exercise = Exercise.objects.get(slug="barbell-power-clean")
    images = list(exercise.images.order_by("position"))
    assert [(i.role, i.is_main, i.credit) for i in images] == [
        ("start", True, IMAGE_CREDIT),
        ("end", False, IMAGE_CREDIT),
    ]
    # The first record's pictures, under the exercise's own folder.
    assert [i.image.name.rsplit("/", 1)[1] for i in images] == ["0.jpg", "1.jpg"]
    assert images[0].alt_text.startswith("Clean, start position: ")
    assert Exercise.objects.filter(source="free-exercise-db").count() == 0


@needs_dataset
def test_imported_pictures_get_alt_text_roles_credit_and_renditions(tmp_path):
    path = write(tmp_path, _records("3_4_Sit-Up"))

    output = run_import(path, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES))

    assert "2 images saved." in output
    start, end = ExerciseImage.objects.order_by("position")
    assert start.alt_text == (
        "3/4 Sit-Up, start position: lie down on the floor and secure your feet."
    )
    assert end.alt_text == (
        "3/4 Sit-Up, end position: flex your hips and spine to raise your torso toward your knees."
    )
    assert (start.role, end.role) == ("start", "end")
    assert (start.width, start.height) == Image.open(FEDB_IMAGES / "3_4_Sit-Up/0.jpg").size
    assert set(start.renditions) == set(SIZES)
    for label, width in SIZES.items():
        rendition = start.renditions[label]
        assert rendition["width"] <= width
        assert abs(rendition["width"] / rendition["height"] - start.width / start.height) < 0.02
        for key, fmt in (("webp", "WEBP"), ("jpeg", "JPEG")):
            with Image.open(django_settings.MEDIA_ROOT / rendition[key]) as file:
                assert file.format == fmt
                assert file.size == (rendition["width"], rendition["height"])
    # 750 × 500 scaled to fit 320, 480 and 640 px wide.
    assert {label: (r["width"], r["height"]) for label, r in start.renditions.items()} == {
        "thumb": (320, 213),
        "card": (480, 320),
        "full": (640, 427),
    }


@needs_dataset
def test_a_dry_run_makes_no_renditions(tmp_path):
    path = write(tmp_path, _records("3_4_Sit-Up"))

    output = run_import(
        path, "--format", "free-exercise-db", "--images", str(FEDB_IMAGES), "--dry-run"
    )

    assert "2 images saved." in output
    assert ExerciseImage.objects.count() == 0
    assert not (django_settings.MEDIA_ROOT / "renditions").exists()


def test_alt_text_falls_back_to_the_name_and_equipment_without_instructions():
    assert alt_texts("Sled Push", [], "other") == [
        "Sled Push with a other: start position",
        "Sled Push with a other: end position",
    ]
    assert alt_texts("Plank", [], "body-weight") == ["Plank: start position", "Plank: end position"]


def test_alt_text_skips_words_that_say_nothing_about_the_position():
    texts = alt_texts(
        "World's Greatest Stretch",
        [
            "This is a three-part stretch. Lunge forward, with your front foot flat.",
            "This will be your starting position.",
            "Now, place the arm on the ground.",
        ],
        "body-weight",
    )
    assert texts == [
        "World's Greatest Stretch, start position: lunge forward, with your front foot flat.",
        "World's Greatest Stretch, end position: place the arm on the ground.",
    ]


def test_alt_text_is_cut_on_a_word_to_fit_the_field():
    long_step = "Stand " + "very " * 80 + "tall."
    start, _ = alt_texts("Wall Sit", [long_step], "body-weight")
    assert len(start) <= 200 and start.endswith("very…")


def test_the_starter_catalogue_ships_its_linked_pictures_and_loads_them(tmp_path):
    output = run_import(STARTER, "--images", str(STARTER_IMAGES))

    shipped = sorted(
        p.relative_to(STARTER_IMAGES).as_posix() for p in STARTER_IMAGES.rglob("*.jpg")
    )
    assert len(shipped) == 102
    assert f"{len(shipped)} images saved." in output
    images = ExerciseImage.objects.select_related("exercise")
    assert sorted(f"{i.exercise.slug}/{i.image.name.rsplit('/', 1)[1]}" for i in images) == shipped
    assert {i.credit for i in images} == {IMAGE_CREDIT}
    assert sorted({i.role for i in images}) == ["end", "start"]
    assert Exercise.objects.filter(images__is_main=True).count() == 51
    assert all(set(i.renditions) == set(SIZES) for i in images)
    # Only pictures the catalogue names are shipped, nothing else.
    named = sorted(
        image["file"]
        for record in json.loads(STARTER.read_text())["exercises"]
        for image in record["images"]
    )
    assert named == shipped


def test_a_forge_image_role_must_be_known(tmp_path):
    (tmp_path / "images").mkdir()
    path = forge_file(
        tmp_path, forge_record(images=[{"file": "a.jpg", "alt_text": "A", "role": "middle"}])
    )
    with pytest.raises(CommandError) as error:
        run_import(path, "--images", str(tmp_path / "images"))
    assert "field 'images[0].role': unknown value 'middle'" in str(error.value)
    assert Exercise.objects.count() == 0
