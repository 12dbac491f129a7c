"""Destructive clicks ask first: a confirm page without JavaScript, hx-confirm with htmx."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from plans.models import PlanDay, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    evening = plan_services.plan_day_add(plan=plan, name="Evening")
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"), day=evening)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Bridge"), day=evening)
    return plan


def test_removing_a_day_without_confirmation_shows_what_would_go_and_removes_nothing(
    member_client, plan
):
    evening = plan.days.get(name="Evening")
    url = reverse("plans:day-delete", args=[evening.pk])
    response = member_client.post(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Remove “Evening”?" in page
    assert "The day and its 2 exercises will be removed from “Morning”." in page
    assert 'name="confirm" value="yes"' in page and f'action="{url}"' in page
    assert PlanDay.objects.filter(pk=evening.pk).exists()
    assert PlanItem.objects.filter(day=evening).count() == 2


def test_a_confirmed_day_removal_removes_the_day_and_its_items(member_client, plan):
    evening = plan.days.get(name="Evening")
    response = member_client.post(
        reverse("plans:day-delete", args=[evening.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert list(plan.days.values_list("name", flat=True)) == ["Day 1"]
    assert PlanItem.objects.filter(day__plan=plan).count() == 1


def test_with_htmx_a_confirmed_removal_answers_with_a_client_redirect(member_client, plan):
    item = PlanItem.objects.get(exercise__name="Plank")
    response = member_client.post(
        reverse("plans:item-delete", args=[item.pk]), {"confirm": "yes"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == plan.get_absolute_url()
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_removing_an_item_without_confirmation_asks_first(member_client, plan):
    item = PlanItem.objects.get(exercise__name="Plank")
    response = member_client.post(reverse("plans:item-delete", args=[item.pk]))
    assert response.status_code == 200
    assert "Remove Plank?" in response.content.decode()
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_the_plan_page_buttons_ask_through_htmx_and_post_normally_without_it(member_client, plan):
    page = member_client.get(plan.get_absolute_url()).content.decode()
    evening = plan.days.get(name="Evening")
    assert 'hx-confirm="Remove “Evening” and its 2 exercises? This cannot be undone."' in page
    assert page.count('hx-vals=\'{"confirm": "yes"}\'') == 5  # 2 days, 3 items
    assert f'action="{reverse("plans:day-delete", args=[evening.pk])}"' in page


def test_unsharing_asks_first_then_turns_the_link_off(member_client, plan):
    plan_services.plan_share(plan=plan)
    url = reverse("plans:plan-share", args=[plan.pk])
    asked = member_client.post(url, {"share": "off"})
    plan.refresh_from_db()
    assert "Turn the share link off?" in asked.content.decode() and plan.share_token
    assert 'name="share" value="off"' in asked.content.decode()
    done = member_client.post(url, {"share": "off", "confirm": "yes"})
    plan.refresh_from_db()
    assert done["Location"] == plan.get_absolute_url() and plan.share_token is None


def test_revoking_the_api_token_asks_first(member_client, member):
    Token.objects.create(user=member)
    asked = member_client.post(reverse("api-token-revoke"))
    assert "Revoke your API token?" in asked.content.decode()
    assert Token.objects.filter(user=member).exists()
    member_client.post(reverse("api-token-revoke"), {"confirm": "yes"}, headers=HTMX)
    assert not Token.objects.filter(user=member).exists()
