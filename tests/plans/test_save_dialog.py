"""“Save to my plan”: the full page without JavaScript and the dialog's body for htmx requests."""

import pytest
from django.urls import reverse

from plans import selectors
from plans.models import Plan, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def morning(member, stretch):
    """“Morning mobility”: Day 1 holds the stretch, Day 2 is empty."""
    plan = plan_services.plan_create(owner=member, name="Morning mobility")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_day_add(plan=plan, name="Day 2")
    return plan


def save_url(exercise):
    return reverse("plans:save-exercise", args=[exercise.slug])


def day(plan, position):
    return plan.days.get(position=position)


def names_on(day):
    return list(day.items.order_by("position").values_list("exercise__name", flat=True))


# --- Visitors ----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_visitor_is_sent_to_log_in_and_back_to_the_save_page(client, stretch, headers):
    response = client.get(save_url(stretch), headers=headers)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={save_url(stretch)}"
    assert not Plan.objects.exists()


def test_visitor_posting_saves_nothing(client, stretch):
    response = client.post(save_url(stretch), {"target": "new", "new_plan_name": "Mine"})

    assert response.status_code == 302
    assert not Plan.objects.exists() and not PlanItem.objects.exists()


# --- Already in --------------------------------------------------------------------------


def test_the_selector_lists_the_members_days_that_hold_the_exercise(
    member, other_member, stretch, morning
):
    evening = plan_services.plan_create(owner=member, name="Evening")
    plan_services.plan_add_exercise(plan=evening, exercise=stretch)
    plan_services.plan_add_exercise(plan=evening, exercise=stretch)
    plan_services.plan_add_exercise(plan=evening, exercise=ExerciseFactory(name="Plank"))
    theirs = plan_services.plan_create(owner=other_member, name="Theirs")
    plan_services.plan_add_exercise(plan=theirs, exercise=stretch)

    days = selectors.exercise_saved_days(user=member, exercise=stretch)

    # Newest change first, like the form's choices; each day once, with how often it holds it.
    assert [(d.plan.name, d.name, d.times) for d in days] == [
        ("Evening", "Day 1", 2),
        ("Morning mobility", "Day 1", 1),
    ]


def test_the_dialog_says_where_the_exercise_already_is(member_client, stretch, morning):
    response = member_client.get(save_url(stretch), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert [d.pk for d in response.context["saved_days"]] == [day(morning, 1).pk]
    assert "<strong>Already in:</strong>" in html
    plan_url = morning.get_absolute_url()
    assert f'<a href="{plan_url}#day-{day(morning, 1).pk}">Morning mobility — Day 1</a>' in html
    assert response.context["form"].fields["target"].choices == [
        (str(day(morning, 1).pk), "Morning mobility — Day 1 (already there)"),
        (str(day(morning, 2).pk), "Morning mobility — Day 2"),
        ("new", "A new plan…"),
    ]


def test_an_exercise_in_none_of_the_plans_shows_no_already_in_line(member_client, morning):
    plank = ExerciseFactory(name="Plank")

    response = member_client.get(save_url(plank), headers=HTMX)

    assert response.context["saved_days"] == []
    assert "Already in" not in response.content.decode()


# --- A second time -----------------------------------------------------------------------


def test_a_duplicate_is_refused_without_confirmation_then_added_with_it(
    member_client, stretch, morning
):
    day_one = day(morning, 1)

    refused = member_client.post(save_url(stretch), {"target": str(day_one.pk)}, headers=HTMX)

    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "again": [
            "It is already in Morning mobility — Day 1. "
            "Add it a second time, or choose another day."
        ]
    }
    html = refused.content.decode()
    assert '<button type="submit" name="again" value="on" class="button">Add it again</button>' in (
        html
    )
    assert names_on(day_one) == ["Lying Glutes Stretch"]

    accepted = member_client.post(
        save_url(stretch), {"target": str(day_one.pk), "again": "on"}, headers=HTMX
    )

    assert accepted.status_code == 200
    assert "Saved to Morning mobility — Day 1." in accepted.content.decode()
    assert names_on(day_one) == ["Lying Glutes Stretch", "Lying Glutes Stretch"]


def test_a_duplicate_is_refused_on_the_full_page_too(member_client, stretch, morning):
    response = member_client.post(save_url(stretch), {"target": str(day(morning, 1).pk)})

    assert response.status_code == 200
    assert "again" in response.context["form"].errors
    assert "<html" in response.content.decode()
    assert PlanItem.objects.filter(day__plan=morning).count() == 1


def test_another_day_takes_the_exercise_without_asking(member_client, stretch, morning):
    day_two = day(morning, 2)

    response = member_client.post(save_url(stretch), {"target": str(day_two.pk)})

    assert response.status_code == 302 and response["Location"] == morning.get_absolute_url()
    assert names_on(day_two) == ["Lying Glutes Stretch"]
    assert names_on(day(morning, 1)) == ["Lying Glutes Stretch"]


# --- New plan name -----------------------------------------------------------------------


def test_an_existing_day_needs_no_new_plan_name(member, member_client, morning):
    plank = ExerciseFactory(name="Plank")

    response = member_client.post(
        save_url(plank), {"target": str(day(morning, 2).pk), "new_plan_name": ""}
    )

    assert response.status_code == 302
    assert names_on(day(morning, 2)) == ["Plank"]
    assert list(Plan.objects.filter(owner=member).values_list("name", flat=True)) == [
        "Morning mobility"
    ]


def test_a_new_plan_needs_a_name(member, member_client, morning):
    plank = ExerciseFactory(name="Plank")

    response = member_client.post(
        save_url(plank), {"target": "new", "new_plan_name": "  "}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"new_plan_name": ["Name the new plan."]}
    assert Plan.objects.filter(owner=member).count() == 1
    assert not PlanItem.objects.filter(exercise=plank).exists()


def test_the_new_plan_name_is_labelled_for_pages_without_script_support(member_client, stretch):
    html = member_client.get(save_url(stretch)).content.decode()

    # A member with no plans yet: the only choice is a new plan, with a name ready.
    assert '<option value="new" selected>A new plan…</option>' in html
    assert (
        '<label for="save-new_plan_name">New plan name '
        '<span class="new-plan-note">(if you chose “A new plan…”)</span></label>'
    ) in html
    assert 'value="My stretches"' in html


# --- Page or partial ---------------------------------------------------------------------


def test_the_full_page_and_the_dialog_body_share_one_form(member_client, stretch, morning):
    page = member_client.get(save_url(stretch))
    body = member_client.get(save_url(stretch), headers=HTMX)

    page_html, body_html = page.content.decode(), body.content.decode()
    assert page.templates[0].name == "plans/save_exercise.html"
    assert body.templates[0].name == "plans/_save_dialog.html"
    assert "<html" in page_html and "<html" not in body_html
    assert "<h1>Save Lying Glutes Stretch</h1>" in page_html
    assert '<h2 id="save-dialog-title">Save Lying Glutes Stretch</h2>' in body_html
    # Only the dialog has a way to close it.
    assert 'method="dialog"' in body_html and 'method="dialog"' not in page_html
    for html in (page_html, body_html):
        assert f'action="{save_url(stretch)}"' in html and "csrfmiddlewaretoken" in html


def test_saving_from_the_dialog_ends_with_a_confirmation_and_a_link_to_the_plan(
    member, member_client
):
    plank = ExerciseFactory(name="Plank")

    response = member_client.post(
        save_url(plank), {"target": "new", "new_plan_name": "Core"}, headers=HTMX
    )

    plan = Plan.objects.get(owner=member, name="Core")
    item = PlanItem.objects.get(day__plan=plan)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert response.context["saved"] == item
    assert "Saved to Core — Day 1." in html
    assert f'href="{plan.get_absolute_url()}#item-{item.pk}">Open Core</a>' in html
    assert '<form method="post"' not in html  # the form is gone: the dialog is done


def test_saving_from_the_full_page_lands_on_the_plan_with_a_message(member_client, morning):
    plank = ExerciseFactory(name="Plank")

    response = member_client.post(save_url(plank), {"target": str(day(morning, 1).pk)}, follow=True)

    assert response.redirect_chain == [(morning.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Plank saved to “Morning mobility”."]
    assert names_on(day(morning, 1)) == ["Lying Glutes Stretch", "Plank"]


def test_the_exercise_page_offers_the_dialog_to_members_and_sign_up_to_visitors(
    client, member, stretch
):
    visitor_html = client.get(stretch.get_absolute_url()).content.decode()
    client.force_login(member)
    member_html = client.get(stretch.get_absolute_url()).content.decode()

    url = save_url(stretch)
    assert f'<a class="button button-secondary" href="{url}" data-save-dialog>' in member_html
    assert "data-save-dialog" not in visitor_html
    assert f'href="{reverse("signup")}?next={url}"' in visitor_html
    # Both find it beside the prescription, before the steps and similar exercises.
    for html in (visitor_html, member_html):
        assert html.index('class="prescription"') < html.index("Save to my plan")
        assert html.count("Save to my plan") == 1


@pytest.mark.parametrize("plans", [1, 12])
def test_the_dialog_query_count_does_not_grow_with_plans(
    member, member_client, stretch, plans, django_assert_num_queries
):
    for i in range(plans):
        plan = plan_services.plan_create(owner=member, name=f"Plan {i}")
        plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    # 1 session, 2 user, 3 exercise, 4 days already holding it, 5 every day to choose from.
    with django_assert_num_queries(5):
        response = member_client.get(save_url(stretch), headers=HTMX)
    assert response.status_code == 200
    assert len(response.context["saved_days"]) == plans
