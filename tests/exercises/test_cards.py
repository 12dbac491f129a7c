"""Exercise cards: a listing reads only its page's ids and names, and the cards it gets by id
are the very cards rendered from full rows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.utils import translation

from exercises import selectors
from exercises.cards import exercise_cards, exercise_cards_by_id
from exercises.models import Exercise, Status
from tests.exercises.helpers import lying_glutes_stretch, make

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercises():
    first = lying_glutes_stretch()
    make("Glute Bridge", target=["glutes"], name_de="Glutebrücke")
    make("Push-Up", target=["chest"], difficulty="advanced")
    return [first, *Exercise.objects.exclude(pk=first.pk).order_by("pk")]


@pytest.mark.parametrize("signed_in", [False, True])
def test_cards_by_id_are_the_cards_of_the_full_rows(exercises, member, signed_in):
    user = member if signed_in else AnonymousUser()
    ids = [exercise.pk for exercise in reversed(exercises)]
    by_id = exercise_cards_by_id(ids, user=user, eager_first=True)
    caches["fragments"].clear()
    rows = list(selectors.exercise_rows().filter(pk__in=ids))
    rows.sort(key=lambda row: ids.index(row.pk))
    assert by_id == exercise_cards(rows, user=user, eager_first=True)
    assert len(by_id) == 3 and "/exercise/push-up/" in by_id[0]


def test_cards_by_id_read_no_row_once_cached(exercises, django_assert_num_queries):
    ids = [exercise.pk for exercise in exercises]
    cold = exercise_cards_by_id(ids, user=AnonymousUser())
    with django_assert_num_queries(1):  # the catalogue version, nothing else
        caches["default"].clear()
        assert exercise_cards_by_id(ids, user=AnonymousUser()) == cold


def test_an_exercise_gone_since_its_id_was_read_has_no_card(exercises):
    ids = [exercise.pk for exercise in exercises]
    Exercise.objects.filter(pk=ids[1]).update(status=Status.DRAFT)
    cards = exercise_cards_by_id(ids, user=AnonymousUser())
    assert len(cards) == 2 and exercises[1].name not in "".join(cards)


@pytest.mark.parametrize("language", ["en", "de"])
def test_listing_rows_carry_the_name_shown(exercises, language):
    with translation.override(language):
        rows = list(selectors.exercise_listing_rows(selectors.exercise_listing().order_by("pk")))
        shown = [(e.pk, e.slug, e.name) for e in selectors.exercise_rows().order_by("pk")]
    assert [(row.pk, row.slug, row.name) for row in rows] == shown
    assert ("Glutebrücke" in {row.name for row in rows}) == (language == "de")
