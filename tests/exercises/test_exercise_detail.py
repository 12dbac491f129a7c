"""The exercise page: its sections, structured data and meta, and drafts."""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from exercises.models import Exercise, Status
from tests.exercises.helpers import lying_glutes_stretch, names
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def test_seed_page_links_reach_lying_glutes_stretch_with_and_without_slash(client):
    exercise = lying_glutes_stretch()
    for path in ["/exercises/legs", "/exercises/equipment/machine", "/exercises/muscle/glutes"]:
        response = client.get(path, follow=True)
        assert response.redirect_chain == [(path + "/", 301)]
        assert exercise.name in names(response)
        assert exercise.get_absolute_url() in response.content.decode()


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
