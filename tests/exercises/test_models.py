import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from exercises.models import (
    BodyPart,
    Exercise,
    ExerciseImage,
    ExerciseMuscle,
    ExerciseVariation,
    Muscle,
)
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _image(exercise, *, is_main):
    return ExerciseImage.objects.create(
        exercise=exercise,
        image=SimpleUploadedFile("pic.gif", GIF, content_type="image/gif"),
        alt_text="A person stretching",
        is_main=is_main,
    )


def test_exercise_slugs_are_unique():
    ExerciseFactory(name="Plank", slug="plank")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(name="Plank again", slug="plank", source_id="other")


def test_an_exercise_has_at_most_one_main_image():
    exercise = ExerciseFactory()
    _image(exercise, is_main=True)
    _image(exercise, is_main=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        _image(exercise, is_main=True)
    assert exercise.images.filter(is_main=True).count() == 1


def test_database_rejects_a_default_hold_outside_its_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(hold_seconds=90, hold_seconds_min=20, hold_seconds_max=60)
    assert not Exercise.objects.exists()


def test_database_rejects_a_partial_hold_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(hold_seconds=30, hold_seconds_min=None, hold_seconds_max=60)


def test_database_accepts_a_hold_range_in_order():
    exercise = ExerciseFactory(stretch=True)
    assert exercise.is_timed


def test_clean_reports_hold_errors_by_field():
    exercise = ExerciseFactory.build(hold_seconds=10, hold_seconds_min=20, hold_seconds_max=60)
    with pytest.raises(ValidationError) as error:
        exercise.clean()
    assert "hold_seconds_min" in error.value.message_dict


def test_clean_reports_missing_hold_fields_by_field():
    exercise = ExerciseFactory.build(hold_seconds=30)
    with pytest.raises(ValidationError) as error:
        exercise.clean()
    assert set(error.value.message_dict) == {"hold_seconds_min", "hold_seconds_max"}


def test_body_part_slug_cannot_shadow_a_listing_url():
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyPart.objects.create(name="Equipment", slug="equipment")
    with pytest.raises(ValidationError) as error:
        BodyPart(name="Muscle", slug="muscle").full_clean()
    assert "slug" in error.value.message_dict


def test_a_muscle_is_linked_to_an_exercise_once():
    exercise = ExerciseFactory(target=["glutes"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseMuscle.objects.create(
            exercise=exercise,
            muscle=Muscle.objects.get(slug="glutes"),
            role=ExerciseMuscle.Role.SECONDARY,
        )


def test_an_exercise_is_not_its_own_variation():
    exercise = ExerciseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseVariation.objects.create(exercise=exercise, variation=exercise, kind="easier")


def test_imported_records_are_unique_per_source():
    ExerciseFactory(name="A", source="free-exercise-db", source_id="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(name="B", source="free-exercise-db", source_id="X")


def test_target_muscles_come_before_secondary_ones():
    exercise = ExerciseFactory(target=["glutes"], secondary=["abductors", "hamstrings"])
    assert [m.slug for m in exercise.target_muscles] == ["glutes"]
    assert [m.slug for m in exercise.secondary_muscles] == ["abductors", "hamstrings"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "hold_seconds": 30,
                "hold_seconds_min": 20,
                "hold_seconds_max": 60,
                "per_side": True,
                "reps_per_side": 1,
            },
            "Hold 30 s, each side",
        ),
        (
            {
                "hold_seconds": 30,
                "hold_seconds_min": 20,
                "hold_seconds_max": 60,
                "reps_per_side": 3,
            },
            "Hold 30 s × 3",
        ),
        ({"per_side": True, "reps_per_side": 10}, "10 reps, each side"),
        ({}, ""),
    ],
)
def test_prescription_reads_as_plain_text(fields, expected):
    assert ExerciseFactory.build(**fields).prescription_text == expected


@pytest.mark.django_db
def test_an_exercise_may_not_take_a_slug_reserved_for_history_pages():
    exercise = ExerciseFactory(slug="plank")
    exercise.slug = "exercises"

    with pytest.raises(ValidationError) as error:
        exercise.full_clean()
    assert error.value.message_dict["slug"] == [
        "“exercises” is reserved for members' history pages; choose another slug."
    ]
    # The database refuses it too (a CHECK constraint), whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        exercise.save()
