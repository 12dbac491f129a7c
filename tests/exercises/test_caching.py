"""The catalogue cache: query counts on every path, invalidation by every kind of catalogue
write, and lean rendering. Members' privacy: test_cache_privacy.py."""

import contextlib
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from exercises import services
from exercises.models import BodyPart, CatalogueVersion, Exercise, Status
from exercises.selectors import CATALOGUE_VERSION_KEY, catalogue_version
from tests.exercises.helpers import change_form_data
from tests.exercises.importers.helpers import forge_file, forge_record, run_import
from tests.factories import ExerciseFactory, bulk_catalogue

FIRST = "/exercise/exercise-0000/"


# Path -> (queries on a cold cache, queries with the catalogue data cached but the page not).
# Cold, each request reads: 1 the catalogue version, then what the page needs. Warm, the
# exercise cards are cached too (exercises.cards): their muscles and images are not read.
PAGES = {
    # 2-5 the four vocabularies with counts, 6 featured exercises, 7 their target muscles,
    # 8 their images. Warm: 1 featured.
    "/": (8, 1),
    # 2-5 the four vocabularies for the filter form (the listing's own item is among them),
    # 6 the count of matches, 7 a page of exercise ids, 8 their rows, 9 their target
    # muscles, 10 their images. Warm: the page's ids (the cards are cached).
    "/exercises/": (10, 1),
    "/exercises/legs/": (10, 1),
    "/exercises/muscle/glutes/": (10, 1),
    "/exercises/equipment/body-weight/": (10, 1),
    "/exercises/category/strength/": (10, 1),
    "/exercises/level/beginner/": (10, 1),
    # Filler alone ("exercise") is no search at all.
    "/exercises/?search=exercise&level=beginner&ordering=newest": (10, 1),
    # A search adds this catalogue version's search vocabulary (read once per version, see
    # exercises.search_vocabulary), its words' synonyms and its matches' ids (these two are
    # never cached).
    "/exercises/?search=glute&level=beginner&ordering=newest": (13, 3),
    # 2 the vocabulary with counts. Warm: none.
    "/exercises/equipment/": (2, 0),
    # 2 the difficulty counts. Warm: none.
    "/exercises/level/": (2, 0),
    # The page's data as plain rows (exercises.detail): 2 exercise with taxonomy, 3 muscles,
    # 4 steps, tips, mistakes and FAQ (one UNION ALL), 5 images, 6 props, 7 variations;
    # similar exercises: 8 ids sharing a target muscle, 9 ids of the same category and body
    # part, 10 their rows; their cards: 11 target muscles, 12 images. Warm: the page's data
    # (similar rows included) and the cards are cached per version: nothing is read.
    FIRST: (12, 0),
    # API list: 2-5 vocabularies the filters validate against, 6 count, 7 the page's ids,
    # 8 its exercises, 9 muscles, 10 images. Warm, each exercise's JSON is cached
    # (exercise_list_data): 1 the page's ids.
    "/api/v1/exercises/?limit=20": (10, 1),
    "/api/v1/exercises/?limit=20&body_part=legs": (10, 1),
    "/api/v1/exercises/?limit=100&search=exercise": (10, 1),
    "/api/v1/exercises/?limit=100&search=glute": (13, 3),
    # API detail: 2 exercise, 3 muscles, 4 steps, 5 tips, 6 mistakes, 7 FAQ, 8 images,
    # 9 the areas it loads, 10 its props, 11 variations.
    "/api/v1/exercises/exercise-0000/": (11, 10),
    # A vocabulary with counts (list and item): 2 the annotated query.
    "/api/v1/body-parts/": (2, 1),
    "/api/v1/equipment/": (2, 1),
    "/api/v1/muscles/glutes/": (2, 1),
    "/api/v1/categories/strength/": (2, 1),
}


@pytest.fixture(params=[10, 1000], ids=["10-exercises", "1000-exercises"])
def catalogue(request, db):
    # Every exercise has a start and an end picture: pictures cost no query of their own.
    return bulk_catalogue(request.param, pictures=True)


FILLER = {"de": "training", "es": "ejercicios"}


def in_language(path: str, language: str) -> tuple[str, contextlib.AbstractContextManager]:
    """The path asking for `language`, and the context to request it in: the API takes
    ?lang=; pages take the language prefix once LocaleMiddleware serves them, and until
    then the active language."""
    if language == "en":
        return path, contextlib.nullcontext()
    # Filler in that language (the paths' "exercise" is a word to search for there).
    path = path.replace("search=exercise", f"search={FILLER[language]}")
    if path.startswith("/api/"):
        return f"{path}{'&' if '?' in path else '?'}lang={language}", contextlib.nullcontext()
    if "django.middleware.locale.LocaleMiddleware" in django_settings.MIDDLEWARE:
        return f"/{language}{path}", contextlib.nullcontext()
    return path, translation.override(language)


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_query_counts_are_pinned_on_every_path_and_the_same_at_any_size(
    client, catalogue, settings, django_assert_num_queries, language
):
    # One catalogue per size (1,000 rows take a moment), every path measured from cold, in
    # each language: the translations are columns of the same rows, so no language reads more.
    for english_path, (cold, warm) in PAGES.items():
        path, active = in_language(english_path, language)
        cache.clear()
        caches["fragments"].clear()
        settings.PAGE_CACHE = True
        with active, django_assert_num_queries(cold, info=path):
            first = client.get(path)
        assert first.status_code == 200, path
        if not english_path.startswith("/api/"):  # the page is in that language
            assert f'<html lang="{language}">' in first.content.decode(), path

        # The page is cached: nothing is read, not even the version (it is cached too).
        with active, django_assert_num_queries(0, info=path):
            again = client.get(path)
        assert again.status_code == 200 and again.content == first.content

        # A client that has the page: 304 from the version, nothing rendered or read.
        with active, django_assert_num_queries(0, info=path):
            not_modified = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]

        # Without the page cache the catalogue data (vocabularies, counts) is still cached.
        settings.PAGE_CACHE = False
        with active, django_assert_num_queries(warm, info=path):
            uncached = client.get(path)
        assert uncached.status_code == 200, path
        if english_path in ("/", "/exercises/"):
            # The first card's picture, eagerly with its renditions. In German and Spanish the
            # list sorts by the name shown, and the synthetic names tie: PostgreSQL may put any
            # of the tied exercises first.
            first_card = "exercise-0000-0" if language == "en" else r"exercise-\d{4}-0"
            assert re.search(rf"{first_card}-thumb\.webp 320w", uncached.content.decode()), path
        if english_path == FIRST:
            assert "exercise-0000-1-card.webp 480w" in uncached.content.decode(), path


def test_a_member_gets_a_private_page_with_cached_catalogue_data(
    client, catalogue, member, django_assert_num_queries
):
    visitor = Client()
    client.force_login(member)
    for path in ["/", "/exercises/legs/", FIRST]:
        caches["fragments"].clear()  # no member card left from the path before
        visitor.get(path)  # a visitor's request warms the page and the catalogue data
        # 1 the session, 2 the member, then the page's own reads with the data cached, and
        # the card data (members' cards are not visitors': their save button differs): a
        # listing and an exercise page (its similar exercises) read the rows of their cards
        # too, having only their ids.
        card_data = 2 if path == "/" else 3
        with django_assert_num_queries(2 + PAGES[path][1] + card_data, info=path):
            response = client.get(path)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "Log out" in response.content.decode()
        # The members' shared copy is stored: the session and the member, nothing else.
        with django_assert_num_queries(2, info=path):
            again = client.get(path)
        assert "Log out" in again.content.decode() and "private" in again["Cache-Control"]


def test_an_admin_edit_changes_the_next_visitor_response(visitor_client, editor_client):
    exercise = ExerciseFactory(name="Plank", target=["glutes"])
    url = exercise.get_absolute_url()
    before = visitor_client.get(url)
    assert "<h1>Plank</h1>" in before.content.decode()
    editor_client.get("/exercises/")  # the editor's own render caches the cards as well

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        change_form_data(exercise, name="Forearm Plank"),
    )
    assert response.status_code == 302

    after = visitor_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "<h1>Forearm Plank</h1>" in after.content.decode()
    assert ">Forearm Plank</a></h3>" in visitor_client.get("/exercises/").content.decode()
    assert ">Forearm Plank</a></h3>" in editor_client.get("/exercises/").content.decode()
    assert Exercise.objects.get(pk=exercise.pk).name == "Forearm Plank"


def test_the_publish_action_shows_the_exercise_to_the_next_visitor(visitor_client, editor_client):
    draft = ExerciseFactory(name="Copenhagen Plank", status=Status.DRAFT)
    assert "Copenhagen Plank" not in visitor_client.get("/exercises/").content.decode()
    assert visitor_client.get("/api/v1/exercises/").json()["count"] == 0
    assert visitor_client.get(draft.get_absolute_url()).status_code == 404

    editor_client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert Exercise.objects.get(pk=draft.pk).status == Status.PUBLISHED
    assert "Copenhagen Plank" in visitor_client.get("/exercises/").content.decode()
    assert visitor_client.get("/api/v1/exercises/").json()["count"] == 1
    assert visitor_client.get(draft.get_absolute_url()).status_code == 200


def test_an_import_shows_on_the_next_visitor_request(visitor_client, tmp_path):
    assert visitor_client.get("/api/v1/exercises/").json()["count"] == 0
    listing = visitor_client.get("/exercises/legs/").content.decode()
    assert "Lying Glutes Stretch" not in listing

    run_import(forge_file(tmp_path, forge_record()), "--status", "published")

    assert Exercise.objects.filter(status=Status.PUBLISHED).count() == 1
    assert visitor_client.get("/api/v1/exercises/").json()["count"] == 1
    assert "Lying Glutes Stretch" in visitor_client.get("/exercises/legs/").content.decode()


def test_a_dry_run_import_keeps_the_catalogue_version(tmp_path, db):
    version = catalogue_version()
    run_import(forge_file(tmp_path, forge_record()), "--dry-run")
    assert catalogue_version() == version
    assert Exercise.objects.count() == 0


def test_a_vocabulary_rename_changes_the_next_visitor_response(visitor_client, editor_client):
    ExerciseFactory(name="Plank")
    legs = BodyPart.objects.get(slug="legs")
    assert "Lower body</span>" not in visitor_client.get("/").content.decode()
    before = visitor_client.get("/api/v1/body-parts/legs/").json()

    response = editor_client.post(
        reverse("admin:exercises_bodypart_change", args=[legs.pk]),
        {"name": "Lower body", "slug": "legs", "description": legs.description},
    )
    assert response.status_code == 302

    assert BodyPart.objects.get(pk=legs.pk).name == "Lower body"
    assert before["name"] == "Legs"
    assert visitor_client.get("/api/v1/body-parts/legs/").json()["name"] == "Lower body"
    assert "Lower body</span>" in visitor_client.get("/").content.decode()
    assert "Lower body exercises" in visitor_client.get("/exercises/legs/").content.decode()


def test_the_version_survives_a_flushed_cache(db):
    first = services.catalogue_version_bump()
    second = services.catalogue_version_bump()
    cache.clear()

    assert second == first + 1
    assert catalogue_version() == second
    assert CatalogueVersion.objects.get().version == second
    assert cache.get(CATALOGUE_VERSION_KEY) == second


def test_the_version_reaches_the_cache_only_when_the_write_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.catalogue_version_bump()
        # Before the commit the cache holds no number: readers ask the database.
        assert cache.get(CATALOGUE_VERSION_KEY) is None
    assert len(callbacks) == 1
    callbacks[0]()
    assert cache.get(CATALOGUE_VERSION_KEY) == version


# --- Lean rendering ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "legs", "back", "legs,back"])
def test_the_hand_built_filter_select_matches_djangos_select(value):
    from django import forms
    from django.test.html import parse_html

    from exercises.api.filters import SlugListSelect

    choices = [("", "Any"), ("back", "Back"), ("legs", "Legs & hips")]
    attrs = {"id": "id_body_part", "aria-invalid": "true"}
    fast = SlugListSelect(choices=choices).render("body_part", value, attrs)
    reference = forms.Select(choices=choices).render("body_part", value, attrs)
    assert parse_html(fast) == parse_html(reference)
