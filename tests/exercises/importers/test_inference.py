"""What the importers read off another catalogue's text: position, partner, props, holds."""

import pytest

from exercises.importers import exercisedb, free_exercise_db
from exercises.importers.inference import (
    contraindications,
    needs_partner_from,
    prescription_from,
    props_from,
    review_note_for,
    start_position_from,
)
from exercises.importers.records import Prescription


@pytest.mark.parametrize(
    ("step", "position"),
    [
        ("Lie on your back with your knees bent.", "lying-back"),
        ("Lie face down on the floor.", "lying-front"),
        ("Lie on your side with your legs stacked.", "lying-side"),
        ("Get down on all fours, hands under the shoulders.", "all-fours"),
        ("Kneel on a mat with your hips over your knees.", "kneeling"),
        ("Sit on the floor with your legs straight.", "seated"),
        ("Stand tall with your feet hip-width apart.", "standing"),
        ("Grab the bar and hang from it with straight arms.", "hanging"),
        ("Take a dumbbell in each hand.", ""),
    ],
)
def test_the_start_position_comes_from_the_first_step(step, position):
    assert start_position_from([step, "Lower yourself slowly."]) == position


def test_a_partner_is_read_from_the_steps_but_not_a_spotter():
    assert needs_partner_from("Seated Hamstring", ["Have your partner stand behind you."])
    assert not needs_partner_from("Bench Press", ["Use a spotter for heavy sets."])


def test_props_beyond_the_equipment():
    steps = ["Sit on a bench facing a wall, a towel under your heel."]
    assert props_from("Calf Stretch", steps, "body-weight") == ["bench", "wall", "towel"]
    # A bench exercise filed under the bench as equipment does not list it again.
    assert props_from("Step-Up", ["Step onto the bench."], "bench") == []


def test_holds_and_sides_come_from_the_steps():
    assert prescription_from(["Hold for 20-30 seconds.", "Switch sides."]) == Prescription(
        hold_seconds=25, hold_seconds_min=20, hold_seconds_max=30, per_side=True
    )
    assert prescription_from(["Repeat on the other side."]) == Prescription(per_side=True)
    assert prescription_from(["Press the weight up."]) is None


def test_jumps_filed_as_stretches_and_partner_moves_are_flagged():
    note = review_note_for(
        name="Frog Hops", category="stretching", steps=["Jump forward."], needs_partner=False
    )
    assert "plyometrics" in note
    assert "partner" in review_note_for(
        name="Partner Stretch", category="stretching", steps=[], needs_partner=True
    )
    assert review_note_for(name="Cat Cow", category="mobility", steps=[], needs_partner=False) == ""


def test_contraindications_become_loads_and_precautions():
    areas, text = contraindications(["knee injury", "lower back pain", "pregnancy"])
    assert areas == ["knees", "lower-back"]
    assert "knee injury; lower back pain; pregnancy" in text
    assert contraindications([]) == ([], "")


def test_free_exercise_db_records_carry_the_inferred_safety_data():
    record, problems = free_exercise_db.parse_record(
        {
            "id": "Seated_Hamstring",
            "name": "Seated Hamstring",
            "level": "beginner",
            "equipment": "body only",
            "category": "stretching",
            "primaryMuscles": ["hamstrings"],
            "secondaryMuscles": [],
            "instructions": [
                "Sit on the floor with your legs extended and have your partner stand behind.",
                "Hold for 10-20 seconds, then switch sides.",
            ],
        },
        0,
    )
    assert not problems and record is not None
    assert (record.start_position, record.needs_partner, record.reviewed) == (
        "seated",
        True,
        False,
    )
    assert record.prescription == Prescription(
        hold_seconds=15, hold_seconds_min=10, hold_seconds_max=20, per_side=True
    )
    assert "partner" in record.review_note


def test_exercisedb_contraindications_become_loads():
    record, problems = exercisedb.parse_record(
        {
            "id": "0101",
            "name": "deep squat",
            "bodyPart": "upper legs",
            "target": "quads",
            "secondaryMuscles": [],
            "equipment": "body weight",
            "instructions": ["Stand with your feet wide.", "Squat down."],
            "contraindicatedFor": ["Knee injury"],
        },
        0,
    )
    assert not problems and record is not None
    assert record.loads == ["knees"] and "Knee injury" in record.precautions
    assert (record.start_position, record.reviewed) == ("standing", False)
