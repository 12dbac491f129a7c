"""Public routines: the shipped ones, their pages, play, copy, filters and the loader."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from plans import timeline
from plans.models import Plan, PlanItem, Routine
from plans.selectors import routine_detail

ROUTINES = [
    "desk-reset",
    "post-run-lower-body",
    "before-bed",
    "morning-mobility",
    "low-back-relief",
    "neck-and-shoulders",
    "hip-opener",
    "beginner-full-body-strength",
]


def test_the_shipped_routines_load_published_with_lengths_from_the_timeline(starter):
    assert list(Routine.objects.published().values_list("slug", flat=True)) == ROUTINES
    desk = routine_detail(slug="desk-reset")
    assert desk.estimated_seconds == timeline.day_timeline(desk.plan.days.all()[0]).total_seconds
    assert desk.estimated_seconds == 585
    assert desk.plan.owner.email == "routines@forge.invalid"
    assert not desk.plan.owner.is_active
    assert not desk.plan.owner.has_usable_password()


def test_loading_the_routines_again_changes_nothing(starter, capsys):
    items = list(PlanItem.objects.order_by("pk").values_list("pk", "exercise_id", "hold_seconds"))
    call_command("load_routines")
    assert "0 created, 0 updated, 8 unchanged" in capsys.readouterr().out
    assert Routine.objects.count() == 8
    assert (
        list(PlanItem.objects.order_by("pk").values_list("pk", "exercise_id", "hold_seconds"))
        == items
    )


def test_a_bad_routines_file_names_every_problem_and_writes_nothing(starter, tmp_path):
    path = tmp_path / "routines.json"
    path.write_text(
        json.dumps(
            {
                "routines": [
                    {
                        "slug": "new-one",
                        "name": "New one",
                        "goal": "juggling",
                        "level": "beginner",
                        "description": "Text.",
                        "days": [{"name": "Day", "items": [{"exercise": "no-such", "sets": 1}]}],
                    },
                    {
                        "slug": "other",
                        "name": "Other",
                        "goal": "hips",
                        "level": "expert",
                        "description": "Text.",
                        "days": [
                            {
                                "name": "Day",
                                "items": [{"exercise": "pigeon-pose", "reps": 5, "sets": 1}],
                            }
                        ],
                    },
                ]
            }
        )
    )
    with pytest.raises(CommandError) as error:
        call_command("load_routines", str(path))
    message = str(error.value)
    assert "routine new-one: goal: no goal “juggling”." in message
    assert (
        "routine new-one: days[1].items[1]: exercise: no published exercise “no-such”." in message
    )
    assert "routine other: level: no level “expert”." in message
    assert "routine other: days[1].items[1]: reps:" in message
    assert Routine.objects.count() == 8


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_routine_list_shows_every_routine_with_a_pinned_query_count(
    starter, client, django_assert_num_queries, language
):
    with translation.override(language):
        url = reverse("plans:routine-list")
    # 1 the page of routines with goal, plan and day/item counts, 2 the goal filter's choices.
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    assert [r.slug for r in response.context["routines"]] == ROUTINES
    assert "10-minute desk reset" in response.content.decode()


def test_routine_list_filters_by_goal_and_length(starter, client):
    response = client.get(reverse("plans:routine-list"), {"goal": "flexibility"})
    assert [r.slug for r in response.context["routines"]] == ["before-bed", "morning-mobility"]
    response = client.get(reverse("plans:routine-list"), {"duration": "short"})
    assert [r.slug for r in response.context["routines"]] == ["desk-reset", "post-run-lower-body"]
    response = client.get(reverse("plans:routine-list"), {"duration": "long"})
    assert [r.slug for r in response.context["routines"]] == []


def test_an_unknown_goal_filter_is_a_400_with_the_error_beside_the_field(starter, client):
    response = client.get(reverse("plans:routine-list"), {"goal": "juggling"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert list(response.context["routines"]) == []


def test_an_unpublished_routine_is_hidden(starter, client):
    Routine.objects.filter(slug="hip-opener").update(is_published=False)
    assert client.get(reverse("plans:routine-detail", args=["hip-opener"])).status_code == 404
    assert "hip-opener" not in [
        r.slug for r in client.get(reverse("plans:routine-list")).context["routines"]
    ]


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_routine_page_shows_days_items_play_copy_and_json_ld(
    starter, client, django_assert_num_queries, language
):
    translation.activate(language)
    # 1 routine with goal and plan, 2 its days, 3 their items with exercises.
    with django_assert_num_queries(3):
        response = client.get(reverse("plans:routine-detail", args=["beginner-full-body-strength"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Day A" in content and "Day B" in content
    assert (
        f'href="{reverse("plans:routine-play", args=["beginner-full-body-strength"])}"' in content
    )
    assert "?day=2" in content
    assert reverse("plans:routine-copy", args=["beginner-full-body-strength"]) in content
    assert '"@type": "ExercisePlan"' in content
    data = response.context["json_ld"]
    assert data["activityDuration"] == "PT970S"
    assert data["exerciseType"] == "Strength basics"


def test_the_sitemap_lists_every_routine(starter, client):
    content = client.get("/sitemap.xml").content.decode()
    for slug in ROUTINES:
        assert f"/routines/{slug}/</loc>" in content
    assert "/routines/</loc>" in content
    assert "/plans/generate/</loc>" in content


def test_a_member_copies_a_routine_into_their_plans(starter, member_client, member):
    response = member_client.post(reverse("plans:routine-copy", args=["desk-reset"]))
    copy = Plan.objects.get(owner=member)
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert copy.name == "10-minute desk reset"
    assert copy.days.get().items.count() == 8


def test_a_visitor_who_copies_is_sent_to_log_in_and_nothing_is_copied(starter, client):
    response = client.post(reverse("plans:routine-copy", args=["desk-reset"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Plan.objects.count() == 8


def test_editors_mark_their_own_plan_as_a_routine_in_the_admin(starter, editor, client):
    from exercises.models import Exercise
    from plans.services import plans as plan_services

    client.force_login(editor)
    plan = plan_services.plan_create(owner=editor, name="Lunch stretch")
    plan_services.plan_add_exercise(plan=plan, exercise=Exercise.objects.get(slug="childs-pose"))
    response = client.post(
        reverse("admin:plans_routine_add"),
        {
            "plan": plan.pk,
            "slug": "lunch-stretch",
            "goal": Routine.objects.get(slug="desk-reset").goal_id,
            "level": "beginner",
            "description": "A short one.",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    routine = Routine.objects.get(slug="lunch-stretch")
    assert routine.estimated_seconds == timeline.plan_seconds(plan)
    assert client.get(reverse("plans:routine-detail", args=["lunch-stretch"])).status_code == 200


def test_editors_can_change_a_goal_in_the_admin_and_members_cannot(starter, editor, member, client):
    from plans.models import Goal

    goal = Goal.objects.get(slug="hips")
    url = reverse("admin:plans_goal_change", args=[goal.pk])
    client.force_login(member)
    assert client.get(url).status_code == 302
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="name" value="Hips"' in content
    assert 'name="muscle_links-0-why" value="which long sitting and running shorten"' in content
    assert editor.has_perm("plans.change_goal")
    assert editor.has_perm("plans.change_routine")
    assert not editor.has_perm("plans.change_plan")
