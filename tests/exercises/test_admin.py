import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from exercises.models import Exercise, ExerciseStep, Status
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exercises_exercise_changelist")
ADD = reverse("admin:exercises_exercise_add")
INLINES = ["muscle_links", "steps", "tips", "mistakes", "faqs", "images", "variations"]


def change_form_data(exercise: Exercise, **overrides) -> dict:
    """A valid POST for the exercise change form, with empty inline formsets."""
    data = {
        "name": exercise.name,
        "slug": exercise.slug,
        "status": exercise.status,
        "summary": exercise.summary,
        "aliases": exercise.aliases,
        "body_part": exercise.body_part_id,
        "equipment": exercise.equipment_id,
        "category": exercise.category_id,
        "difficulty": exercise.difficulty,
        "force": exercise.force,
        "mechanic": exercise.mechanic,
        "hold_seconds": exercise.hold_seconds or "",
        "hold_seconds_min": exercise.hold_seconds_min or "",
        "hold_seconds_max": exercise.hold_seconds_max or "",
        "reps_per_side": exercise.reps_per_side or "",
        "source": exercise.source,
        "source_id": exercise.source_id,
        "source_url": exercise.source_url,
        "licence": exercise.licence,
    }
    if exercise.per_side:
        data["per_side"] = "on"
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


def test_editor_edits_an_exercise_and_adds_a_step(editor_client):
    exercise = ExerciseFactory(name="Plank", stretch=True)
    data = change_form_data(
        exercise,
        name="Forearm Plank",
        aliases="Elbow plank",
        **{"steps-TOTAL_FORMS": 1, "steps-0-position": 1, "steps-0-text": "Brace."},
    )

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.name == "Forearm Plank"
    assert list(exercise.steps.values_list("text", flat=True)) == ["Brace."]
    assert " elbow " in exercise.search_text and " forearm " in exercise.search_text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hold_seconds": 90, "hold_seconds_min": 20, "hold_seconds_max": 60}, "hold_seconds_max"),
        ({"hold_seconds": 10, "hold_seconds_min": 20, "hold_seconds_max": 60}, "hold_seconds_min"),
        ({"hold_seconds": 30, "hold_seconds_min": "", "hold_seconds_max": ""}, "hold_seconds_min"),
        ({"hold_seconds": -5, "hold_seconds_min": 1, "hold_seconds_max": 60}, "hold_seconds"),
        ({"slug": "not a slug!"}, "slug"),
    ],
)
def test_admin_form_rejects_invalid_prescriptions_and_slugs_by_field(
    editor_client, overrides, field
):
    exercise = ExerciseFactory(name="Plank", stretch=True)
    before = Exercise.objects.values().get(pk=exercise.pk)

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        change_form_data(exercise, **overrides),
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Exercise.objects.values().get(pk=exercise.pk) == before


def test_admin_refuses_a_duplicate_slug(editor_client):
    ExerciseFactory(name="Plank")
    exercise = ExerciseFactory(name="Side Plank")

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        change_form_data(exercise, slug="plank"),
    )

    assert "slug" in response.context["adminform"].form.errors
    assert Exercise.objects.get(pk=exercise.pk).slug == "side-plank"


def test_admin_refuses_two_main_images(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.exercises.test_models import GIF

    exercise = ExerciseFactory()
    data = change_form_data(exercise, **{"images-TOTAL_FORMS": 2})
    for i in range(2):
        data |= {
            f"images-{i}-position": i,
            f"images-{i}-alt_text": f"Picture {i}",
            f"images-{i}-is_main": "on",
            f"images-{i}-image": SimpleUploadedFile(f"p{i}.gif", GIF, content_type="image/gif"),
        }

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 200
    assert "Only one image can be the main image." in response.content.decode()
    assert not exercise.images.exists()


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


def test_add_page_renders_with_a_pinned_query_count(editor_client, django_assert_num_queries):
    # 1 session, 2 user, 3 savepoint (reversion's revision block), 4 user permissions,
    # 5 group permissions, 6 release savepoint.
    with django_assert_num_queries(6):
        response = editor_client.get(ADD)
    assert response.status_code == 200
    assert b'name="hold_seconds_min"' in response.content


def test_completeness_column_names_missing_sections(editor_client):
    complete_exercise(name="Done")
    ExerciseFactory(name="Bare", summary="")

    response = editor_client.get(CHANGELIST)

    content = response.content.decode()
    assert "✔ complete" in content
    assert "quick answer, target muscle, steps, tips, mistakes, FAQ" in content


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


def test_deleting_a_step_inline_removes_it(editor_client):
    exercise = ExerciseFactory()
    step = ExerciseStep.objects.create(exercise=exercise, position=1, text="Old step.")
    data = change_form_data(
        exercise,
        **{
            "steps-TOTAL_FORMS": 1,
            "steps-INITIAL_FORMS": 1,
            "steps-0-id": step.pk,
            "steps-0-exercise": exercise.pk,
            "steps-0-position": 1,
            "steps-0-text": "Old step.",
            "steps-0-DELETE": "on",
        },
    )

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 302
    assert not ExerciseStep.objects.filter(pk=step.pk).exists()


def test_change_form_renders_with_a_pinned_query_count(editor_client, django_assert_num_queries):
    exercise = complete_exercise(name="Plank", stretch=True)  # a target and a secondary muscle
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    # 1 session, 2 user, 3 savepoint (reversion's revision block), 4 the exercise,
    # 5 user permissions, 6 group permissions, 7-13 the muscles (with their names), steps,
    # tips, mistakes, FAQ, images and variations, 14 release savepoint, 15-17 the body part,
    # equipment and category shown in their search boxes, 18-19 the chosen muscle shown in
    # each muscle row's search box (one per muscle the exercise works).
    with django_assert_num_queries(19):
        response = editor_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="steps-3-text"' in content and 'name="steps-4-text"' not in content
    assert 'class="workflow-current">Published</strong>' in content


def test_add_form_starts_with_one_empty_row_per_list_and_single_line_steps(editor_client):
    content = editor_client.get(ADD).content.decode()

    for prefix in INLINES:
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in content
    assert '<input type="text" name="steps-0-text" class="vLargeTextField"' in content
    assert '<input type="text" name="tips-0-text" class="vLargeTextField"' in content
    assert '<textarea name="faqs-0-answer" cols="50" rows="3"' in content
    assert 'src="/static/js/admin-order.js" type="module"' in content


def test_change_form_shows_the_workflow_and_a_preview_link_for_a_draft(editor_client):
    exercise = ExerciseFactory(name="Plank", status=Status.REVIEW)

    content = editor_client.get(
        reverse("admin:exercises_exercise_change", args=[exercise.pk])
    ).content.decode()

    assert 'Draft → <strong class="workflow-current">In review</strong> → Published' in content
    assert "Not public yet: only staff can open its page." in content
    assert (
        f'<a href="{exercise.get_absolute_url()}" target="_blank" rel="noopener">'
        "Preview the page</a>"
    ) in content
    # The preview is the real page, which staff may open for a draft.
    assert editor_client.get(exercise.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("complete", ["Done"]),
        ("incomplete", ["Bare", "No FAQ"]),
        ("has_faq", ["Bare", "No FAQ"]),
        ("summary", ["Bare"]),
        ("has_tips", ["Bare"]),
    ],
)
def test_completeness_filter_narrows_the_list(editor_client, value, names):
    complete_exercise(name="Done")
    complete_exercise(name="No FAQ").faqs.all().delete()
    ExerciseFactory(name="Bare", summary="")

    response = editor_client.get(CHANGELIST, {"completeness": value})

    assert [e.name for e in response.context["cl"].result_list] == names


def test_publishing_an_incomplete_exercise_warns_and_still_publishes(editor_client):
    bare = ExerciseFactory(name="Bare", summary="", status=Status.DRAFT)
    done = complete_exercise(name="Done", status=Status.DRAFT)

    response = editor_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [bare.pk, done.pk]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "2 exercise(s) published.",
        "Published, but with sections still missing — Bare: quick answer, target muscle, "
        "steps, tips, mistakes, FAQ.",
    ]
    assert set(Exercise.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_saving_the_same_text_with_browser_line_breaks_changes_nothing(editor_client):
    exercise = ExerciseFactory(name="Plank", aliases="Front plank\nElbow plank")
    data = change_form_data(exercise, aliases="Front plank\r\nElbow plank")

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data, follow=True
    )

    assert response.status_code == 200
    assert Exercise.objects.get(pk=exercise.pk).aliases == "Front plank\nElbow plank"
    assert LogEntry.objects.get().get_change_message() == "No fields changed."
