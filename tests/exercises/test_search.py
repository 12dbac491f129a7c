"""Search (exercises.search): normalising, matching, typo tolerance, synonyms and ranking,
through the module and through the site and the API."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exercises.models import Category, Exercise, SearchTerm, SearchWord, Status, Synonym
from exercises.search import RANK_ORDER, search
from exercises.search_text import Field, osa_distance, parse, phrase, stem, words
from exercises.services import exercises_refresh_search_text, exercises_set_status
from tests.factories import ExerciseFactory, complete_exercise


def make(name, **kwargs):
    exercise = ExerciseFactory(name=name, **kwargs)
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    return exercise


def found(query, base=None):
    result = search(base or Exercise.objects.published(), query)
    return [e.name for e in result.queryset.order_by(*RANK_ORDER)], result


# --- Normalising ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("glutes", "glute"),
        ("calves", "calf"),
        ("lats", "lat"),
        ("abs", "ab"),
        ("stretches", "stretch"),
        ("stretching", "stretch"),
        ("hamstring", "hamstring"),
        ("press", "press"),
        ("triceps", "tricep"),
        ("biceps", "bicep"),
        ("raises", "raise"),
    ],
)
def test_the_stemmer_folds_plurals_including_short_words(word, stemmed):
    assert stem(word) == stemmed


def test_words_fold_case_accents_and_punctuation():
    assert words("Écarté CHIN-UPS, 90/90") == ["ecarte", "chin", "up", "90", "90"]
    assert phrase("Child's Pose") == phrase("childs pose") == "child pose"


@pytest.mark.parametrize(
    ("query", "meaningful"),
    [
        ("exercises for glutes", ["glute"]),
        ("stretches for tight calves", ["stretch", "calf"]),
        ("my best hamstring stretch", ["hamstring", "stretch"]),
        ("the for my", []),
        ('"NEAR* -: OR', ["near"]),
        ("", []),
    ],
)
def test_stop_words_and_filler_are_dropped(query, meaningful):
    assert parse(query) == meaningful


def test_a_query_keeps_at_most_eight_words():
    assert len(parse(" ".join(f"word{i}" for i in range(30)))) == 8


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("triceps", "tricpes", 1),  # a swapped pair is one edit
        ("hamstring", "hamstrng", 1),
        ("stretch", "strech", 1),
        ("calf", "calf", 0),
        ("squat", "plank", 2),  # capped at the limit + 1
    ],
)
def test_the_typo_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert osa_distance(a, b, limit=1) == distance


@given(st.text(alphabet="abcdefgh", max_size=8), st.text(alphabet="abcdefgh", max_size=8))
def test_the_typo_distance_is_symmetric_and_zero_only_for_equal_words(a, b):
    d = osa_distance(a, b, limit=3)
    assert d == osa_distance(b, a, limit=3)
    assert (d == 0) == (a == b)


# --- Indexing -------------------------------------------------------------------------------


def test_an_exercise_is_indexed_by_name_aliases_taxonomy_and_summary(db):
    exercise = make(
        "Chin-Up",
        aliases="Chinup\nUnderhand pull-up",
        target=["lats"],
        secondary=["biceps"],
        summary="Pull your chin over the bar.",
    )
    terms = set(exercise.search_terms.filter(language="en").values_list("term", "field"))
    assert {("chin", Field.NAME), ("up", Field.NAME), ("chinup", Field.NAME)} <= terms
    assert ("chin up", Field.NAME_PHRASE) in terms
    assert ("underhand pull up", Field.ALIAS_PHRASE) in terms
    assert ("lat", Field.TAXONOMY) in terms and ("bicep", Field.SECONDARY) in terms
    assert ("bar", Field.SUMMARY) in terms
    assert Exercise.objects.get(pk=exercise.pk).search_name == "chin up"


def test_the_vocabulary_counts_published_exercises_only(db):
    make("Secret Squat", status=Status.DRAFT)
    assert not SearchWord.objects.filter(term="secret").exists()
    exercises_set_status(exercises=Exercise.objects.all(), status=Status.PUBLISHED)
    assert SearchWord.objects.get(language="en", term="secret").documents == 1
    exercises_set_status(exercises=Exercise.objects.all(), status=Status.DRAFT)
    assert not SearchWord.objects.filter(term="secret").exists()


def test_deleting_an_exercise_removes_its_terms(db):
    exercise = make("Plank")
    exercise.delete()
    assert not SearchTerm.objects.exists()


# --- Matching -------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    stretching = Category.objects.get(slug="stretching")
    make("Seated Hamstring Stretch", category=stretching, target=["hamstrings"])
    make("Standing Calf Stretch", category=stretching, target=["calves"])
    make("Standing Lateral Stretch", category=stretching, target=["obliques"])
    make("Kneeling Lat Stretch", category=stretching, target=["lats"])
    make("Triceps Pushdown", target=["triceps"])
    make("Chin-Up", target=["lats"], secondary=["biceps"])
    make("Step-up", target=["quadriceps"])
    make("Glute Bridge", target=["glutes"])
    make("Butterfly", target=["chest"])
    make("Dumbbell Chest Fly", target=["chest"])
    make("Hammer Curl", target=["biceps"])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("hamstrng strech", "Seated Hamstring Stretch"),
        ("tricpes", "Triceps Pushdown"),
        ("calf strech", "Standing Calf Stretch"),
    ],
)
def test_typos_are_corrected_with_a_suggestion(catalogue, query, first):
    names, result = found(query)
    assert names[0] == first
    assert result.suggestion is not None


@pytest.mark.parametrize("query", ["chinup", "chin up", "chin-up", "Chin-Ups"])
def test_joined_and_split_forms_meet(catalogue, query):
    names, result = found(query)
    assert names == ["Chin-Up"] and result.suggestion is None


def test_stepup_finds_step_up(catalogue):
    assert found("stepup")[0] == ["Step-up"]


def test_everyday_phrasing_finds_the_exercise(catalogue):
    assert found("exercises for glutes")[0] == ["Glute Bridge"]
    assert found("stretches for tight calves")[0] == ["Standing Calf Stretch"]


def test_synonyms_editors_keep_are_used(catalogue):
    # "pec deck" is one of the seeded synonyms: the machine is the butterfly.
    assert Synonym.objects.filter(term="pec deck").exists()
    names, _ = found("pec deck")
    assert names[0] == "Butterfly" and "Dumbbell Chest Fly" in names
    synonym = Synonym(term="Guns", means="biceps")
    synonym.full_clean()  # as the admin does: the term is stored as search compares it
    synonym.save()
    assert synonym.term == "gun"
    assert found("guns")[0] == ["Hammer Curl", "Chin-Up"]


def test_a_whole_word_does_not_match_inside_another(catalogue):
    names, _ = found("lat stretch")
    assert names[0] == "Kneeling Lat Stretch"
    assert "Standing Lateral Stretch" not in names
    assert found("lats stretch")[0] == names


def test_the_last_word_also_matches_as_a_prefix_as_people_type(catalogue):
    assert found("ham")[0] == ["Hammer Curl", "Seated Hamstring Stretch"]


def test_all_but_one_word_is_the_fallback_when_every_word_is_too_strict(catalogue):
    names, result = found("glute bridge zebra")
    assert names == ["Glute Bridge"] and result.partial is True


def test_ranking_puts_the_exact_name_first_then_names_starting_with_the_query(db):
    make("Plank Jacks")
    make("Side Plank")
    make("Plank")
    make("Shoulder Tap", aliases="Plank shoulder tap")
    names, _ = found("plank")
    assert names[:3] == ["Plank", "Plank Jacks", "Side Plank"]


def test_complete_pages_rank_ahead_of_thin_ones_on_ties(db):
    make("Wall Sit B")
    complete_exercise(name="Wall Sit A2")
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    assert found("wall sit")[0][0] == "Wall Sit A2"


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "the and for", "!!!", '"quoted" NEAR* -x :', "'; DROP TABLE x; --", "é" * 50],
)
def test_hostile_queries_give_a_sane_answer(catalogue, client, api_client, query):
    page = client.get(reverse("exercises:exercise-list"), {"search": query})
    assert page.status_code == 200
    api = api_client.get("/api/v1/exercises/", {"search": query})
    assert api.status_code == 200
    assert Exercise.objects.count() == 11


def test_a_nul_byte_is_a_field_error_not_a_500(catalogue, client, api_client):
    assert client.get("/exercises/?search=a%00b").status_code == 400
    response = api_client.get("/api/v1/exercises/?search=a%00b")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["search"]


# --- On the site and in the API -------------------------------------------------------------


def test_the_page_says_what_was_searched_and_offers_did_you_mean(catalogue, client):
    response = client.get("/exercises/?search=tricpes")
    html = response.content.decode()
    assert "result for “tricep”" in html
    assert "Did you mean <a" in html
    assert 'value="tricpes"' in html  # the header box keeps the query


def test_q_is_an_alias_of_search(catalogue, client, api_client):
    assert client.get("/exercises/?q=glute").url == "/exercises/?search=glute"
    body = api_client.get("/api/v1/exercises/?q=glute").json()
    assert [row["name"] for row in body["results"]] == ["Glute Bridge"]


def test_the_api_ranks_like_the_site(catalogue, client, api_client):
    site = [e.name for e in client.get("/exercises/?search=stretch").context["exercises"]]
    api = [r["name"] for r in api_client.get("/api/v1/exercises/?search=stretch").json()["results"]]
    assert site == api and len(site) == 4


@pytest.mark.parametrize("size", [10, 1000])
def test_search_runs_the_same_queries_whatever_the_catalogue_size(
    db, client, django_assert_num_queries, size
):
    Exercise.objects.bulk_create(
        [
            ExerciseFactory.build(name=f"Hamstring Move {i}", slug=f"hamstring-move-{i}")
            for i in range(size)
        ]
    )
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    # 1 the catalogue version, 2-5 the vocabularies for the filter form, 6 this version's
    # search vocabulary (read once, see exercises.search_vocabulary), 7 synonyms, 8 the
    # matches' ids, 9 count, 10 the page's ids, 11 their rows, 12 muscles, 13 images.
    with django_assert_num_queries(13):
        response = client.get("/exercises/?search=hamstring+move")
    assert response.status_code == 200
    assert len(response.context["exercises"]) == min(size, 24)
