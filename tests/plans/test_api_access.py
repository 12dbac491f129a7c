"""Who may reach the plans API: visitors, other members, tokens and CSRF."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from forge import services as account_services
from plans.models import Plan, PlanItem
from plans.services import plans as plan_services
from tests.exercises.test_api import assert_error
from tests.factories import ExerciseFactory
from tests.plans.test_api import item_of, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    return plan


@pytest.fixture
def other_api(other_member):
    client = APIClient()
    client.force_authenticate(other_member)
    return client


def endpoints(plan):
    """(method, url, body) for every members' endpoint that names an object."""
    day = plan.days.get()
    item = item_of(plan)
    return [
        ("get", f"/api/v1/plans/{plan.pk}/", None),
        ("patch", f"/api/v1/plans/{plan.pk}/", {"name": "Hijacked"}),
        ("put", f"/api/v1/plans/{plan.pk}/", {"name": "Hijacked", "description": ""}),
        ("delete", f"/api/v1/plans/{plan.pk}/", None),
        ("post", f"/api/v1/plans/{plan.pk}/copy/", {}),
        ("post", f"/api/v1/plans/{plan.pk}/days/", {"name": "Extra"}),
        ("post", f"/api/v1/plans/{plan.pk}/share/", None),
        ("delete", f"/api/v1/plans/{plan.pk}/share/", None),
        ("get", f"/api/v1/plan-days/{day.pk}/", None),
        ("patch", f"/api/v1/plan-days/{day.pk}/", {"name": "Renamed"}),
        ("delete", f"/api/v1/plan-days/{day.pk}/", None),
        ("post", f"/api/v1/plan-days/{day.pk}/reorder/", {"item_ids": [item.pk]}),
        ("get", f"/api/v1/plan-items/{item.pk}/", None),
        ("patch", f"/api/v1/plan-items/{item.pk}/", {"hold_seconds": 45}),
        ("delete", f"/api/v1/plan-items/{item.pk}/", None),
        ("post", f"/api/v1/plan-items/{item.pk}/move/", {"direction": "down"}),
    ]


def test_visitors_get_401_everywhere(api_client, plan):
    before = state(plan)
    for method, url, body in [
        *endpoints(plan),
        ("get", "/api/v1/plans/", None),
        ("post", "/api/v1/plans/", {"name": "X"}),
        ("get", "/api/v1/saved-exercises/", None),
        ("post", "/api/v1/plan-items/", {"plan": plan.pk, "exercise": "plank"}),
    ]:
        response = getattr(api_client, method)(url, body, format="json")
        assert_error(response, 401)
        assert response["WWW-Authenticate"] == "Token"
    assert state(plan) == before


def test_another_member_gets_404_for_every_object_and_changes_nothing(other_api, plan):
    before = state(plan)
    for method, url, body in endpoints(plan):
        assert_error(getattr(other_api, method)(url, body, format="json"), 404)
    assert state(plan) == before
    assert other_api.get("/api/v1/plans/").json()["count"] == 0


def test_another_members_plan_cannot_receive_items(other_api, plan, stretch):
    response = other_api.post(
        "/api/v1/plan-items/", {"plan": plan.pk, "exercise": stretch.slug}, format="json"
    )
    assert_error(response, 400, "plan")
    assert PlanItem.objects.filter(day__plan=plan).count() == 2


def test_token_clients_use_the_api_and_revoked_tokens_stop_working(member, plan):
    token = account_services.api_token_create(user=member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/plans/").json()["count"] == 1
    created = client.post("/api/v1/plans/", {"name": "From a script"}, format="json")
    assert created.status_code == 201  # no CSRF for token clients

    account_services.api_token_revoke(user=member)
    assert_error(client.get("/api/v1/plans/"), 401)


def test_a_wrong_token_is_401(plan):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(client.get("/api/v1/plans/"), 401)


def test_session_clients_need_a_csrf_token_for_writes(member):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get("/api/v1/plans/").status_code == 200
    response = client.post("/api/v1/plans/", {"name": "No CSRF"}, format="json")
    assert_error(response, 403)
    assert not Plan.objects.exists()


def test_members_create_and_revoke_tokens_on_their_profile(member_client, member):
    page = member_client.post(reverse("api-token-create"))
    key = Token.objects.get(user=member).key
    assert key in page.content.decode()
    assert key not in member_client.get(reverse("profile")).content.decode()  # shown once

    replaced = member_client.post(reverse("api-token-create"))
    assert Token.objects.get(user=member).key != key and replaced.status_code == 200

    asked = member_client.post(reverse("api-token-revoke"))
    assert asked.status_code == 200 and b"Revoke your API token?" in asked.content
    assert Token.objects.filter(user=member).exists()  # nothing happens before the answer
    revoked = member_client.post(reverse("api-token-revoke"), {"confirm": "yes"})
    assert revoked["Location"] == reverse("profile")
    assert not Token.objects.filter(user=member).exists()
    assert member_client.get(reverse("api-token-create")).status_code == 405
