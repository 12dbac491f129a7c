"""The exercise admin's add and change forms: fields, inlines, checks and query counts."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from exercises.models import Exercise, ExerciseStep, Status
from tests.exercises.helpers import ADD, INLINES, change_form_data
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db


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


def test_add_page_renders_with_a_pinned_query_count(editor_client, django_assert_num_queries):
    # 1 session, 2 user, 3 savepoint (reversion's revision block), 4 user permissions,
    # 5 group permissions, 6 release savepoint, 7 the areas and 8 the props offered as
    # checkboxes.
    with django_assert_num_queries(8):
        response = editor_client.get(ADD)
    assert response.status_code == 200
    assert b'name="hold_seconds_min"' in response.content


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
    # 5 user permissions, 6 group permissions, 7-8 the areas it loads and the props it uses,
    # 9-15 the muscles (with their names), steps, tips, mistakes, FAQ, images and variations,
    # 16 release savepoint, 17-19 the body part, equipment and category shown in their search
    # boxes, 20-21 the areas and props offered as checkboxes, 22-23 the chosen muscle shown
    # in each muscle row's search box (one per muscle the exercise works).
    with django_assert_num_queries(23):
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


def test_saving_the_same_text_with_browser_line_breaks_changes_nothing(editor_client):
    exercise = ExerciseFactory(name="Plank", aliases="Front plank\nElbow plank")
    data = change_form_data(exercise, aliases="Front plank\r\nElbow plank")

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data, follow=True
    )

    assert response.status_code == 200
    assert Exercise.objects.get(pk=exercise.pk).aliases == "Front plank\nElbow plank"
    assert LogEntry.objects.get().get_change_message() == "No fields changed."
