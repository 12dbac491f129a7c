"""The search vocabulary held in memory per catalogue version (exercises.search_vocabulary):
the same answers the database gave, read once per version, and new words after a write."""

import pytest
from django.db.models import Q

from exercises.models import Category, Exercise, SearchWord, Status
from exercises.search import search
from exercises.search_text import osa_distance, typo_limit
from exercises.search_vocabulary import Vocabulary, vocabulary
from exercises.services import exercises_refresh_search_text
from tests.factories import ExerciseFactory

NAMES = [
    "Seated Hamstring Stretch",
    "Standing Hamstring Curl",
    "Standing Calf Stretch",
    "Standing Lateral Stretch",
    "Kneeling Lat Stretch",
    "Triceps Pushdown",
    "Triceps Kickback",
    "Chin-Up",
    "Step-up",
    "Stepper Climb",
    "Glute Bridge",
    "Hammer Curl",
    "Hamstring Walkout",
]


@pytest.fixture
def catalogue(db):
    stretching = Category.objects.get(slug="stretching")
    for name in NAMES:
        ExerciseFactory(name=name, category=stretching)
    exercises_refresh_search_text(exercises=Exercise.objects.all())


def nearest_from_the_database(word):
    """The correction as search worked it out from the database before."""
    limit = typo_limit(word)
    if not limit:
        return None
    rows = (
        SearchWord.objects.filter(
            language="en",
            length__in=range(len(word) - limit, len(word) + limit + 1),
            is_title=True,
        )
        .order_by("-documents", "term")
        .values_list("term", "documents")
    )
    best = None
    for term, documents in rows:
        d = osa_distance(word, term, limit)
        if d <= limit and (best is None or (d, -documents) < best[:2]):
            best = (d, -documents, term)
    return best[2] if best else None


def beginning_from_the_database(prefixes, limit):
    condition = Q()
    for p in prefixes:
        condition |= Q(term__startswith=p)
    rows = SearchWord.objects.filter(condition, language="en", is_title=True)
    ordered = rows.order_by("-documents", "term").values_list("term", flat=True)
    found = {p: [] for p in prefixes}
    for term in ordered[: limit * len(prefixes)]:
        for p in prefixes:
            if term.startswith(p) and len(found[p]) < limit:
                found[p].append(term)
    return found


@pytest.mark.parametrize(
    "word",
    ["hamstrng", "strech", "tricpes", "curll", "stpe", "glutte", "brige", "xqzzvw", "up", "cul"],
)
def test_corrections_are_those_the_database_gave(catalogue, word):
    assert vocabulary("en").nearest(word) == nearest_from_the_database(word)
    # Asked again, from the words already corrected.
    assert word in vocabulary("en").corrected
    assert vocabulary("en").nearest(word) == nearest_from_the_database(word)


@pytest.mark.parametrize(
    "prefixes", [["ham"], ["st"], ["st", "tri"], ["s"], ["zzz"], ["stretch", "step"]]
)
@pytest.mark.parametrize("limit", [1, 2, 40])
def test_prefix_completions_are_those_the_database_gave(catalogue, prefixes, limit):
    found, considered = vocabulary("en").beginning(prefixes, limit)
    assert found == beginning_from_the_database(prefixes, limit)
    assert set().union(*found.values()) <= set(considered)


def test_known_words_carry_their_document_counts(catalogue):
    words = vocabulary("en")
    expected = dict(
        SearchWord.objects.filter(
            language="en", term__in=["stretch", "hamstring", "nope"]
        ).values_list("term", "documents")
    )
    assert words.known(["stretch", "hamstring", "nope"]) == expected
    assert expected == {"stretch": len(NAMES), "hamstring": 3}  # the category is Stretching


def test_the_vocabulary_is_read_once_per_catalogue_version(catalogue, django_assert_num_queries):
    first = vocabulary("en")
    with django_assert_num_queries(0):
        assert vocabulary("en") is first
    # 1 synonyms, 2 the matches' ids, 3 the corrected query's: no vocabulary query.
    with django_assert_num_queries(3):
        search(Exercise.objects.published(), "hamstrng")
    ExerciseFactory(name="Zercher Squat")
    exercises_refresh_search_text(exercises=Exercise.objects.filter(name="Zercher Squat"))
    assert vocabulary("en") is not first
    assert "zercher" in vocabulary("en").documents


def test_a_search_finds_words_written_after_it_last_ran(catalogue):
    assert not search(Exercise.objects.published(), "zercher").queryset.exists()
    ExerciseFactory(name="Zercher Squat")
    exercises_refresh_search_text(exercises=Exercise.objects.filter(name="Zercher Squat"))
    result = search(Exercise.objects.published(), "zercher")
    assert [e.name for e in result.queryset] == ["Zercher Squat"]
    # And as a correction.
    result = search(Exercise.objects.published(), "zerchr")
    assert result.suggestion == "zercher"


def test_a_matching_draft_neither_shows_nor_stops_a_correction(catalogue):
    ExerciseFactory(name="Hamstrng Secret", status=Status.DRAFT)
    exercises_refresh_search_text(exercises=Exercise.objects.filter(name="Hamstrng Secret"))
    result = search(Exercise.objects.published(), "hamstrng")
    assert result.suggestion == "hamstring"
    names = {e.name for e in result.queryset}
    assert "Hamstrng Secret" not in names and "Seated Hamstring Stretch" in names


def test_each_language_has_its_own_vocabulary(catalogue):
    assert isinstance(vocabulary("de"), Vocabulary)
    assert vocabulary("de") is not vocabulary("en")
