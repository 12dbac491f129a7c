"""Exercise cards (listings, the home page, similar exercises), each rendered once per
catalogue version, language, signed-in state and place (the first card of a listing loads
its picture eagerly) and kept in this process's memory (the "fragments" cache: many small
entries per page, so one get_many here rather than two dozen trips to Redis).

A page reads its exercises as plain rows (selectors.exercise_rows) and asks for their cards:
only the cards not cached yet read their target muscles and pictures, in two queries
whatever their number. A warm listing reads one query for its page and no card data.
"""

from collections.abc import Sequence

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
    if not exercises:
        return []
    signed_in = bool(user.is_authenticated)
    version = selectors.catalogue_version()
    keys = [
        card_key(version, exercise.pk, signed_in=signed_in, eager=eager_first and i == 0)
        for i, exercise in enumerate(exercises)
    ]
    store = caches["fragments"]
    found = store.get_many(keys)
    missing = [(i, exercise) for i, exercise in enumerate(exercises) if keys[i] not in found]
    if missing:
        prefetch_related_objects(
            [exercise for _, exercise in missing], *selectors.card_prefetches()
        )
        template = get_template(CARD_TEMPLATE)
        rendered = {
            keys[i]: template.render(
                {"exercise": exercise, "eager": eager_first and i == 0, "user": user}
            )
            for i, exercise in missing
        }
        store.set_many(rendered, timeout=CARD_TIMEOUT)
        found |= rendered
    return [mark_safe(found[key]) for key in keys]  # rendered by the template above
