"""Search at scale: a common word ranks a bounded set of candidates, read best first from the
(term, prior) index, and the filters a listing adds are checked while they are read."""

import pytest
from django.db import connection

from exercises.models import BodyPart, Exercise, SearchTerm, Status
from exercises.search import (
    CANDIDATES,
    CHECKED_CANDIDATES,
    RANK_ORDER,
    WALK,
    Searcher,
    search,
)
from exercises.search_text import FIELD_PRIORITY, Field, posting_prior
from exercises.services import exercises_refresh_search_text, exercises_set_reviewed
from tests.factories import ExerciseFactory


def bulk(names, **kwargs):
    exercises = Exercise.objects.bulk_create(
        [ExerciseFactory.build(name=name, slug=f"x-{i}-{name.lower().replace(' ', '-')}", **kwargs)
         for i, name in enumerate(names)]
    )  # fmt: skip
    exercises_refresh_search_text(
        exercises=Exercise.objects.filter(pk__in=[e.pk for e in exercises])
    )
    return exercises


def ranked(query, base=None):
    result = search(base if base is not None else Exercise.objects.published(), query)
    return list(result.queryset.order_by(*RANK_ORDER).values_list("name", flat=True)), result


def test_the_prior_orders_fields_then_reviewed_then_complete_then_short():
    def prior(field=Field.NAME, reviewed=False, sections=0, length=10):
        return posting_prior(
            field, reviewed=reviewed, sections_written=sections, name_length=length
        )

    fields = sorted(FIELD_PRIORITY, key=FIELD_PRIORITY.get, reverse=True)
    assert fields[:3] == [Field.NAME_PHRASE, Field.ALIAS_PHRASE, Field.NAME]
    priors = [prior(field=f, reviewed=True, sections=9, length=1) for f in fields]
    # The worst page's name beats the best page's alias: the field decides first.
    assert prior(field=Field.NAME, length=200) > prior(Field.ALIAS, True, 9, 1)
    assert priors == sorted(priors, reverse=True)
    assert prior(reviewed=True, length=49) > prior(sections=9, length=1)
    assert prior(sections=3, length=49) > prior(sections=2, length=1)
    assert prior(length=12) > prior(length=13)
    assert prior(Field.SUMMARY, length=400) >= 0 and prior(Field.NAME_PHRASE, True, 50, 0) < 32768


def test_indexing_stores_each_terms_prior(db):
    (exercise,) = bulk(["Hamstring Reach"], reviewed=False)
    exercise.refresh_from_db()
    for term in SearchTerm.objects.filter(exercise=exercise):
        assert term.prior == posting_prior(
            term.field,
            reviewed=False,
            sections_written=exercise.sections_written,
            name_length=len("Hamstring Reach"),
        )


def test_marking_an_exercise_reviewed_raises_its_priors(db):
    (exercise,) = bulk(["Hamstring Reach"], reviewed=False)
    before = dict(SearchTerm.objects.filter(exercise=exercise).values_list("term", "prior"))
    exercises_set_reviewed(exercises=Exercise.objects.filter(pk=exercise.pk), reviewed=True)
    after = dict(SearchTerm.objects.filter(exercise=exercise).values_list("term", "prior"))
    assert after == {term: prior + 500 for term, prior in before.items()}


def test_a_common_word_lists_its_best_matches_up_to_the_cap(db, client, api_client):
    bulk([f"Hamstring Move {i}" for i in range(CANDIDATES + 30)], reviewed=False)
    bulk(["Hamstring"], reviewed=False)  # the exact name, added last (the highest id)
    names, result = ranked("hamstring")
    assert len(names) == CANDIDATES == result.limit
    assert names[0] == "Hamstring"

    page = client.get("/exercises/", {"search": "hamstring"})
    assert f"The best {CANDIDATES} results for “hamstring”" in page.content.decode()
    api = api_client.get("/api/v1/exercises/", {"search": "hamstring", "limit": 100}).json()
    assert api["count"] == CANDIDATES and api["results"][0]["name"] == "Hamstring"


def test_a_few_matches_are_counted_as_they_are(db, client):
    bulk(["Hamstring Reach", "Hamstring Sweep"])
    page = client.get("/exercises/", {"search": "hamstring"}).content.decode()
    assert "2 results for “hamstring”" in page and "The best" not in page


def test_filters_are_checked_while_candidates_are_read(db):
    # More better-placed matches than the cap in one body part; the few in another must
    # still be found when the listing filters to it.
    bulk([f"Hamstring Move {i}" for i in range(CANDIDATES + 10)], reviewed=True)
    back = BodyPart.objects.get(slug="back")
    bulk([f"Hamstring Reach Long {i}" for i in range(3)], reviewed=False, body_part=back)
    names, _ = ranked("hamstring", Exercise.objects.published().filter(body_part=back))
    assert sorted(names) == [f"Hamstring Reach Long {i}" for i in range(3)]


def test_drafts_never_count_as_a_match(db):
    bulk(["Hamstring Secret"], status=Status.DRAFT, reviewed=True)
    bulk(["Hamstring Reach Long"], reviewed=False)
    names, result = ranked("hamstring secret")
    # No published exercise has both words: the all-but-one fallback, without the draft.
    assert result.partial is True and names == ["Hamstring Reach Long"]


@pytest.mark.parametrize("query", ["hamstring reach", "reach hamstring", "hamstrng reach"])
def test_several_words_meet_whichever_drives(db, query):
    bulk([f"Hamstring Move {i}" for i in range(CANDIDATES + 10)], reviewed=True)
    bulk(["Seated Hamstring Reach"], reviewed=False)
    names, _ = ranked(query)
    assert names == ["Seated Hamstring Reach"]


def test_two_common_words_rank_at_most_the_checked_cap(db):
    bulk([f"Hamstring Reach {i}" for i in range(CHECKED_CANDIDATES + 10)], reviewed=False)
    searcher = Searcher(Exercise.objects.published(), "en")
    slots = searcher.slots(["hamstring", "reach"])
    # As in a large catalogue: both words are on more exercises than one walk reads, so each
    # row read is checked for the other word by a probe of its own.
    searcher.documents.update(hamstring=WALK + 1, reach=WALK + 2)
    assert len(searcher._ids(slots, "hamstring reach")) == CHECKED_CANDIDATES == searcher.limit

    # One common word has nothing to check: its best CANDIDATES are read as they come.
    searcher = Searcher(Exercise.objects.published(), "en")
    slots = searcher.slots(["hamstring"])
    searcher.documents.update(hamstring=WALK + 1)
    assert len(searcher._ids(slots, "hamstring")) == CHECKED_CANDIDATES + 10
    assert searcher.limit == CANDIDATES

    # A small catalogue's words are read whole, and all their matches ranked.
    names, result = ranked("hamstring reach")
    assert len(names) == CHECKED_CANDIDATES + 10 and result.limit == CANDIDATES


def test_a_checked_walk_keeps_its_best_matches(db):
    # More matches than the checked cap; the best (reviewed, added last: the highest ids) must
    # be among those kept, and the rest are the walk's first rows (SQLite keeps the walk's own
    # order rather than sorting every checked row again).
    bulk([f"Hamstring Reach {i}" for i in range(CHECKED_CANDIDATES + 10)], reviewed=False)
    best = bulk([f"Hamstring Reach Best {i}" for i in range(5)], reviewed=True)
    searcher = Searcher(Exercise.objects.published(), "en")
    slots = searcher.slots(["hamstring", "reach"])
    searcher.documents.update(hamstring=WALK + 1, reach=WALK + 2)
    rows = SearchTerm.objects.filter(language="en", term="hamstring").order_by("-prior", "exercise")
    walk = list(rows.values_list("exercise_id", flat=True)[:CHECKED_CANDIDATES])
    ids = searcher._ids(slots, "hamstring reach")
    assert set(ids) == set(walk) and {e.pk for e in best} <= set(ids)


def _ranked_query_params(query: str) -> tuple:
    result = search(Exercise.objects.published(), query)
    return result.queryset.order_by(*RANK_ORDER).query.sql_with_params()[1]


def test_the_ranked_query_takes_every_match_and_no_other(db, django_assert_num_queries):
    bulk([f"Hamstring Move {i}" for i in range(12)])
    bulk(["Calf Raise"])
    names, _result = ranked("hamstring")
    assert sorted(names) == sorted(f"Hamstring Move {i}" for i in range(12))
    # No match: the ranked query does not run at all.
    result = search(Exercise.objects.published(), "qqqzzz")
    with django_assert_num_queries(0):
        assert list(result.queryset.order_by(*RANK_ORDER)) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no array parameter")
def test_the_ranked_query_takes_the_matches_as_one_parameter(db):
    # The ids read back by primary key cost one parameter however many matched, so the CPU
    # a search spends preparing its ranked query does not grow with the catalogue.
    bulk([f"Hamstring Move {i}" for i in range(3)])
    bulk([f"Curl Move {i}" for i in range(40)])
    few, many = _ranked_query_params("hamstring"), _ranked_query_params("curl")
    assert len(few) == len(many)
    assert sorted(next(p for p in many if isinstance(p, list))) == sorted(
        Exercise.objects.filter(name__startswith="Curl Move").values_list("pk", flat=True)
    )
