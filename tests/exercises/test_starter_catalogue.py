"""The starter catalogue shipped in the repo, checked through the real importer.

Besides size and coverage, these tests read the text of every exercise the way an editor would:
every section present, FAQ questions that say something the muscle box does not, hold times in
the text that agree with the prescription, and no sentence copied from one exercise to another.
"""

import re
import string
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

from exercises.models import BodyPart, Equipment, Exercise, Status
from exercises.selectors import exercise_export_list

pytestmark = pytest.mark.django_db

STARTER = Path(__file__).resolve().parents[2] / "exercises" / "data" / "starter_catalogue.json"
STRENGTH_CLAIM = re.compile(r"\b(build|builds|building) (strength|muscle)", re.IGNORECASE)

MIN_PUBLISHED = 150
MIN_STRETCHING_AND_MOBILITY = 75
MIN_PER_BODY_PART_AND_EQUIPMENT = 3

# "What does the plank target?", "Which muscles does it work?": the muscle box already says so.
GENERIC_FAQ_QUESTION = re.compile(
    r"^\s*(?:(?:what|which)\s+(?:muscles?|body\s+parts?)\b"
    r"|what\s+(?:does|do|will)\b.*\b(?:target|work|work\s+on|train|hit)\s*\?\s*$)",
    re.IGNORECASE,
)

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS = {word: value for value, word in enumerate(_UNITS, start=1)}
WORD_NUMBERS |= {word: value for value, word in enumerate(_TEENS, start=10)}
for _tens_value, _tens in enumerate(_TENS, start=2):
    WORD_NUMBERS[_tens] = _tens_value * 10
    for _unit_value, _unit in enumerate(_UNITS, start=1):
        WORD_NUMBERS[f"{_tens}-{_unit}"] = _tens_value * 10 + _unit_value
        WORD_NUMBERS[f"{_tens} {_unit}"] = _tens_value * 10 + _unit_value
_COUNTS = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_COUNTS})"
# "a second" may be the ordinal ("a second round"); "a minute" and "half a minute" are durations.
_MINUTE_NUMBER = rf"(?:half\s+a|an?|{_NUMBER})"
# A hyphen joins a range only after digits: "forty-five" is one number.
_RANGE = r"\s*(?:–|—|(?<=\d)-|to|or|and)\s*"
# "30 seconds", "20–30 seconds", "20 to 45 seconds", "a 30-second hold", "thirty seconds",
# "30 s", "20-40 s" (the bare "s" only after digits: "on all fours" is not four seconds).
SECONDS = re.compile(
    rf"\b(?:(?P<a>{_NUMBER}){_RANGE})?(?P<b>{_NUMBER})[\s-]*(?:seconds?|secs?)\b"
    rf"|\b(?:(?P<c>\d+){_RANGE})?(?P<d>\d+)\s?s\b",
    re.IGNORECASE,
)
MINUTES = re.compile(
    rf"\b(?:(?P<a>{_MINUTE_NUMBER}){_RANGE})?(?P<b>{_MINUTE_NUMBER})[\s-]*(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
HOLD_WORD = re.compile(r"\b(?:hold|holds|holding|held)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
LONGEST_SHARED_SENTENCE = 8


def _value(number: str | None) -> float | None:
    if number is None:
        return None
    number = " ".join(number.lower().split())
    if number in ("a", "an"):
        return 1
    if number == "half a":
        return 0.5
    return WORD_NUMBERS[number] if number in WORD_NUMBERS else float(number)


def seconds_in(text: str) -> list[float]:
    """Every duration the text mentions, in seconds (both ends of a range)."""
    found = []
    for match in SECONDS.finditer(text):
        for group in ("a", "b", "c", "d"):
            if (value := _value(match.group(group))) is not None:
                found.append(value)
    for match in MINUTES.finditer(text):
        for group in ("a", "b"):
            if (value := _value(match.group(group))) is not None:
                found.append(value * 60)
    return found


def sentences_of(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def normalised(sentence: str, name: str) -> str:
    """Case, punctuation and the exercise's own name and numbers do not make a sentence new."""
    sentence = sentence.lower().replace(name.lower(), " this exercise ")
    sentence = re.sub(r"\d+", "0", sentence)
    sentence = re.sub(rf"[{re.escape(string.punctuation)}–—‘’“”…×]", " ", sentence)
    return " ".join(sentence.split())


def texts_of(exercise: Exercise) -> list[str]:
    texts = [exercise.name, exercise.summary, *exercise.alias_list]
    texts += [
        row.text
        for rows in (exercise.steps, exercise.tips, exercise.mistakes)
        for row in rows.all()
    ]
    for faq in exercise.faqs.all():
        texts += [faq.question, faq.answer]
    return texts


@pytest.fixture
def catalogue():
    call_command("import_exercises", str(STARTER), verbosity=0)
    return list(exercise_export_list())


def test_the_catalogue_is_large_and_mostly_published_stretching_and_mobility(catalogue):
    assert len(catalogue) >= MIN_PUBLISHED
    assert [e.slug for e in catalogue if e.status != Status.PUBLISHED] == []
    categories = Counter(exercise.category.slug for exercise in catalogue)
    assert categories["stretching"] + categories["mobility"] >= MIN_STRETCHING_AND_MOBILITY


def test_every_body_part_and_every_kind_of_equipment_has_at_least_three_exercises(catalogue):
    body_parts = Counter(exercise.body_part.slug for exercise in catalogue)
    equipment = Counter(exercise.equipment.slug for exercise in catalogue)
    short = {
        slug: body_parts[slug]
        for slug in BodyPart.objects.values_list("slug", flat=True)
        if body_parts[slug] < MIN_PER_BODY_PART_AND_EQUIPMENT
    }
    short |= {
        slug: equipment[slug]
        for slug in Equipment.objects.values_list("slug", flat=True)
        if equipment[slug] < MIN_PER_BODY_PART_AND_EQUIPMENT
    }
    assert short == {}


def test_every_starter_exercise_has_every_section(catalogue):
    incomplete = []
    for exercise in catalogue:
        sections = {
            "summary": len(sentences_of(exercise.summary)) >= 2,
            "aliases": len(exercise.alias_list) >= 1,
            "target muscle": len(exercise.target_muscles) >= 1,
            "steps": len(exercise.steps.all()) >= 4,
            "tips": len(exercise.tips.all()) >= 3,
            "mistakes": len(exercise.mistakes.all()) >= 3,
            "faq": len(exercise.faqs.all()) >= 3,
        }
        incomplete += [(exercise.slug, name) for name, ok in sections.items() if not ok]
    assert incomplete == []


def test_faq_questions_ask_more_than_what_the_muscle_box_shows(catalogue):
    generic = [
        (exercise.slug, faq.question)
        for exercise in catalogue
        for faq in exercise.faqs.all()
        if GENERIC_FAQ_QUESTION.search(faq.question)
    ]
    assert generic == []


def test_every_time_in_the_text_lies_within_the_hold_prescription(catalogue):
    disagreements = []
    for exercise in catalogue:
        for text in texts_of(exercise):
            for sentence in sentences_of(text):
                times = seconds_in(sentence)
                if exercise.is_timed:
                    low, high = exercise.hold_seconds_min, exercise.hold_seconds_max
                    bad = [t for t in times if not low <= t <= high]
                    if bad:
                        disagreements.append((exercise.slug, f"{low}–{high} s", sentence))
                elif times and HOLD_WORD.search(sentence):
                    disagreements.append((exercise.slug, "no hold prescription", sentence))
    assert disagreements == []


def test_no_two_exercises_share_a_sentence_longer_than_eight_words(catalogue):
    owners = defaultdict(set)
    for exercise in catalogue:
        for text in texts_of(exercise):
            for sentence in sentences_of(text):
                key = normalised(sentence, exercise.name)
                if len(key.split()) > LONGEST_SHARED_SENTENCE:
                    owners[key].add(exercise.slug)
    shared = {key: sorted(slugs) for key, slugs in owners.items() if len(slugs) > 1}
    assert shared == {}


def test_stretches_hold_for_a_time_and_never_claim_to_build_strength(catalogue):
    for exercise in catalogue:
        if exercise.category.slug != "stretching":
            continue
        assert exercise.is_timed, exercise.slug
        texts = [exercise.summary, *(t.text for t in exercise.tips.all())]
        texts += [f.answer for f in exercise.faqs.all()]
        for text in texts:
            assert not STRENGTH_CLAIM.search(text) or "not" in text.lower(), (exercise.slug, text)


def test_lying_glutes_stretch_carries_the_seed_pages_facts(catalogue):
    exercise = next(e for e in catalogue if e.slug == "lying-glutes-stretch")
    assert exercise.name == "Lying Glutes Stretch"
    assert exercise.body_part.slug == "legs"
    assert exercise.equipment.slug == "machine"
    assert [m.slug for m in exercise.target_muscles] == ["glutes"]
    assert [m.slug for m in exercise.secondary_muscles] == ["hamstrings"]
    assert exercise.difficulty == "beginner"
    assert exercise.category.slug == "stretching"
    assert (exercise.hold_seconds_min, exercise.hold_seconds_max) == (20, 60)
    assert exercise.per_side


def test_loading_the_starter_catalogue_twice_changes_nothing(catalogue):
    before = list(Exercise.objects.values("pk", "updated_at").order_by("pk"))
    call_command("import_exercises", str(STARTER), verbosity=0)
    assert list(Exercise.objects.values("pk", "updated_at").order_by("pk")) == before


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Hold for 30 seconds, then switch.", [30]),
        ("Stay there for 20–40 seconds per side.", [20, 40]),
        ("Anywhere from 15 to 45 seconds works.", [15, 45]),
        ("A 30-second hold is plenty.", [30]),
        ("Hold 20-30 s each side.", [20, 30]),
        ("Hold 45s.", [45]),
        ("Thirty seconds is enough; forty-five seconds is a lot.", [30, 45]),
        ("Stay for half a minute, or up to two minutes.", [30, 120]),
        ("Rest on all fours for 3 sets of 10 reps.", []),
    ],
)
def test_the_time_reader_finds_every_duration_and_nothing_else(text, seconds):
    assert seconds_in(text) == seconds


def test_sentences_match_whatever_their_case_punctuation_numbers_or_exercise_name():
    first = normalised("Hold the Pigeon Pose for 30 seconds, breathing slowly!", "Pigeon Pose")
    second = normalised("hold the frog stretch for 45 seconds breathing slowly", "Frog Stretch")
    assert first == second == "hold the this exercise for 0 seconds breathing slowly"


@pytest.mark.parametrize(
    ("question", "generic"),
    [
        ("What does the plank target?", True),
        ("What muscles does the push-up work?", True),
        ("Which muscles do band pull-aparts train?", True),
        ("What do lunges work on?", True),
        ("Why do I feel the plank in my lower back?", False),
        ("Is it normal for my hips to feel tight the next day?", False),
    ],
)
def test_generic_faq_questions_are_recognised(question, generic):
    assert bool(GENERIC_FAQ_QUESTION.search(question)) is generic
