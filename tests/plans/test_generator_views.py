"""The generator's pages: form, result, shuffle, play now and save (via sign-up)."""

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from plans.models import Plan
from plans.views.generator import PENDING_SAVE_KEY

GENERATE = reverse("plans:generate")
INPUTS = {"goal": "hips", "minutes": "10", "days_per_week": "2", "level": "beginner"}
RESULT = {**INPUTS, "seed": "42"}


WARM_UP_REASON = (
    "Warms up the glutes and hip flexors that Seated Figure-Four Stretch and Kneeling "
    "Hip Flexor Stretch work next; 2 sets of 10 reps each side, 25 s rest."
)


def test_the_form_offers_goal_cards_a_minutes_slider_and_chips_without_inline_script(
    starter, client
):
    response = client.get(GENERATE)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="goal-card"') == 7
    assert 'type="range"' in content and 'name="minutes"' in content
    assert '<output id="minutes-value"' in content
    assert 'name="equipment" value="dumbbell"' in content
    assert 'name="equipment" value="body-weight"' not in content  # always counts
    assert 'name="avoid" value="neck"' in content
    assert "<script>" not in content and " style=" not in content and "onclick" not in content
    assert "js/generator.js" in content


def test_inputs_without_a_seed_redirect_to_a_result_with_one(starter, client):
    response = client.get(GENERATE, INPUTS)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["goal"] == ["hips"] and query["minutes"] == ["10"]
    assert 0 <= int(query["seed"][0]) < 2**31


def test_the_result_shows_reasons_durations_shuffle_and_play_now(
    starter, client, django_assert_num_queries
):
    # 1 goals, 2 their categories, 3 their muscles, 4 their body parts, 5 areas, 6 their
    # muscles, 7 their body parts, 8 equipment, 9 body parts, 10 muscles, 11 props,
    # 12 exercises with their first steps, 13 their muscles, 14 their loads, 15 their props,
    # 16 their easier variations.
    with django_assert_num_queries(16):
        response = client.get(GENERATE, RESULT)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hips: 10 minutes" in content
    assert WARM_UP_REASON in content
    assert 'Day 1 <span class="muted small">· about 9 min 45 s</span>' in content
    shuffle = re.search(r'href="/plans/generate/\?([^"]+)#result">Shuffle', content).group(1)
    assert parse_qs(shuffle.replace("&amp;", "&"))["seed"] != ["42"]
    assert content.count(f"{reverse('plans:generate-play')}?") == 2
    assert "Sign up to save this plan" in content
    assert Plan.objects.count() == 8  # the routines' plans only: nothing was stored


def test_shuffle_gives_another_plan(starter, client):
    first = client.get(GENERATE, {**RESULT, "goal": "flexibility", "minutes": "15", "seed": "1"})
    shuffled = client.get(
        GENERATE,
        {
            **RESULT,
            "goal": "flexibility",
            "minutes": "15",
            "seed": first.context["shuffle_query"].split("seed=")[1],
        },
    )
    assert [i.exercise.slug for i in first.context["plan"].days[0].items] != [
        i.exercise.slug for i in shuffled.context["plan"].days[0].items
    ]


def test_bad_input_shows_an_error_beside_each_field_and_stores_nothing(starter, client):
    response = client.get(
        GENERATE,
        {
            "goal": "juggling",
            "minutes": "61",
            "days_per_week": "0",
            "level": "expert",
            "equipment": "rowing-machine",
            "avoid": "tail",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors == {
        "goal": ["There is no goal “juggling”: choose one of the list."],
        "minutes": ["Choose at most 60 minutes."],
        "days_per_week": ["Choose at least 1 session a week."],
        "level": ["There is no level “expert”: choose one of the list."],
        "equipment": ["There is no equipment “rowing-machine”: choose one of the list."],
        "avoid": ["There is no area “tail”: choose one of the list."],
    }
    assert response.content.decode().count('<p class="error">') == 6
    assert response.context["plan"] is None
    assert Plan.objects.count() == 8


def test_a_member_saves_the_generated_plan_and_lands_on_it(starter, member_client, member):
    response = member_client.post(reverse("plans:generate-save"), RESULT)
    plan = Plan.objects.get(owner=member)
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.name == "Hips: 10 minutes"
    assert [d.name for d in plan.days.all()] == ["Day 1", "Day 2"]
    first = plan.days.get(position=1).items.get(position=1)
    assert first.exercise.slug == "leg-swings"
    assert first.notes == WARM_UP_REASON


def test_a_visitor_signs_up_and_comes_back_to_the_plan_saved(starter, client, mailoutbox):
    response = client.post(reverse("plans:generate-save"), RESULT)
    assert response.status_code == 302
    signup_url = response["Location"]
    assert signup_url.startswith(reverse("signup") + "?next=")
    assert Plan.objects.count() == 8
    next_url = parse_qs(urlsplit(signup_url).query)["next"][0]

    response = client.post(
        reverse("signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
            "next": next_url,
        },
    )
    # Sign-up asks to confirm the address; the emailed link signs in and comes back.
    assert response.status_code == 302 and response["Location"] == reverse("signup-sent")
    link = re.search(r"https?://\S+/accounts/signup/confirm/\S+", mailoutbox[-1].body).group(0)
    response = client.get(
        urlsplit(link).path + ("?" + urlsplit(link).query if urlsplit(link).query else "")
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    response = client.get(next_url)
    plan = Plan.objects.get(owner__email="new@example.org")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.days.count() == 2
    assert PENDING_SAVE_KEY not in client.session
    # Coming back to the same address again saves nothing more.
    client.get(next_url)
    assert Plan.objects.filter(owner__email="new@example.org").count() == 1


def test_a_link_to_the_save_address_alone_saves_nothing(starter, member_client, member):
    response = member_client.get(reverse("plans:generate-save"), RESULT)
    assert response.status_code == 302
    assert response["Location"].startswith(GENERATE + "?")
    assert not Plan.objects.filter(owner=member).exists()


def test_play_now_plays_a_generated_day_for_a_visitor(starter, client):
    response = client.get(reverse("plans:generate-play"), {**RESULT, "day": "2"})
    assert response.status_code == 200
    player = response.context["player"]
    assert player["title"] == "Hips: 10 minutes — Day 2"
    assert player["plan_day"] is None
    assert player["can_save"] is False
    assert player["total_seconds"] == 583
    assert [e.slug for e in response.context["exercises"]] == [
        e["slug"] for e in player["exercises"]
    ]
    assert client.get(reverse("plans:generate-play"), {**RESULT, "day": "3"}).status_code == 404


def test_a_routine_plays_for_anyone_day_by_day(starter, client):
    url = reverse("plans:routine-play", args=["beginner-full-body-strength"])
    response = client.get(url, {"day": "2"})
    assert response.status_code == 200
    player = response.context["player"]
    assert player["title"] == "Beginner full-body strength — Day B"
    assert player["exercises"][0]["slug"] == "cat-cow"
    assert player["plan_day"] is None
    assert client.get(url, {"day": "3"}).status_code == 404
