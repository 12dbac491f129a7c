"""The exercise admin's list, filters and actions, and who may enter the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exercises.models import Exercise, Status
from tests.exercises.helpers import CHANGELIST, add_pictures
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db


def test_editor_cannot_open_users_or_groups(editor_client):
    for name in ["admin:forge_user_changelist", "admin:auth_group_changelist"]:
        assert editor_client.get(reverse(name)).status_code == 403


def test_editor_cannot_delete_an_exercise_but_can_delete_its_steps(editor, editor_client):
    exercise = complete_exercise()
    response = editor_client.post(
        reverse("admin:exercises_exercise_delete", args=[exercise.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    assert editor.has_perm("exercises.delete_exercisestep")
    assert not editor.has_perm("exercises.delete_bodypart")


def test_editors_group_has_exactly_the_catalogue_goal_and_routine_permissions():
    permissions = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert {app for app, _ in permissions} == {"exercises", "plans"}
    assert {codename for app, codename in permissions if app == "plans"} == {
        f"{action}_{model}"
        for model in ("goal", "goalmuscle", "goalbodypart", "routine")
        for action in ("view", "add", "change", "delete")
    }
    assert ("exercises", "change_exercise") in permissions
    assert ("exercises", "delete_exercise") not in permissions
    assert ("exercises", "delete_exercisefaq") in permissions


def test_visitor_is_sent_to_the_login_page(visitor):
    response = visitor.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_member_without_staff_status_cannot_enter_the_admin(member_client):
    response = member_client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("exercise_count", [3, 30])
def test_change_list_query_count_does_not_grow_with_rows(
    editor_client, django_assert_num_queries, exercise_count
):
    for i in range(exercise_count):
        complete_exercise(name=f"Exercise {i}")
    # 1 session, 2 user, 3 user permissions, 4 group permissions,
    # 5-7 the body part, category and equipment filter choices,
    # 8 filtered count, 9 total count, 10 the page of rows with taxonomy and completeness.
    with django_assert_num_queries(10):
        response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == exercise_count


def test_completeness_column_names_missing_sections(editor_client):
    add_pictures(complete_exercise(name="Done"), renditions=False)
    ExerciseFactory(name="Bare", summary="")

    response = editor_client.get(CHANGELIST)

    content = response.content.decode()
    assert "✔ complete" in content
    assert "quick answer, target muscle, steps, tips, mistakes, FAQ, picture" in content


@pytest.mark.parametrize(
    ("action", "status"),
    [("publish", Status.PUBLISHED), ("send_to_review", Status.REVIEW), ("unpublish", Status.DRAFT)],
)
def test_status_actions_move_the_selected_exercises(editor_client, action, status):
    start = Status.DRAFT if status != Status.DRAFT else Status.PUBLISHED
    chosen = ExerciseFactory(name="Chosen", status=start)
    other = ExerciseFactory(name="Other", status=start)

    response = editor_client.post(
        CHANGELIST, {"action": action, "_selected_action": [chosen.pk]}, follow=True
    )

    assert response.status_code == 200
    assert Exercise.objects.get(pk=chosen.pk).status == status
    assert Exercise.objects.get(pk=other.pk).status == start


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("complete", ["Done"]),
        ("incomplete", ["Bare", "No FAQ"]),
        ("has_faq", ["Bare", "No FAQ"]),
        ("summary", ["Bare"]),
        ("has_tips", ["Bare"]),
        ("has_picture", ["Bare"]),
    ],
)
def test_completeness_filter_narrows_the_list(editor_client, value, names):
    add_pictures(complete_exercise(name="Done"), renditions=False)
    no_faq = complete_exercise(name="No FAQ")
    no_faq.faqs.all().delete()
    add_pictures(no_faq, renditions=False)
    ExerciseFactory(name="Bare", summary="")

    response = editor_client.get(CHANGELIST, {"completeness": value})

    assert [e.name for e in response.context["cl"].result_list] == names


def test_publishing_an_incomplete_exercise_warns_and_still_publishes(editor_client):
    bare = ExerciseFactory(name="Bare", summary="", status=Status.DRAFT)
    done = complete_exercise(name="Done", status=Status.DRAFT)
    add_pictures(done, renditions=False)

    response = editor_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [bare.pk, done.pk]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "2 exercise(s) published.",
        "Published, but with sections still missing — Bare: quick answer, target muscle, "
        "steps, tips, mistakes, FAQ, picture.",
    ]
    assert set(Exercise.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
