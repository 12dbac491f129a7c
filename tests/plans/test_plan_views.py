from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Plan, PlanDay, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "es"]


def _in(language, name, *args):
    """A page's URL in one of the languages (English has no prefix)."""
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def plan(member, stretch):
    plan = plan_services.plan_create(owner=member, name="Morning")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    plan_services.plan_day_add(plan=plan, name="Evening")
    return plan


def item_of(plan, name="Lying Glutes Stretch"):
    return PlanItem.objects.get(day__plan=plan, exercise__name=name)


def snapshot(plan):
    """Everything about a plan that a view could change."""
    plan.refresh_from_db()
    days = list(plan.days.values_list("pk", "name", "position"))
    items = list(
        PlanItem.objects.filter(day__plan=plan)
        .order_by("pk")
        .values_list("pk", "day_id", "position", "sets", "reps", "hold_seconds", "notes")
    )
    return plan.name, plan.share_token, days, items


def requests_for(plan):
    """(method, url, data) for every plan view and action."""
    day = plan.days.get(position=1)
    evening = plan.days.get(position=2)
    item = item_of(plan)
    return [
        ("get", reverse("plans:plan-detail", args=[plan.pk]), None),
        ("get", reverse("plans:plan-print", args=[plan.pk]), None),
        ("get", reverse("plans:plan-edit", args=[plan.pk]), None),
        ("post", reverse("plans:plan-edit", args=[plan.pk]), {"name": "Hijacked"}),
        ("get", reverse("plans:plan-delete", args=[plan.pk]), None),
        ("post", reverse("plans:plan-delete", args=[plan.pk]), {}),
        ("post", reverse("plans:plan-copy", args=[plan.pk]), {}),
        ("post", reverse("plans:plan-share", args=[plan.pk]), {"share": "on"}),
        ("post", reverse("plans:day-add", args=[plan.pk]), {"name": "Extra"}),
        ("get", reverse("plans:day-edit", args=[day.pk]), None),
        ("post", reverse("plans:day-edit", args=[day.pk]), {"name": "Renamed"}),
        ("post", reverse("plans:day-delete", args=[evening.pk]), {}),
        ("get", reverse("plans:item-edit", args=[item.pk]), None),
        (
            "post",
            reverse("plans:item-edit", args=[item.pk]),
            {"sets": 5, "hold_seconds": 60, "rest_seconds": 10},
        ),
        ("post", reverse("plans:item-move", args=[item.pk]), {"direction": "down"}),
        ("post", reverse("plans:item-move", args=[item.pk]), {"day": evening.pk}),
        ("post", reverse("plans:item-delete", args=[item.pk]), {}),
    ]


def test_another_member_gets_404_for_every_view_and_action(client, plan, other_member):
    client.force_login(other_member)
    before = snapshot(plan)
    for method, url, data in requests_for(plan):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, (method, url)
    assert snapshot(plan) == before
    assert Plan.objects.filter(owner=other_member).count() == 0


def test_a_visitor_is_sent_to_log_in_for_every_view_and_action(client, plan):
    before = snapshot(plan)
    for method, url, data in requests_for(plan):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login")), url
    assert snapshot(plan) == before


def test_state_changing_actions_refuse_get_and_change_nothing(member_client, plan):
    item, evening = item_of(plan), plan.days.get(position=2)
    post_only = [
        reverse("plans:plan-copy", args=[plan.pk]),
        reverse("plans:plan-share", args=[plan.pk]),
        reverse("plans:day-add", args=[plan.pk]),
        reverse("plans:day-delete", args=[evening.pk]),
        reverse("plans:item-move", args=[item.pk]),
        reverse("plans:item-delete", args=[item.pk]),
    ]
    before = snapshot(plan)
    for url in post_only:
        assert member_client.get(url).status_code == 405, url
    assert snapshot(plan) == before
    assert Plan.objects.count() == 1


def test_plan_list_shows_only_my_plans(member_client, plan, other_member):
    plan_services.plan_create(owner=other_member, name="Not mine")

    response = member_client.get(reverse("plans:plan-list"))

    assert [p.name for p in response.context["plans"]] == ["Morning"]
    assert b"Not mine" not in response.content


def test_creating_a_plan_from_the_list_page(member, member_client):
    response = member_client.post(reverse("plans:plan-list"), {"name": "Desk breaks"})

    plan = Plan.objects.get(owner=member, name="Desk breaks")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.days.count() == 1


def test_a_plan_without_a_name_gets_a_field_error(member, member_client):
    response = member_client.post(reverse("plans:plan-list"), {"name": ""})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Plan.objects.filter(owner=member).exists()


def test_owner_sees_the_plan_with_its_time_estimate(member_client, plan):
    response = member_client.get(reverse("plans:plan-detail", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lying Glutes Stretch" in html and "30 s hold, each side" in html
    assert "in all" in html and "Evening" in html


def test_owner_edits_an_item_and_gets_field_errors_for_nonsense(member_client, plan):
    item = item_of(plan)
    url = reverse("plans:item-edit", args=[item.pk])

    bad = member_client.post(url, {"sets": 1, "reps": 12, "rest_seconds": 20})
    assert bad.status_code == 200
    assert "reps" in bad.context["form"].errors
    negative = member_client.post(url, {"sets": 1, "hold_seconds": -30, "rest_seconds": 20})
    assert "hold_seconds" in negative.context["form"].errors
    absurd = member_client.post(url, {"sets": 1, "hold_seconds": 90_000, "rest_seconds": 20})
    assert "hold_seconds" in absurd.context["form"].errors
    item.refresh_from_db()
    assert (item.hold_seconds, item.reps) == (30, None)

    good = member_client.post(
        url,
        {
            "sets": 2,
            "hold_seconds": 45,
            "per_side": "on",
            "rest_seconds": 20,
            "notes": "Breathe out slowly.",
        },
    )
    assert good.status_code == 302
    item.refresh_from_db()
    assert (item.sets, item.hold_seconds, item.notes) == (2, 45, "Breathe out slowly.")


def test_owner_moves_items_up_down_and_to_another_day(member_client, plan):
    plank = item_of(plan, "Plank")
    member_client.post(reverse("plans:item-move", args=[plank.pk]), {"direction": "up"})
    day = plan.days.get(position=1)
    assert list(day.items.values_list("exercise__name", flat=True)) == [
        "Plank",
        "Lying Glutes Stretch",
    ]

    evening = plan.days.get(position=2)
    member_client.post(reverse("plans:item-move", args=[plank.pk]), {"day": evening.pk})
    assert list(evening.items.values_list("exercise__name", "position")) == [("Plank", 1)]
    assert list(day.items.values_list("exercise__name", "position")) == [
        ("Lying Glutes Stretch", 1)
    ]


def test_moving_to_an_unknown_or_foreign_day_is_404(member_client, plan, other_member):
    foreign = plan_services.plan_create(owner=other_member, name="Theirs").days.get()
    item = item_of(plan)
    url = reverse("plans:item-move", args=[item.pk])
    assert member_client.post(url, {"day": foreign.pk}).status_code == 404
    assert member_client.post(url, {"day": "abc"}).status_code == 404
    item.refresh_from_db()
    assert item.day.plan == plan


def test_owner_removes_an_item_and_a_day(member_client, plan):
    member_client.post(reverse("plans:item-delete", args=[item_of(plan).pk]), {"confirm": "yes"})
    evening = plan.days.get(position=2)
    member_client.post(reverse("plans:day-delete", args=[evening.pk]), {"confirm": "yes"})
    assert list(
        PlanItem.objects.filter(day__plan=plan).values_list("exercise__name", flat=True)
    ) == ["Plank"]
    assert plan.days.count() == 1


def test_delete_asks_first_then_deletes_on_post(member_client, plan):
    url = reverse("plans:plan-delete", args=[plan.pk])
    assert b"cannot be undone" in member_client.get(url).content
    assert Plan.objects.filter(pk=plan.pk).exists()
    response = member_client.post(url)
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not PlanDay.objects.filter(plan_id=plan.pk).exists()


def test_owner_copies_a_plan(member, member_client, plan):
    response = member_client.post(reverse("plans:plan-copy", args=[plan.pk]))
    copy = Plan.objects.get(owner=member, name="Copy of Morning")
    assert response["Location"] == copy.get_absolute_url()
    assert PlanItem.objects.filter(day__plan=copy).count() == 2


# --- Query counts ------------------------------------------------------------------------


@pytest.fixture(params=[2, 40], ids=["2-items", "40-items"])
def big_plan(request, member):
    plan = plan_services.plan_create(owner=member, name="Big")
    evening = plan_services.plan_day_add(plan=plan, name="Evening")
    for i in range(request.param):
        plan_services.plan_add_exercise(
            plan=plan, exercise=ExerciseFactory(name=f"E{i}"), day=evening if i % 2 else None
        )
    for i in range(request.param // 2):
        plan_services.plan_create(owner=member, name=f"Other {i}")
    return plan


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_list_query_count(member_client, big_plan, django_assert_num_queries, language):
    # 1 session, 2 user, 3 plans with day and item counts (in every language).
    with django_assert_num_queries(3):
        response = member_client.get(_in(language, "plans:plan-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_page_query_count(member_client, big_plan, django_assert_num_queries, language):
    # 1 session, 2 user, 3 the plan (its owner checked) with when it was last played,
    # 4 its days joined to their items and exercises (hand-built rows: selectors.plan_day_rows).
    with django_assert_num_queries(4):
        response = member_client.get(_in(language, "plans:plan-detail", big_plan.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_shared_plan_query_count(client, big_plan, django_assert_num_queries, language):
    plan_services.plan_share(plan=big_plan)
    big_plan.refresh_from_db()
    with translation.override(language):
        url = big_plan.get_share_url()
    # 1 plan with owner, 2 days, 3 items with exercises.
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_view_query_count(member_client, big_plan, django_assert_num_queries, language):
    # 1 session, 2 user, 3 plan with owner, 4 days, 5 items with exercises, 6 their steps.
    with django_assert_num_queries(6):
        response = member_client.get(_in(language, "plans:plan-print", big_plan.pk))
    assert response.status_code == 200


# --- The plan page's hand-built rows -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_rows_are_what_the_models_say(member, stretch, language):
    """selectors.plan_day_rows reads columns, not objects: each row says what the ORM's
    days, items and exercises say (names in the active language, else English; the same
    prescriptions, links and estimates), and an empty day is kept in its place."""
    from plans import selectors, timeline
    from plans.templatetags.timeline_tags import day_seconds

    plank = ExerciseFactory(name="Plank")
    type(plank).objects.filter(pk=plank.pk).update(name_de="Unterarmstütz")
    plan = plan_services.plan_create(owner=member, name="Rows")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=plank)
    empty = plan_services.plan_day_add(plan=plan, name="Empty <day>")
    evening = plan_services.plan_day_add(plan=plan, name="Evening & after")
    item = plan_services.plan_add_exercise(plan=plan, exercise=plank, day=evening)
    PlanItem.objects.filter(pk=item.pk).update(
        sets=3, reps=8, hold_seconds=None, per_side=True, rest_seconds=0, notes="Slow <now>"
    )
    with translation.override(language):
        rows = selectors.plan_day_rows(plan=plan)
        days = list(
            Plan.objects.prefetch_related("days__items__exercise").get(pk=plan.pk).days.all()
        )
        assert [(row.pk, row.name) for row in rows] == [(day.pk, day.name) for day in days]
        assert rows[1].pk == empty.pk and rows[1].items == []
        for row, day in zip(rows, days, strict=True):
            assert row.seconds == day_seconds(day)
            assert row.play_url == reverse("plans:day-play", args=[day.pk])
            assert row.log_url == reverse("plans:session-log", args=[day.pk])
            assert row.edit_url == reverse("plans:day-edit", args=[day.pk])
            assert row.delete_url == reverse("plans:day-delete", args=[day.pk])
            assert row.others == [(other.pk, other.name) for other in days if other != day]
            items = list(day.items.all())
            assert [i.pk for i in row.items] == [i.pk for i in items]
            for got, want in zip(row.items, items, strict=True):
                assert got.name == want.exercise.name
                assert got.url == want.exercise.get_absolute_url()
                assert got.prescription_text == want.prescription_text
                assert got.prescription == timeline.prescription_from_item(want)
                if language == "en":
                    assert got.rest_text == f"rest {want.rest_seconds} s"
                assert got.notes == want.notes
                assert got.move_url == reverse("plans:item-move", args=[want.pk])
                assert got.edit_url == reverse("plans:item-edit", args=[want.pk])
                assert got.delete_url == reverse("plans:item-delete", args=[want.pk])
        assert rows[0].items[1].name == ("Unterarmstütz" if language == "de" else "Plank")
        evening_item = rows[2].items[0]
        assert "&lt;day&gt;" not in evening_item.remove_question
        assert "Evening &amp; after" in evening_item.remove_question


def test_the_plan_page_shows_the_rows_escaped_in_the_active_language(member_client, member):
    plank = ExerciseFactory(name="Plank <side>")
    type(plank).objects.filter(pk=plank.pk).update(name_de="Unterarmstütz <Seite>")
    plan = plan_services.plan_create(owner=member, name="Escapes")
    plan_services.plan_add_exercise(plan=plan, exercise=plank)
    plan_services.plan_day_add(plan=plan, name="Day <2>")
    html = member_client.get(_in("de", "plans:plan-detail", plan.pk)).content.decode()
    assert 'aria-label="Unterarmstütz &lt;Seite&gt; nach oben verschieben"' in html
    assert "Unterarmstütz &lt;Seite&gt; aus „" in html
    assert '<option value="' in html and ">Day &lt;2&gt;</option>" in html
    assert "<side>" not in html and "<Seite>" not in html


# plan_detail.html's loop over a day's items before plan_item_rows wrote them in one go.
LOOPS = Path(__file__).parent / "replaced_loops"  # the templates' loops the tags replaced
ITEM_LOOP = (
    "{% load i18n %}{% translate 'Move' as move_label %}{% translate 'Edit' as edit_label %}"
    "{% translate 'Remove' as remove_label %}" + (LOOPS / "plan_items.html").read_text()
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_item_rows_tag_writes_what_the_template_loop_wrote(member, stretch, language):
    """plan_item_rows (plans/templatetags/plan_page_tags.py) gives the loop's markup to the
    character: first and last rows' disabled buttons, notes, "move to day" only with other
    days, the CSRF input, and every value escaped the same way."""
    from django.template import Context, Template
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from plans import selectors
    from plans.templatetags.plan_page_tags import plan_item_rows

    plank = ExerciseFactory(name="Plank <side> & \"quotes\" 'too'")
    plan = plan_services.plan_create(owner=member, name="Rows")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    item = plan_services.plan_add_exercise(plan=plan, exercise=plank)
    PlanItem.objects.filter(pk=item.pk).update(notes="Slow <now> & 'steady'")
    alone = plan_services.plan_create(owner=member, name="One day")
    plan_services.plan_add_exercise(plan=alone, exercise=plank)
    plan_services.plan_day_add(plan=plan, name="Day <2> & “more”")
    csrf = mark_safe('<input type="hidden" name="csrfmiddlewaretoken" value="t0k&n">')
    loop = Template(ITEM_LOOP)
    with translation.override(language):
        for rows in (selectors.plan_day_rows(plan=plan), selectors.plan_day_rows(plan=alone)):
            for day in rows:
                context = Context({"day": day, "csrf_input": csrf})
                # After the labels' tags, before the newline that follows {% endfor %}.
                want = loop.render(context).split("    ", 1)[1].removesuffix("\n")
                labels = [mark_safe(gettext(word)) for word in ("Move", "Edit", "Remove")]
                assert plan_item_rows(day, csrf, *labels) == want


def test_the_item_forms_token_passes_the_csrf_check(member, plan):
    """The day and item forms carry csrf_input (the view's {% csrf_token %}, made once): a
    browser posting one of them is let through, as with the page's other forms."""
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    html = browser.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    item = item_of(plan, "Plank")
    form = re.search(
        rf'action="{reverse("plans:item-move", args=[item.pk])}" class="inline-form">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        html,
    )
    assert form is not None
    response = browser.post(
        reverse("plans:item-move", args=[item.pk]),
        {"csrfmiddlewaretoken": form.group(1), "direction": "up"},
    )
    assert response.status_code == 302
    assert item_of(plan, "Plank").position < item_of(plan).position
