"""POST /api/v1/plans/generate/, GET /api/v1/goals/ and /api/v1/routines/."""

import pytest

from plans import generator, selectors, timeline
from plans.models import Plan, PlanItem
from tests.factories import AREA_SLUGS

URL = "/api/v1/plans/generate/"
BODY = {"goal": "hips", "minutes": 10, "days_per_week": 2, "seed": 42}


WARM_UP_REASON = (
    "Warms up the glutes and hip flexors that Seated Figure-Four Stretch and Kneeling "
    "Hip Flexor Stretch work next; 2 sets of 10 reps each side, 25 s rest."
)


def test_a_visitor_gets_the_generated_plan_in_the_documented_shape(starter, api_client):
    plans_before = Plan.objects.count()
    response = api_client.post(URL, BODY, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["goal"] == "hips" and data["seed"] == 42 and data["fits"] is True
    assert [day["name"] for day in data["days"]] == ["Day 1", "Day 2"]
    day = data["days"][0]
    assert set(day) == {"name", "estimated_seconds", "fits", "items"}
    item = day["items"][0]
    assert set(item) == {
        "exercise",
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "rest_seconds",
        "reason",
        "role",
        "estimated_seconds",
    }
    assert item["exercise"] == {
        "slug": "leg-swings",
        "name": "Leg Swings",
        "body_part": "legs",
        "equipment": "body-weight",
        "difficulty": "beginner",
    }
    assert item["reason"] == WARM_UP_REASON
    assert [d["estimated_seconds"] for d in data["days"]] == [585, 583]
    # Generating stores nothing.
    assert Plan.objects.count() == plans_before


def test_the_api_and_the_page_give_the_same_plan_for_the_same_seed(starter, api_client, client):
    data = api_client.post(URL, BODY, format="json").json()
    page = client.get(
        "/plans/generate/",
        {"goal": "hips", "minutes": 10, "days_per_week": 2, "level": "beginner", "seed": 42},
    )
    plan = page.context["plan"]
    assert [[i["exercise"]["slug"] for i in d["items"]] for d in data["days"]] == [
        [i.exercise.slug for i in d.items] for d in plan.days
    ]


def test_without_a_seed_the_answer_names_the_seed_it_used(starter, api_client):
    body = {"goal": "desk-break", "minutes": 5}
    data = api_client.post(URL, body, format="json").json()
    again = api_client.post(URL, {**body, "seed": data["seed"]}, format="json").json()
    assert again == data


def test_saving_as_a_visitor_is_a_401_and_stores_nothing(starter, api_client):
    plans_before = Plan.objects.count()
    response = api_client.post(URL, {**BODY, "save": True}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Plan.objects.count() == plans_before


def test_saving_as_a_member_stores_the_plan_with_reasons_as_notes(starter, member_api, member):
    response = member_api.post(URL, {**BODY, "save": True}, format="json")
    assert response.status_code == 201
    data = response.json()
    plan = Plan.objects.get(owner=member)
    assert data["plan"]["id"] == plan.pk
    assert data["plan"]["url"].endswith(f"/api/v1/plans/{plan.pk}/")
    assert plan.name == "Hips: 10 minutes"
    days = list(plan.days.prefetch_related("items__exercise"))
    assert [d.name for d in days] == ["Day 1", "Day 2"]
    for day, generated in zip(days, data["days"], strict=True):
        items = list(day.items.all())
        assert [i.exercise.slug for i in items] == [
            g["exercise"]["slug"] for g in generated["items"]
        ]
        assert [i.notes for i in items] == [g["reason"] for g in generated["items"]]
        assert timeline.day_timeline(day).total_seconds == generated["estimated_seconds"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"goal": "juggling"}, "goal"),
        ({"minutes": 4}, "minutes"),
        ({"minutes": 61}, "minutes"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"level": "expert"}, "level"),
        ({"equipment": ["rowing-machine"]}, "equipment"),
        ({"avoid": ["tail"]}, "avoid"),
        ({"seed": -1}, "seed"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(starter, member_api, change, field):
    plans_before = Plan.objects.count()
    response = member_api.post(URL, {**BODY, **change, "save": True}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Plan.objects.count() == plans_before


def test_visitors_are_throttled_like_other_visitor_reads(starter, api_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # DRF copies the rates onto the class at import; the environment sets them at start-up.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "5/minute"}
    )
    codes = [api_client.post(URL, BODY, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_generator_answer_has_a_pinned_query_count(
    starter, api_client, django_assert_num_queries
):
    # 1 goals, 2 their categories, 3 their muscles, 4 their body parts, 5 areas, 6 their
    # muscles, 7 their body parts, 8 equipment, 9 body parts, 10 muscles, 11 props,
    # 12 exercises with their first steps, 13 their muscles, 14 their loads, 15 their props,
    # 16 their easier variations.
    with django_assert_num_queries(16):
        response = api_client.post(URL, BODY, format="json")
    assert response.status_code == 200


def test_goals_list_every_goal_with_weights(starter, api_client, django_assert_num_queries):
    # 1 count, 2 goals, 3 categories, 4 muscles, 5 body parts.
    with django_assert_num_queries(5):
        response = api_client.get("/api/v1/goals/")
    data = response.json()
    assert data["count"] == 7
    hips = next(g for g in data["results"] if g["slug"] == "hips")
    assert hips["categories"] == ["mobility", "stretching"]
    assert hips["muscles"][0] == {"slug": "hip-flexors", "weight": 4}
    assert api_client.get("/api/v1/goals/hips/").json()["name"] == "Hips"


def test_routines_list_filter_and_detail(starter, api_client, django_assert_num_queries):
    # 1 count, 2 the page of routines with goal and plan.
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/routines/")
    assert response.json()["count"] == 8
    short = api_client.get("/api/v1/routines/", {"duration": "short"}).json()
    assert [r["slug"] for r in short["results"]] == ["desk-reset", "post-run-lower-body"]
    hips = api_client.get("/api/v1/routines/", {"goal": "hips"}).json()
    assert [r["slug"] for r in hips["results"]] == ["hip-opener"]
    assert api_client.get("/api/v1/routines/", {"goal": "juggling"}).status_code == 400
    detail = api_client.get("/api/v1/routines/desk-reset/").json()
    assert detail["estimated_seconds"] == 585
    assert detail["days"][0]["estimated_seconds"] == 585
    assert detail["days"][0]["items"][0]["exercise"] == {"slug": "chin-tuck", "name": "Chin Tuck"}
    assert api_client.get("/api/v1/routines/no-such/").status_code == 404
    assert PlanItem.objects.filter(day__plan__routine__slug="desk-reset").count() == 8


@pytest.mark.parametrize("area", AREA_SLUGS)
def test_any_area_can_be_avoided_and_nothing_in_it_is_picked(starter, api_client, area):
    vocabulary = selectors.generator_vocabulary()
    body = {**BODY, "goal": "strength-basics", "minutes": 30, "avoid": [area], "seed": 7}
    body["equipment"] = ["dumbbell", "band"]
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 200
    slugs = {i["exercise"]["slug"] for d in response.json()["days"] for i in d["items"]}
    catalogue = selectors.generator_catalogue()
    records = {e.slug: e for e in catalogue.exercises}
    for slug in slugs:
        assert area not in generator.loaded_areas(records[slug], vocabulary.areas), slug


def test_an_unknown_area_is_a_400_naming_the_field(starter, api_client):
    response = api_client.post(URL, {**BODY, "avoid": ["knees", "tail"]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "avoid": ["Unknown areas: tail. See /api/v1/areas/ for the list."]
    }
