"""ExerciseDB: vocabulary through the mapping tables, title-cased names, holds from the text."""

import pytest
from django.core.management import CommandError

from exercises.importers import exercisedb
from exercises.importers.records import Prescription
from exercises.models import Exercise, Status
from exercises.selectors import exercise_export_list
from tests.exercises.importers.helpers import FIXTURES, run_import, snapshot

pytestmark = pytest.mark.django_db

GOOD = FIXTURES / "exercisedb.json"
BAD = FIXTURES / "exercisedb_bad.json"


def import_fixture(path=GOOD, *args) -> str:
    return run_import(path, "--format", "exercisedb", *args)


def test_the_fixture_imports_as_drafts_with_source_and_licence():
    output = import_fixture()

    assert "created 6, updated 0, left 0 unchanged" in output
    assert "3 image URLs named by 3 records left out: add --fetch-images" in output
    assert set(Exercise.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(Exercise.objects.values_list("source", "licence", "source_url")) == {
        ("exercisedb", exercisedb.LICENCE, exercisedb.SOURCE_URL)
    }
    assert sorted(Exercise.objects.values_list("source_id", "name", "slug")) == [
        ("0001", "3/4 Sit-Up", "34-sit-up"),
        ("0002", "EZ Barbell Curl", "ez-barbell-curl"),
        ("0003", "Jump Rope", "jump-rope"),
        ("0004", "Side Bridge Hold on the Knees", "side-bridge-hold-on-the-knees"),
        ("0005", "Neck Side Stretch", "neck-side-stretch"),
        ("0101", "Seated Hamstring Stretch", "seated-hamstring-stretch"),
    ]


def test_vocabulary_is_mapped_onto_forges():
    import_fixture()
    rows = {e.source_id: e for e in exercise_export_list()}

    stretch = rows["0101"]
    assert (stretch.body_part.slug, stretch.equipment.slug, stretch.category.slug) == (
        "legs",
        "body-weight",
        "stretching",
    )
    assert [m.slug for m in stretch.target_muscles] == ["hamstrings"]
    # "Calves" is matched whatever its case; "ankles" names a joint, not a muscle.
    assert [m.slug for m in stretch.secondary_muscles] == ["calves", "lower-back"]
    assert [s.text for s in stretch.steps.all()] == [
        "Sit on the floor with one leg straight and the other foot tucked against the inner thigh.",
        "Reach toward the toes of the straight leg and hold for 20-30 seconds.",
        "Switch sides and repeat with the other leg.",
    ]
    sit_up = rows["0001"]
    assert (sit_up.body_part.slug, sit_up.difficulty, sit_up.category.slug) == (
        "core",
        "intermediate",
        "strength",
    )
    assert sit_up.summary.startswith("A partial sit-up")
    assert [m.slug for m in sit_up.secondary_muscles] == ["hip-flexors", "lower-back"]
    curl = rows["0002"]
    assert (curl.body_part.slug, curl.equipment.slug) == ("arms", "e-z-bar")
    # "brachialis" maps to the biceps, already the target, so it is not repeated.
    assert [m.slug for m in curl.secondary_muscles] == ["forearms"]
    rope = rows["0003"]
    assert (rope.body_part.slug, rope.equipment.slug, rope.category.slug) == (
        "full-body",
        "other",
        "cardio",
    )
    assert rope.target_muscles == []
    assert rope.summary == "Jump Rope is an exercise for the full body."
    neck = rows["0005"]
    assert ([m.slug for m in neck.target_muscles], neck.category.slug) == (["neck"], "stretching")


def test_holds_are_read_from_the_instructions():
    import_fixture()
    holds = {
        e.source_id: (e.hold_seconds_min, e.hold_seconds, e.hold_seconds_max, e.per_side)
        for e in Exercise.objects.all()
    }

    assert holds["0101"] == (20, 25, 30, True)
    assert holds["0004"] == (60, 60, 60, True)
    assert holds["0002"] == (None, None, None, False)


@pytest.mark.parametrize(
    ("text", "prescription"),
    [
        ("Hold for 20-30 seconds.", Prescription(25, 20, 30)),
        ("Hold the stretch 15 to 45 secs, then switch sides.", Prescription(30, 15, 45, True)),
        ("Hold 2 minutes.", Prescription(120, 120, 120)),
        ("Repeat ten times on each side.", Prescription(per_side=True)),
        ("Press the bar up for 10 reps.", None),
        ("Hold for 0 seconds.", None),
    ],
)
def test_prescription_from_instruction_text(text, prescription):
    assert exercisedb.prescription_from([text]) == prescription


def test_title_case_keeps_small_words_and_abbreviations():
    assert exercisedb.title_case("dumbbell one arm row (v. 2)") == "Dumbbell One Arm Row (V. 2)"
    assert exercisedb.title_case("bosu ball squat with a twist") == "BOSU Ball Squat with a Twist"


def test_reimporting_the_fixture_changes_nothing():
    import_fixture()
    before = snapshot()

    output = import_fixture()

    assert "created 0, updated 0, left 6 unchanged" in output
    assert snapshot() == before


def test_bad_records_fail_with_every_error_listed_and_the_database_unchanged():
    import_fixture()
    before = snapshot()

    with pytest.raises(CommandError) as error:
        import_fixture(BAD)

    assert str(error.value).splitlines() == [
        "10 problems in 2 records; nothing was imported:",
        "  Record 1 (id '0201'), field 'bodyPart': unknown value 'tail'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.BODY_PARTS)
        + ".",
        "  Record 1 (id '0201'), field 'target': unknown value 'wagging muscles'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.TARGETS)
        + ".",
        "  Record 1 (id '0201'), field 'equipment': unknown value 'hula hoop'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.EQUIPMENT)
        + ".",
        "  Record 1 (id '0201'), field 'difficulty': unknown value 'legendary'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.DIFFICULTIES)
        + ".",
        "  Record 1 (id '0201'), field 'secondaryMuscles': unknown value 'spleen'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.SECONDARY_MUSCLES)
        + ".",
        "  Record 1 (id '0201'), field 'secondaryMuscles': unknown value 'eyebrows'; expected "
        "one of " + ", ".join(repr(k) for k in exercisedb.SECONDARY_MUSCLES) + ".",
        "  Record 2 (id '0202'), field 'name': is required.",
        "  Record 2 (id '0202'), field 'category': unknown value 'yoga'; expected one of "
        + ", ".join(repr(k) for k in exercisedb.CATEGORIES)
        + ".",
        "  Record 2 (id '0202'), field 'instructions': must be a list of texts.",
        "  Record 2 (id '0202'), field 'gifUrl': 'ftp://images.example.org/0202.gif' is not an "
        "http(s) URL.",
    ]
    assert snapshot() == before
