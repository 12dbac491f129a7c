"""The listings: their URLs, search, filters, sorting and the htmx partial."""

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.api.filters import ORDERINGS
from exercises.models import BodyPart, Category, Equipment, Exercise, Muscle
from exercises.services import exercises_refresh_search_text
from tests.exercises.helpers import lying_glutes_stretch, make, names
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


# --- Listing URLs ------------------------------------------------------------------------


def test_every_listing_url_of_the_catalogue_answers(client):
    lying_glutes_stretch()
    urls = [reverse("exercises:exercise-list")]
    urls += [part.get_absolute_url() for part in BodyPart.objects.all()]
    urls += [item.get_absolute_url() for item in Equipment.objects.all()]
    urls += [item.get_absolute_url() for item in Muscle.objects.all()]
    urls += [item.get_absolute_url() for item in Category.objects.all()]
    urls += [reverse("exercises:level", args=[level]) for level in ["beginner", "advanced"]]
    urls += [
        reverse(f"exercises:{kind}-index") for kind in ["equipment", "muscle", "category", "level"]
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "path",
    [
        "/exercises/tail/",
        "/exercises/equipment/spaceship/",
        "/exercises/muscle/heart/",
        "/exercises/category/napping/",
        "/exercises/level/legendary/",
        "/exercise/no-such-exercise/",
    ],
)
def test_unknown_slugs_are_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content


# --- Search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "glute stretch lying",  # word order
        "Lying Glutes Stretch",
        "GLÚTES",  # case and accents
        "glute stretches",  # plurals
        "figure four",  # an alias
        "hamstring machine",  # a secondary muscle and the equipment
        "lyi glu",  # word beginnings, as people type
    ],
)
def test_search_finds_what_people_type(client, query):
    lying_glutes_stretch()
    make("Push-Up", body_part=BodyPart.objects.get(slug="chest"), target=["chest"])

    response = client.get(reverse("exercises:exercise-list"), {"search": query})

    assert names(response) == ["Lying Glutes Stretch"]


def test_search_ranks_name_matches_first(client):
    make("Glute Bridge", target=["glutes"])
    make("Hip Thrust", target=["glutes"], aliases="Glute thrust")
    make("Clamshell", target=["abductors"], secondary=["glutes"])

    response = client.get(reverse("exercises:exercise-list"), {"search": "glute"})

    assert names(response)[0] == "Glute Bridge"
    assert set(names(response)) == {"Glute Bridge", "Hip Thrust", "Clamshell"}


def test_an_empty_result_suggests_what_to_try_next(client):
    make("Plank", target=["abdominals"])

    response = client.get(
        reverse("exercises:exercise-list"), {"search": "zzzz", "body_part": "legs"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert names(response) == []
    assert "No exercise matches" in html
    assert "Use fewer words" in html
    # Each filter is a chip that removes it alone.
    assert response.context["chips"] == [
        ("“zzzz”", "/exercises/?body_part=legs"),
        ("Body part: Legs", "/exercises/?search=zzzz"),
    ]
    assert 'aria-label="Remove Body part: Legs"' in html


# --- Filters -----------------------------------------------------------------------------


def test_filters_combine_and_take_comma_lists(client):
    make("Squat", target=["quadriceps"], equipment=Equipment.objects.get(slug="barbell"))
    make("Row", body_part=BodyPart.objects.get(slug="back"), target=["middle-back"])
    make("Curl", body_part=BodyPart.objects.get(slug="arms"), target=["biceps"])

    assert names(client.get("/exercises/", {"body_part": "legs,back"})) == ["Row", "Squat"]
    assert names(client.get("/exercises/?body_part=legs&body_part=arms")) == ["Curl", "Squat"]
    assert names(client.get("/exercises/", {"equipment": "barbell"})) == ["Squat"]
    assert names(client.get("/exercises/", {"equipment": "body-weight", "level": "beginner"})) == [
        "Curl",
        "Row",
    ]


def test_muscle_listing_includes_secondary_work_after_target_work(client):
    make("Zercher Squat", target=["quadriceps"], secondary=["glutes"])
    make("Abductor Raise", target=["glutes"])

    response = client.get(reverse("exercises:muscle", args=["glutes"]))
    assert names(response) == ["Abductor Raise", "Zercher Squat"]

    target_only = client.get("/exercises/", {"muscle": "glutes", "muscle_role": "target"})
    assert names(target_only) == ["Abductor Raise"]


def test_sorting_by_difficulty_and_newest(client):
    make("Hard", difficulty="advanced")
    make("Easy", difficulty="beginner")
    make("Middle", difficulty="intermediate")

    assert names(client.get("/exercises/", {"ordering": "difficulty"})) == [
        "Easy",
        "Middle",
        "Hard",
    ]
    assert names(client.get("/exercises/", {"ordering": "-difficulty"})) == [
        "Hard",
        "Middle",
        "Easy",
    ]
    assert names(client.get("/exercises/", {"ordering": "newest"})) == ["Middle", "Easy", "Hard"]


def test_a_listing_keeps_its_own_filter_and_adds_others(client):
    make("Leg Stretch", category=Category.objects.get(slug="stretching"))
    make("Leg Press")

    response = client.get("/exercises/legs/", {"category": "stretching"})

    assert names(response) == ["Leg Stretch"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"body_part": "tail"}, "No such filter value: “tail”."),
        ({"equipment": "spaceship"}, "No such filter value: “spaceship”."),
        ({"level": "legendary"}, "No such filter value: “legendary”."),
        ({"muscle": "glutes,heart"}, "No such filter value: “heart”."),
        (
            {"ordering": "price"},
            "Select a valid choice. price is not one of the available choices.",
        ),
    ],
)
def test_unknown_filter_values_get_a_clear_message(client, params, message):
    make("Plank")

    response = client.get("/exercises/", params)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert names(response) == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=999999999", 200),
        ("page=-4", 200),
        ("page=abc", 200),
        ("page=1&page=2", 200),
        ("search=" + "a" * 10_000, 200),
        ("search=%00%ff", 400),
        ("body_part=" + ",".join(["legs"] * 50), 200),
        ("muscle_role=nonsense", 400),
    ],
)
def test_nonsense_query_strings_give_a_sane_page(client, query, status):
    make("Plank")
    response = client.get(f"/exercises/?{query}")
    assert response.status_code == status
    assert b"<h1" in response.content


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("body_part=", "/exercises/"),
        ("ordering=&search=&level=", "/exercises/"),
        ("search=plank&level=&page=1", "/exercises/?search=plank"),
        ("q=plank", "/exercises/?search=plank"),
    ],
)
def test_listing_urls_carry_no_empty_parameters(client, query, clean):
    response = client.get(f"/exercises/?{query}")
    assert response.status_code == 302 and response.url == clean


def test_htmx_requests_get_only_the_results_partial(client):
    make("Plank")

    response = client.get("/exercises/", {"search": "plank"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert 'id="results-heading"' in html and "Plank" in html


# Query counts for every page, cached and uncached, at 10 and 1,000 exercises: see
# tests/exercises/test_caching.py.


# --- A stable order across pages ---------------------------------------------------------


@pytest.fixture
def twins():
    """26 exercises alike in every sort key (name, level, sections, date): only the primary
    key tells them apart, and a page (24) ends among them. On PostgreSQL each row is
    rewritten from the highest key down, so the table holds them in reverse order."""
    Exercise.objects.bulk_create(
        ExerciseFactory.build(name="Twin", slug=f"twin-{i:02}") for i in range(26)
    )
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    pks = list(Exercise.objects.order_by("pk").values_list("pk", flat=True))
    when = timezone.now()
    for pk in reversed(pks):
        Exercise.objects.filter(pk=pk).update(created_at=when, sections_written=0)
    return pks


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "params",
    [{}, {"search": "twin"}, *({"ordering": key} for key in ORDERINGS)],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "best-match",
)
def test_equal_names_keep_one_order_across_pages(client, api_client, twins, language, params):
    prefix = "" if language == "en" else f"/{language}"
    pages = [
        client.get(f"{prefix}/exercises/", {**params, **page}).context["page_obj"]
        for page in ({}, {"page": 2})
    ]
    assert [row.pk for page in pages for row in page.object_list] == twins

    by_slug = dict(Exercise.objects.values_list("slug", "pk"))
    api = [
        by_slug[row["slug"]]
        for offset in (0, 20)
        for row in api_client.get(
            "/api/v1/exercises/", {**params, "limit": 20, "offset": offset, "lang": language}
        ).json()["results"]
    ]
    assert api == twins
