"""Safety data: the exercise page and API show it, editors mark pages reviewed, filters."""

import pytest
from django.urls import reverse
from reversion.models import Version

from exercises.models import Area, Exercise, Prop
from tests.factories import AREA_SLUGS, ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def squat():
    exercise = ExerciseFactory(
        name="Wall Sit",
        target=["quadriceps"],
        start_position="standing",
        precautions="Stop if a knee hurts; a burning thigh is expected.",
        breathing="Breathe slowly through the nose while you hold.",
    )
    exercise.loads.set(Area.objects.filter(slug="knees"))
    exercise.props.set(Prop.objects.filter(slug="wall"))
    return exercise


def test_the_api_detail_returns_the_safety_data(squat, api_client):
    data = api_client.get(f"/api/v1/exercises/{squat.slug}/").json()
    assert {
        key: data[key]
        for key in (
            "start_position",
            "loads",
            "needs_partner",
            "props",
            "precautions",
            "breathing",
            "reviewed",
        )
    } == {
        "start_position": "standing",
        "loads": ["knees"],
        "needs_partner": False,
        "props": ["wall"],
        "precautions": "Stop if a knee hurts; a burning thigh is expected.",
        "breathing": "Breathe slowly through the nose while you hold.",
        "reviewed": True,
    }


def test_the_page_shows_position_props_precautions_and_breathing(squat, client):
    content = client.get(squat.get_absolute_url()).content.decode()
    assert '<h2 id="before-start">Before you start</h2>' in content
    assert "<dt>Starting position</dt><dd>Standing</dd>" in content
    assert "<li>Wall <span" in content
    assert "Stop if a knee hurts; a burning thigh is expected." in content
    assert "Breathe slowly through the nose while you hold." in content
    assert "has not checked this page" not in content
    assert " style=" not in content


def test_an_unreviewed_page_says_so(client):
    exercise = ExerciseFactory(reviewed=False, source="free-exercise-db")
    content = client.get(exercise.get_absolute_url()).content.decode()
    assert "A Forge editor has not checked this page yet" in content


def test_areas_list_every_area_with_its_kind(api_client, django_assert_num_queries):
    # 1 areas, 2 their muscles, 3 their body parts (the catalogue version is cached).
    api_client.get("/api/v1/areas/")
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/areas/?fresh=1")
    data = response.json()
    by_slug = {area["slug"]: area for area in data}
    assert set(by_slug) == set(AREA_SLUGS)
    assert by_slug["knees"]["kind"] == "joint" and by_slug["legs"]["kind"] == "body-part"
    assert by_slug["neck"] == {
        "slug": "neck",
        "name": "Neck",
        "kind": "region",
        "description": "The neck and the upper trapezius that shrugs toward it.",
        "muscles": ["neck", "traps"],
        "body_parts": ["neck"],
        # The content language, and which texts fell back to English (none in English).
        "language": "en",
        "fallback": {},
    }


def test_position_and_no_partner_filter_the_listing_and_the_api(client, api_client):
    standing = ExerciseFactory(name="Standing Reach", start_position="standing")
    ExerciseFactory(name="Partner Reach", start_position="standing", needs_partner=True)
    ExerciseFactory(name="Lying Reach", start_position="lying-back")
    names = [
        e["name"]
        for e in api_client.get("/api/v1/exercises/?position=standing&no_partner=true").json()[
            "results"
        ]
    ]
    assert names == [standing.name]
    response = client.get(reverse("exercises:exercise-list"), {"position": "standing,lying-back"})
    listed = {e.name for e in response.context["page_obj"]}
    assert listed == {"Standing Reach", "Partner Reach", "Lying Reach"}
    bad = api_client.get("/api/v1/exercises/?position=upside-down")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"position": ["No such filter value: “upside-down”."]}


def test_an_editor_marks_a_page_reviewed_and_it_is_recorded(admin_client, admin_user):
    exercise = ExerciseFactory(reviewed=False, source="free-exercise-db")
    response = admin_client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "mark_reviewed", "_selected_action": [exercise.pk]},
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.reviewed and exercise.reviewed_by == admin_user
    assert exercise.reviewed_at is not None
    version = Version.objects.get_for_object(exercise).first()
    assert version.revision.comment == "Marked reviewed."
    assert version.revision.user == admin_user
    assert version.field_dict["reviewed"] is True


def test_the_admin_lists_likely_twins(admin_client):
    ExerciseFactory(name="Neck Side Stretch", target=["neck"], reviewed=True)
    ExerciseFactory(
        name="Side Neck Stretch", target=["neck"], reviewed=False, source="free-exercise-db"
    )
    ExerciseFactory(name="Chin Tuck", target=["neck"], reviewed=False, source="exercisedb")
    response = admin_client.get(reverse("admin:exercises_exercise_twins"))
    pairs = response.context["pairs"]
    assert [(p.first.name, p.second.name) for p in pairs] == [
        ("Neck Side Stretch", "Side Neck Stretch")
    ]
    assert 'value="merge"' in response.content.decode()
    assert Exercise.objects.count() == 3
