import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exercises import services
from exercises.models import (
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ExerciseImage,
    ExerciseVariation,
    Status,
)
from exercises.services import exercises_refresh_search_text
from tests.exercises.test_models import GIF
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db
LIST = "/api/v1/exercises/"


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def assert_error(response, status, field=None):
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    if field:
        assert field in body["errors"], body


@pytest.fixture
def glutes_stretch():
    exercise = complete_exercise(
        name="Lying Glutes Stretch",
        aliases="Figure-four stretch",
        equipment=Equipment.objects.get(slug="machine"),
        category=Category.objects.get(slug="stretching"),
        stretch=True,
    )
    ExerciseImage.objects.create(
        exercise=exercise,
        image=SimpleUploadedFile("start.gif", GIF, content_type="image/gif"),
        alt_text="Lying on the back, one ankle crossed over the other knee",
        is_main=True,
    )
    pigeon = ExerciseFactory(name="Pigeon Pose", stretch=True)
    ExerciseVariation.objects.create(exercise=exercise, variation=pigeon, kind="harder")
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    return exercise


def test_list_is_paginated_with_count_next_and_previous(api_client):
    for i in range(25):
        ExerciseFactory(name=f"Exercise {i:02}")

    body = api_client.get(LIST).json()

    assert body["count"] == 25 and len(body["results"]) == 20
    assert body["next"].endswith("?limit=20&offset=20") and body["previous"] is None
    second = api_client.get(LIST, {"limit": 20, "offset": 20}).json()
    assert len(second["results"]) == 5 and second["next"] is None


def test_a_limit_above_100_is_clamped(api_client):
    for i in range(105):
        ExerciseFactory(name=f"Exercise {i:03}")
    response = api_client.get(LIST, {"limit": 100_000})
    assert response.status_code == 200 and len(response.json()["results"]) == 100


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"offset": -1}, "offset"),
        ({"limit": "abc"}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": -5}, "limit"),
        ({"body_part": "tail"}, "body_part"),
        ({"level": "expert"}, "level"),
        ({"equipment": "legs,spaceship"}, "equipment"),
        ({"ordering": "price"}, "ordering"),
        ({"ordering": "__all__"}, "ordering"),
    ],
)
def test_bad_query_parameters_are_400_with_field_errors(api_client, params, field):
    ExerciseFactory(name="Plank")
    assert_error(api_client.get(LIST, params), 400, field)


def test_filters_use_the_same_slugs_as_the_site(api_client, glutes_stretch):
    ExerciseFactory(name="Row", body_part=BodyPart.objects.get(slug="back"), target=["lats"])
    exercises_refresh_search_text(exercises=Exercise.objects.all())

    assert slugs(api_client.get(LIST, {"body_part": "legs,back"})) == [
        "lying-glutes-stretch",
        "pigeon-pose",
        "row",
    ]
    assert slugs(api_client.get(LIST, {"equipment": "machine"})) == ["lying-glutes-stretch"]
    assert slugs(api_client.get(LIST, {"muscle": "glutes"})) == ["lying-glutes-stretch"]
    assert slugs(api_client.get(LIST, {"category": "stretching", "level": "beginner"})) == [
        "lying-glutes-stretch",
        "pigeon-pose",
    ]
    assert slugs(api_client.get(LIST, {"search": "glute stretch lying"})) == [
        "lying-glutes-stretch"
    ]
    assert slugs(api_client.get(LIST, {"ordering": "-name"})) == [
        "row",
        "pigeon-pose",
        "lying-glutes-stretch",
    ]


def test_list_rows_carry_card_fields(api_client, glutes_stretch):
    row = api_client.get(LIST, {"search": "lying"}).json()["results"][0]
    assert row["url"] == "http://testserver/api/v1/exercises/lying-glutes-stretch/"
    assert row["page_url"] == "http://testserver/exercise/lying-glutes-stretch/"
    assert row["body_part"] == {"slug": "legs", "name": "Legs"}
    assert row["target_muscles"] == [{"slug": "glutes", "name": "Glutes"}]
    assert row["prescription"]["text"] == "Hold 30 s, each side"
    assert row["thumbnail"]["url"].startswith("http://testserver/media/exercises/")


def test_detail_is_the_whole_record(api_client, glutes_stretch):
    body = api_client.get(f"{LIST}lying-glutes-stretch/").json()

    assert body["name"] == "Lying Glutes Stretch"
    assert body["aliases"] == ["Figure-four stretch"]
    assert body["equipment"] == {"slug": "machine", "name": "Machine"}
    assert body["category"] == {"slug": "stretching", "name": "Stretching"}
    assert body["secondary_muscles"] == [{"slug": "hamstrings", "name": "Hamstrings"}]
    assert body["steps"] == ["Step 1.", "Step 2.", "Step 3.", "Step 4."]
    assert len(body["tips"]) == 3 and len(body["mistakes"]) == 3
    assert body["faq"][0] == {"question": "Question 1?", "answer": "Answer 1."}
    assert body["images"][0]["alt_text"].startswith("Lying on the back")
    assert body["images"][0]["url"].startswith("http://testserver/media/")
    assert body["prescription"] == {
        "hold_seconds": 30,
        "hold_seconds_min": 20,
        "hold_seconds_max": 60,
        "per_side": True,
        "reps_per_side": 1,
        "text": "Hold 30 s, each side",
    }
    assert body["variations"] == [
        {
            "kind": "harder",
            "slug": "pigeon-pose",
            "name": "Pigeon Pose",
            "url": "http://testserver/api/v1/exercises/pigeon-pose/",
        }
    ]
    assert body["source"] == {
        "name": "forge",
        "id": "lying-glutes-stretch",
        "url": "",
        "licence": "",
    }
    assert body["updated_at"]


def test_drafts_are_never_visible(api_client, editor):
    ExerciseFactory(name="Secret Draft", status=Status.DRAFT)
    ExerciseFactory(name="In Review", status=Status.REVIEW)
    assert api_client.get(LIST).json()["count"] == 0
    assert_error(api_client.get(f"{LIST}secret-draft/"), 404)
    api_client.force_authenticate(editor)  # not even for editors: the API is the public record
    assert_error(api_client.get(f"{LIST}secret-draft/"), 404)
    assert api_client.get(reverse("api:body-part-list")).json()[0]["exercise_count"] == 0


def test_unknown_slug_is_a_json_404(api_client):
    assert_error(api_client.get(f"{LIST}nope/"), 404)
    assert_error(api_client.get("/api/v1/nothing-here/"), 404)


def test_vocabulary_endpoints_have_published_exercise_counts(api_client, glutes_stretch):
    ExerciseFactory(name="Draft", status=Status.DRAFT)
    for name in ["body-part", "equipment", "muscle", "category"]:
        response = api_client.get(reverse(f"api:{name}-list"))
        assert response.status_code == 200, name
        assert all(
            {"slug", "name", "description", "exercise_count", "url"} <= set(row)
            for row in response.json()
        )
    legs = next(r for r in api_client.get("/api/v1/body-parts/").json() if r["slug"] == "legs")
    assert legs["exercise_count"] == 2
    glutes = api_client.get("/api/v1/muscles/glutes/").json()
    assert glutes["exercise_count"] == 1 and glutes["url"].endswith("/exercises/muscle/glutes/")


def test_catalogue_reads_support_conditional_requests(api_client, glutes_stretch):
    url = f"{LIST}lying-glutes-stretch/"
    first = api_client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]

    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    Exercise.objects.filter(pk=glutes_stretch.pk).update(summary="Rewritten.")
    services.catalogue_version_bump()  # what every catalogue write does
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200

    listing = api_client.get(LIST)
    assert api_client.get(LIST, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_catalogue_is_read_only(api_client, member_api, glutes_stretch, method):
    for client in (api_client, member_api):
        for url in [LIST, f"{LIST}lying-glutes-stretch/", "/api/v1/body-parts/"]:
            response = getattr(client, method)(url, {}, format="json")
            # No write route exists, so even a visitor gets 405 (not 401) for every method.
            assert response.status_code == 405, (method, url, response.status_code)
            assert_error(response, 405)
    assert Exercise.objects.count() == 2


# Query counts of the list and detail, cached and uncached: tests/exercises/test_caching.py.


def test_anonymous_clients_are_throttled(api_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # DRF copies the rates onto the class at import; the environment sets them at start-up.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "5/minute"}
    )
    assert api_client.get(LIST).status_code == 200
    assert api_client.get(LIST).status_code == 200
    response = api_client.get(LIST)
    assert_error(response, 429)
    assert "Retry-After" in response


def test_schema_and_docs_are_served_from_the_site(client):
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/api/v1/exercises/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {
        "search",
        "body_part",
        "equipment",
        "muscle",
        "category",
        "level",
        "ordering",
        "limit",
        "offset",
    } <= parameters
    assert {"200", "400", "429"} <= set(operation["responses"])
    assert {"401", "403", "404"} <= set(spec["paths"]["/api/v1/plans/{id}/"]["get"]["responses"])
    assert "Error" in spec["components"]["schemas"]

    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "https://" not in docs


def test_the_hand_written_list_item_matches_what_drf_fields_produce(rf, glutes_stretch):
    from rest_framework import serializers as drf

    from exercises import selectors
    from exercises.api.serializers import ExerciseListSerializer

    request = rf.get("/api/v1/exercises/")
    timed = ExerciseFactory(name="Wall Sit", stretch=True, target=["hamstrings"])
    for exercise in selectors.exercise_list().filter(pk__in=[glutes_stretch.pk, timed.pk]):
        serializer = ExerciseListSerializer(context={"request": request})
        fast = serializer.to_representation(exercise)
        generic = drf.ModelSerializer.to_representation(serializer, exercise)
        assert fast == dict(generic)


def test_the_hand_written_prescription_matches_its_documented_serializer(rf):
    from exercises.api.serializers import ExerciseListSerializer, PrescriptionSerializer

    serializer = ExerciseListSerializer(context={"request": rf.get("/api/v1/exercises/")})
    timed = ExerciseFactory(name="Wall Sit", stretch=True, target=["hamstrings"])
    reps = ExerciseFactory(name="Side Lunge", target=["glutes"], per_side=True, reps_per_side=8)
    for exercise in (timed, reps):
        written = serializer.get_prescription(exercise)
        assert written == dict(PrescriptionSerializer(exercise).data)
        assert written["text"] == exercise.prescription_text
    assert serializer.get_prescription(ExerciseFactory(name="Plain Row", target=["lats"])) is None


def test_the_list_from_cached_rows_matches_the_serializer_in_order(api_client, settings, rf):
    """Each exercise's JSON is cached per catalogue version (exercise_list_data): a warm list
    is the serializer's output, in the list's order, and an edit shows at once."""
    from exercises import selectors
    from exercises.api.serializers import ExerciseListSerializer

    settings.PAGE_CACHE = False  # only the rows' cache
    for name in ("Plank", "Wall Sit", "Bird Dog"):
        ExerciseFactory(name=name)
    cold = api_client.get(LIST, {"ordering": "name"}).json()
    warm = api_client.get(LIST, {"ordering": "name"}).json()
    serializer = ExerciseListSerializer(context={"request": rf.get(LIST)})
    expected = [
        serializer.to_representation(exercise)
        for exercise in selectors.exercise_list().order_by("name")
    ]
    assert cold == warm and cold["results"] == expected

    Exercise.objects.filter(name="Plank").update(summary="Now with a summary.")
    services.catalogue_version_bump()  # as every catalogue write does
    rows = api_client.get(LIST, {"ordering": "name"}).json()["results"]
    assert [row["summary"] for row in rows if row["slug"] == "plank"] == ["Now with a summary."]
