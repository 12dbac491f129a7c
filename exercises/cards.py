"""Exercise cards (listings, the home page, similar exercises), each rendered once per
catalogue version, language, signed-in state and place (the first card of a listing loads
its picture eagerly) and kept in this process's memory (the "fragments" cache: many small
entries per page, so one get_many here rather than two dozen trips to Redis).

A page reads its exercises as plain rows (selectors.exercise_rows), or a listing only their
ids, and asks for their cards: only the cards not cached yet read their rows (for ids) and
target muscles and pictures, in two or three queries whatever their number. A warm listing
reads one query for its page's ids and no card data.
"""

from collections.abc import Callable, Mapping, Sequence

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from exercises import selectors
from exercises.models import Exercise
from forge.lib.pagecache import catalogue_key

CARD_TEMPLATE = "exercises/_exercise_card.html"
CARD_TIMEOUT = 60 * 60


def card_key(version, exercise_pk: int, *, signed_in: bool, eager: bool) -> str:
    return catalogue_key("card", version, exercise_pk, int(signed_in), int(eager))


def exercise_cards(
    exercises: Sequence[Exercise], *, user, eager_first: bool = False
) -> list[SafeString]:
    """The cards of these exercises, in order. Members' cards open the save dialog."""
    rows = {exercise.pk: exercise for exercise in exercises}
    pks = [exercise.pk for exercise in exercises]
    return _cards(pks, lambda missing: rows, user=user, eager_first=eager_first)


def exercise_cards_by_id(
    ids: Sequence[int], *, user, eager_first: bool = False
) -> list[SafeString]:
    """The cards of the exercises with these ids, in order: a listing reads only its page's
    ids, then the rows of the cards not cached yet (one query) and their card data."""
    return _cards(
        list(ids),
        lambda missing: selectors.exercise_rows().in_bulk(missing),
        user=user,
        eager_first=eager_first,
    )


def _cards(
    pks: list[int],
    rows_of: Callable[[list[int]], Mapping[int, Exercise]],
    *,
    user,
    eager_first: bool,
) -> list[SafeString]:
    """One get_many for every card; the rows of the missing ones come from `rows_of`."""
    if not pks:
        return []
    signed_in = bool(user.is_authenticated)
    version = selectors.catalogue_version()
    keys = [
        card_key(version, pk, signed_in=signed_in, eager=eager_first and i == 0)
        for i, pk in enumerate(pks)
    ]
    store = caches["fragments"]
    found = store.get_many(keys)
    missing = [(i, pk) for i, pk in enumerate(pks) if keys[i] not in found]
    if missing:
        rows = rows_of([pk for _, pk in missing])
        # A row gone since the page's ids were read (unpublished meanwhile) has no card.
        missing = [(i, pk) for i, pk in missing if pk in rows]
        prefetch_related_objects([rows[pk] for _, pk in missing], *selectors.card_prefetches())
        template = get_template(CARD_TEMPLATE)
        rendered = {
            keys[i]: template.render(
                {"exercise": rows[pk], "eager": eager_first and i == 0, "user": user}
            )
            for i, pk in missing
        }
        store.set_many(rendered, timeout=CARD_TIMEOUT)
        found |= rendered
    return [mark_safe(found[key]) for key in keys if key in found]  # rendered above
