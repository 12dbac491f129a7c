"""The safety data of the starter catalogue and the shipped routines, read from the JSON files.

No database: these read exercises/data/starter_catalogue.json and plans/data/routines.json the
way an editor would, so they hold whatever the importer does with the fields.
"""

import json
import re
import string
from collections import defaultdict
from pathlib import Path

import pytest

from exercises.search_text import phrase, words

PROJECT = Path(__file__).resolve().parents[2]
STARTER = PROJECT / "exercises" / "data" / "starter_catalogue.json"
ROUTINES = PROJECT / "plans" / "data" / "routines.json"

POSITIONS = {
    "standing",
    "seated",
    "kneeling",
    "all-fours",
    "lying-back",
    "lying-front",
    "lying-side",
    "hanging",
}
AREAS = {"knees", "lower-back", "neck", "shoulders", "wrists", "elbows", "hips", "ankles"}
PROPS = {
    "wall",
    "chair",
    "step",
    "bar",
    "bench",
    "box",
    "towel",
    "strap",
    "mat",
    "cushion",
    "doorway",
    "ab-wheel",
}
SAFETY_KEYS = [
    "start_position",
    "loads",
    "needs_partner",
    "props",
    "precautions",
    "breathing",
    "reviewed",
]
# What a step names when the thing it needs is a prop, not equipment.
PROP_WORDS = {
    "step": re.compile(r"\b(?:step of a staircase|stairs?|staircase)\b", re.IGNORECASE),
    "bar": re.compile(r"\bpull-up bar\b|\bbar in a rack\b", re.IGNORECASE),
    "ab-wheel": re.compile(r"\bab wheel\b", re.IGNORECASE),
    "towel": re.compile(r"\btowel\b", re.IGNORECASE),
    "box": re.compile(r"\bbox\b", re.IGNORECASE),
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LONGEST_SHARED_SENTENCE = 8
# Words of an exercise's name that say nothing about which exercise it is.
GENERIC_NAME_WORDS = {"stretch", "pose", "hold", "the", "a", "with", "and", "of", "to"}
FINISH = re.compile(r"\bfinish(?:es|ing)?\b([^.;:]*)", re.IGNORECASE)
STARTS_WITH_DRILLS = re.compile(r"\beach starts with (\w+) easy warm-up drills?\b", re.IGNORECASE)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}
LEVELS = {"beginner": 0, "intermediate": 1, "advanced": 2}


@pytest.fixture(scope="module")
def exercises() -> list[dict]:
    return json.loads(STARTER.read_text())["exercises"]


@pytest.fixture(scope="module")
def by_slug(exercises) -> dict[str, dict]:
    return {exercise["slug"]: exercise for exercise in exercises}


@pytest.fixture(scope="module")
def routines() -> list[dict]:
    return json.loads(ROUTINES.read_text())["routines"]


def sentences_of(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def normalised(sentence: str) -> str:
    sentence = re.sub(rf"[{re.escape(string.punctuation)}–—‘’“”…]", " ", sentence.lower())
    return " ".join(sentence.split())


def name_words(exercise: dict) -> set[str]:
    names = [exercise["name"], *exercise["aliases"]]
    return {w for name in names for w in words(name)} - GENERIC_NAME_WORDS


def test_every_exercise_has_every_safety_key_with_an_allowed_value(exercises):
    wrong = []
    for exercise in exercises:
        slug = exercise["slug"]
        missing = [key for key in SAFETY_KEYS if key not in exercise]
        if missing:
            wrong.append((slug, "missing", missing))
            continue
        if exercise["start_position"] not in POSITIONS:
            wrong.append((slug, "start_position", exercise["start_position"]))
        loads = exercise["loads"]
        if not loads or not set(loads) <= AREAS or len(set(loads)) != len(loads):
            wrong.append((slug, "loads", loads))
        props = exercise["props"]
        if not set(props) <= PROPS or len(set(props)) != len(props):
            wrong.append((slug, "props", props))
        if exercise["needs_partner"] is not False:
            wrong.append((slug, "needs_partner", exercise["needs_partner"]))
        if exercise["reviewed"] is not True:
            wrong.append((slug, "reviewed", exercise["reviewed"]))
        if exercise["equipment"] in props:
            wrong.append((slug, "props repeat the equipment", exercise["equipment"]))
    assert wrong == []


def test_precautions_are_two_to_four_sentences_and_breathing_one_or_two(exercises):
    wrong = []
    for exercise in exercises:
        precautions = sentences_of(exercise["precautions"].strip())
        breathing = sentences_of(exercise["breathing"].strip())
        if not 2 <= len(precautions) <= 4:
            wrong.append((exercise["slug"], "precautions", len(precautions)))
        if not 1 <= len(breathing) <= 2:
            wrong.append((exercise["slug"], "breathing", len(breathing)))
    assert wrong == []


@pytest.mark.parametrize("key", ["precautions", "breathing"])
def test_no_two_exercises_share_a_safety_text_or_a_long_sentence_of_one(exercises, key):
    owners = defaultdict(set)
    for exercise in exercises:
        owners[normalised(exercise[key])].add(exercise["slug"])
        for sentence in sentences_of(exercise[key]):
            if len(normalised(sentence).split()) > LONGEST_SHARED_SENTENCE:
                owners[normalised(sentence)].add(exercise["slug"])
    shared = {text: sorted(slugs) for text, slugs in owners.items() if len(slugs) > 1}
    assert shared == {}


def test_no_alias_is_another_exercises_name_or_alias(exercises):
    owners = defaultdict(set)
    for exercise in exercises:
        for name in [exercise["name"], *exercise["aliases"]]:
            owners[phrase(name)].add(exercise["slug"])
    collisions = {name: sorted(slugs) for name, slugs in owners.items() if len(slugs) > 1}
    assert collisions == {}


def test_the_two_audited_alias_collisions_stay_with_their_own_exercise(by_slug):
    assert "Posterior Shoulder Stretch" in by_slug["cross-body-shoulder-stretch"]["aliases"]
    assert "Posterior Shoulder Stretch" not in by_slug["sleeper-stretch"]["aliases"]
    assert "Seated Twist" in by_slug["seated-spinal-twist"]["aliases"]
    assert "Seated Twist" not in by_slug["medicine-ball-russian-twist"]["aliases"]


def test_leg_swings_steps_ask_for_as_many_swings_as_the_prescription(by_slug):
    leg_swings = by_slug["leg-swings"]
    counts = re.findall(r"\d+", " ".join(leg_swings["steps"]))
    assert leg_swings["prescription"]["per_side"] is True
    assert counts == [str(leg_swings["prescription"]["reps_per_side"])]
    assert "side to side" not in leg_swings["summary"]


def test_every_counted_step_agrees_with_the_reps_of_an_untimed_exercise(exercises):
    """ "Repeat 8 times", "about 10 reps": a count in the steps is the prescribed count."""
    count = re.compile(r"\b(\d+)\s+(?:slow\s+)?(?:times|reps|swings|switches|circles)\b")
    wrong = []
    for exercise in exercises:
        prescription = exercise["prescription"] or {}
        reps = prescription.get("reps_per_side")
        if not reps or prescription.get("hold_seconds"):
            continue
        for step in exercise["steps"]:
            wrong += [(exercise["slug"], step) for n in count.findall(step) if int(n) != reps]
    assert wrong == []


def test_one_sided_strength_moves_in_routines_are_prescribed_per_side(by_slug, routines):
    per_side_items = {
        item["exercise"]
        for routine in routines
        for day in routine["days"]
        for item in day["items"]
        if item.get("per_side")
    }
    not_per_side = [
        slug
        for slug in sorted(per_side_items)
        if not (by_slug[slug]["prescription"] or {}).get("per_side")
    ]
    assert not_per_side == []


def test_no_exercise_files_a_prop_under_equipment_other(exercises):
    misfiled = []
    for exercise in exercises:
        if exercise["equipment"] != "other":
            continue
        text = " ".join(exercise["steps"])
        misfiled += [
            (exercise["slug"], prop) for prop, pattern in PROP_WORDS.items() if pattern.search(text)
        ]
    assert misfiled == []


@pytest.mark.parametrize(
    ("slug", "props"),
    [
        ("step-heel-drop-stretch", {"step"}),
        ("pull-up", {"bar"}),
        ("hanging-knee-raise", {"bar"}),
        ("inverted-row", {"bar"}),
        ("ab-wheel-rollout", {"ab-wheel"}),
        ("box-jump", {"box"}),
        ("towel-calf-stretch", {"towel"}),
        ("towel-neck-rotation", {"towel"}),
        ("towel-shoulder-internal-rotation-stretch", {"towel"}),
    ],
)
def test_the_audited_other_equipment_is_body_weight_plus_its_prop(by_slug, slug, props):
    exercise = by_slug[slug]
    assert exercise["equipment"] == "body-weight"
    assert props <= set(exercise["props"])


def test_what_a_routine_says_it_finishes_with_is_its_last_item(by_slug, routines):
    checked, wrong = 0, []
    for routine in routines:
        match = FINISH.search(routine["description"])
        if not match:
            continue
        said = set(words(match.group(1)))
        for day in routine["days"]:
            last = by_slug[day["items"][-1]["exercise"]]
            checked += 1
            if not said & name_words(last):
                wrong.append((routine["slug"], day["name"], last["slug"], match.group(1)))
    assert wrong == []
    assert checked >= 5


def test_low_back_relief_ends_as_its_text_says(by_slug, routines):
    routine = next(r for r in routines if r["slug"] == "low-back-relief")
    finish = FINISH.search(routine["description"])
    assert finish is not None
    assert "cobra" in finish.group(1)
    assert routine["days"][0]["items"][-1]["exercise"] == "cobra-stretch"


def test_a_routine_that_counts_its_warm_up_drills_starts_with_that_many(by_slug, routines):
    checked = 0
    for routine in routines:
        match = STARTS_WITH_DRILLS.search(routine["description"])
        if not match:
            continue
        drills = NUMBER_WORDS[match.group(1).lower()]
        for day in routine["days"]:
            categories = [by_slug[item["exercise"]]["category"] for item in day["items"]]
            assert categories[:drills] == ["mobility"] * drills, (routine["slug"], day["name"])
            assert categories[drills] != "mobility", (routine["slug"], day["name"])
            checked += 1
    assert checked == 2


def test_no_routine_holds_an_exercise_harder_than_its_level(by_slug, routines):
    too_hard = [
        (routine["slug"], item["exercise"])
        for routine in routines
        for day in routine["days"]
        for item in day["items"]
        if LEVELS[by_slug[item["exercise"]]["difficulty"]] > LEVELS[routine["level"]]
    ]
    assert too_hard == []


def test_routine_holds_sit_inside_each_exercises_range(by_slug, routines):
    outside = []
    for routine in routines:
        for day in routine["days"]:
            for item in day["items"]:
                if "hold_seconds" not in item:
                    continue
                prescription = by_slug[item["exercise"]]["prescription"] or {}
                low = prescription.get("hold_seconds_min")
                high = prescription.get("hold_seconds_max")
                if low is None or not low <= item["hold_seconds"] <= high:
                    outside.append((routine["slug"], item["exercise"], item["hold_seconds"]))
    assert outside == []


def test_the_desk_break_routine_never_goes_to_the_floor(by_slug, routines):
    floor = [
        (routine["slug"], item["exercise"])
        for routine in routines
        if routine["goal"] == "desk-break"
        for day in routine["days"]
        for item in day["items"]
        if by_slug[item["exercise"]]["start_position"] not in {"standing", "seated"}
    ]
    assert floor == []


@pytest.mark.parametrize(
    ("slug", "position", "loads"),
    [
        ("push-up", "lying-front", {"wrists", "elbows", "shoulders"}),
        ("deep-squat-hold", "standing", {"knees", "hips", "ankles"}),
        ("plank", "lying-front", {"elbows", "shoulders", "lower-back"}),
        ("childs-pose", "kneeling", {"knees"}),
        ("pull-up", "hanging", {"shoulders", "elbows"}),
        ("chin-tuck", "standing", {"neck"}),
    ],
)
def test_familiar_exercises_start_and_load_where_a_coach_would_say(by_slug, slug, position, loads):
    assert by_slug[slug]["start_position"] == position
    assert loads <= set(by_slug[slug]["loads"])


def test_every_kneeling_exercise_loads_the_knees(exercises):
    spared = [
        e["slug"]
        for e in exercises
        if e["start_position"] == "kneeling" and "knees" not in e["loads"]
    ]
    assert spared == []
