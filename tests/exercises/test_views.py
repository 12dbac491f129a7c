import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from exercises.models import BodyPart, Category, Equipment, Exercise, Muscle, Status
from exercises.services import exercises_refresh_search_text
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db


def lying_glutes_stretch(**kwargs):
    exercise = complete_exercise(
        name="Lying Glutes Stretch",
        aliases="Figure-four stretch",
        equipment=Equipment.objects.get(slug="machine"),
        category=Category.objects.get(slug="stretching"),
        stretch=True,
        target=["glutes"],
        secondary=["hamstrings"],
        **kwargs,
    )
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    exercise.refresh_from_db()
    return exercise


def make(name, **kwargs):
    exercise = ExerciseFactory(name=name, **kwargs)
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    return exercise


def names(response) -> list[str]:
    return [exercise.name for exercise in response.context["page_obj"].object_list]


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


def test_seed_page_links_reach_lying_glutes_stretch_with_and_without_slash(client):
    exercise = lying_glutes_stretch()
    for path in ["/exercises/legs", "/exercises/equipment/machine", "/exercises/muscle/glutes"]:
        response = client.get(path, follow=True)
        assert response.redirect_chain == [(path + "/", 301)]
        assert exercise.name in names(response)
        assert exercise.get_absolute_url() in response.content.decode()


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


def test_exercise_page_shows_every_seed_section_in_order(client):
    exercise = lying_glutes_stretch()

    response = client.get(exercise.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    # The seed page's order: quick answer, attributes, follow along and save (beside the
    # prescription), steps, tips, mistakes, FAQ, related.
    sections = [
        'id="quick-answer"',
        'class="facts"',
        'class="prescription"',
        'class="exercise-actions"',
        'id="how-to"',
        'id="tips"',
        'id="mistakes"',
        'id="faq"',
        'id="related"',
    ]
    positions = [html.index(section) for section in sections]
    assert positions == sorted(positions)
    for link in [
        "/exercises/legs/",
        "/exercises/equipment/machine/",
        "/exercises/muscle/glutes/",
        "/exercises/muscle/hamstrings/",
        "/exercises/level/beginner/",
        "/exercises/category/stretching/",
    ]:
        assert f'href="{link}"' in html
    assert "More Legs Exercises" in html and "More Machine Exercises" in html
    assert "More Glutes Exercises" in html
    assert "Hold 30 s, each side" in html
    assert "Saving needs a free account" in html
    assert 'data-muscle="glutes"' in html


def test_sections_without_content_are_left_out(client):
    exercise = ExerciseFactory(name="Bare Exercise", summary="")

    html = client.get(exercise.get_absolute_url()).content.decode()

    for heading in [
        "Quick answer",
        "How to perform",
        "Pro tips",
        "Common mistakes",
        ">FAQ<",
        "Prescription",
        "Variations",
    ]:
        assert heading not in html


def test_exercise_page_has_structured_data_and_meta(client):
    exercise = lying_glutes_stretch()

    html = client.get(exercise.get_absolute_url()).content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    types = [item["@type"] for item in data]
    assert types == ["HowTo", "FAQPage", "BreadcrumbList"]
    assert len(data[0]["step"]) == 4
    assert data[1]["mainEntity"][0]["name"] == "Question 1?"
    assert data[2]["itemListElement"][-1]["name"] == "Lying Glutes Stretch"
    assert f'<meta name="description" content="{exercise.summary}' in html
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/exercise/lying-glutes-stretch/">' in html
    )
    assert 'property="og:title" content="Lying Glutes Stretch"' in html
    assert html.count("<h1") == 1


def test_json_ld_cannot_break_out_of_its_script_element(client):
    exercise = lying_glutes_stretch(summary="</script><script>alert(1)</script>")

    html = client.get(exercise.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


# --- Drafts ------------------------------------------------------------------------------


def test_drafts_are_404_for_visitors_and_members_and_absent_from_listings(client, member):
    draft = ExerciseFactory(name="Secret Draft", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret Draft" not in names(client.get(reverse("exercises:exercise-list")))
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editors_preview_drafts_on_the_real_page(editor_client):
    draft = ExerciseFactory(name="Secret Draft", status=Status.REVIEW)

    response = editor_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview:" in html and "in review" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_admin_view_on_site_opens_the_draft_for_staff(editor_client):
    draft = ExerciseFactory(name="Secret Draft", status=Status.DRAFT)
    change = editor_client.get(reverse("admin:exercises_exercise_change", args=[draft.pk]))
    view_on_site = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Exercise).pk, draft.pk]
    )
    html = change.content.decode()
    assert f'href="{view_on_site}"' in html  # Django's "View on site" button
    assert f'href="{draft.get_absolute_url()}"' in html  # the workflow's "Preview the page"
    assert editor_client.get(view_on_site)["Location"].endswith(draft.get_absolute_url())
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200


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


# --- Sitemap and robots ------------------------------------------------------------------


def test_sitemap_lists_published_exercises_and_listing_pages(client):
    published = lying_glutes_stretch()
    draft = ExerciseFactory(name="Secret Draft", status=Status.DRAFT)

    xml = client.get("/sitemap.xml").content.decode()

    assert published.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml
    for path in [
        "/exercises/",
        "/exercises/legs/",
        "/exercises/equipment/machine/",
        "/exercises/muscle/glutes/",
        "/exercises/category/stretching/",
        "/exercises/level/beginner/",
    ]:
        assert path + "</loc>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /plans/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
