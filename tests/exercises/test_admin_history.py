"""Exercise history in the admin: versions with their author, diffs, and revert."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from reversion.models import Version

from exercises import history, services
from exercises.importers import exercise_to_record
from exercises.models import (
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseVariation,
    Muscle,
    Status,
)
from exercises.selectors import exercise_export_list
from tests.exercises.helpers import CHANGELIST, change_form_data
from tests.exercises.test_models import GIF
from tests.factories import ExerciseFactory, UserFactory, complete_exercise

pytestmark = pytest.mark.django_db


def change_url(exercise):
    return reverse("admin:exercises_exercise_change", args=[exercise.pk])


def history_url(exercise):
    return reverse("admin:exercises_exercise_history", args=[exercise.pk])


def revision_url(exercise, version):
    return reverse("admin:exercises_exercise_revision", args=[exercise.pk, version.pk])


def compare_url(exercise):
    return reverse("admin:exercises_exercise_compare", args=[exercise.pk])


def versions(exercise) -> list[Version]:
    return list(history.exercise_versions(exercise=exercise))


def record(exercise) -> object:
    return exercise_to_record(exercise_export_list().get(pk=exercise.pk))


@pytest.fixture
def viewer(client):
    """Staff who may view exercises but not change them."""
    user = UserFactory(email="viewer@example.org", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="exercises", codename="view_exercise")
    )
    client.force_login(user)
    return client


def rich_exercise() -> Exercise:
    """Every part the history covers: muscles, steps, tips, mistakes, FAQ, image, variation."""
    exercise = complete_exercise(name="Pigeon Pose", stretch=True)
    image = ExerciseImage(exercise=exercise, alt_text="Front view", is_main=True, position=1)
    image.image.save("front.gif", ContentFile(GIF), save=True)
    ExerciseVariation.objects.create(
        exercise=exercise, variation=ExerciseFactory.create(name="Figure Four"), kind="easier"
    )
    return exercise


def test_an_admin_edit_is_recorded_with_its_author_after_the_state_before_it(editor, editor_client):
    exercise = ExerciseFactory(name="Plank", summary="Hold a straight line.")
    data = change_form_data(
        exercise,
        summary="Hold a straight line from head to heels.",
        **{"steps-TOTAL_FORMS": 1, "steps-0-position": 1, "steps-0-text": "Brace."},
    )

    response = editor_client.post(change_url(exercise), data)

    assert response.status_code == 302
    latest, baseline = versions(exercise)
    assert (baseline.revision.user, baseline.revision.comment) == (
        None,
        services.BASELINE_COMMENT,
    )
    assert baseline.field_dict["summary"] == "Hold a straight line."
    assert latest.revision.user == editor
    assert latest.revision.get_comment() == "Changed Summary. Added step “Brace.”."
    assert latest.field_dict["summary"] == "Hold a straight line from head to heels."
    assert [v.field_dict["text"] for v in history.exercise_part_versions(latest)] == ["Brace."]


@pytest.mark.parametrize(
    ("action", "start", "comment"),
    [
        ("publish", Status.DRAFT, "Status changed from “Draft” to “Published”."),
        ("send_to_review", Status.DRAFT, "Status changed from “Draft” to “In review”."),
        ("unpublish", Status.PUBLISHED, "Status changed from “Published” to “Draft”."),
    ],
)
def test_status_actions_are_recorded_with_their_actor(
    editor, editor_client, action, start, comment
):
    chosen = complete_exercise(name="Chosen", status=start)
    other = complete_exercise(name="Other", status=start)

    editor_client.post(CHANGELIST, {"action": action, "_selected_action": [chosen.pk]})

    latest, baseline = versions(chosen)
    assert (latest.revision.user, latest.revision.comment) == (editor, comment)
    assert latest.field_dict["status"] == Exercise.objects.get(pk=chosen.pk).status != start
    assert baseline.field_dict["status"] == start
    assert versions(other) == []


def test_status_service_records_one_version_per_changed_exercise(editor):
    a, b = ExerciseFactory(status=Status.DRAFT), ExerciseFactory(status=Status.DRAFT)
    ExerciseFactory(status=Status.PUBLISHED)

    changed = services.exercises_set_status(
        exercises=Exercise.objects.all(), status=Status.PUBLISHED, actor=editor
    )

    assert changed == 2
    assert [len(versions(e)) for e in Exercise.objects.order_by("pk")] == [2, 2, 0]
    assert {v.revision_id for v in versions(a)} & {v.revision_id for v in versions(b)} == {
        versions(a)[1].revision_id  # only the shared "state before" revision
    }


def test_revert_restores_every_part_and_is_itself_recorded(editor, editor_client):
    exercise = rich_exercise()
    services.exercises_record_baseline(exercises=Exercise.objects.filter(pk=exercise.pk))
    before = record(exercise)
    [version] = versions(exercise)
    # Change everything the version covers.
    Exercise.objects.filter(pk=exercise.pk).update(
        name="Pigeon", summary="Changed.", hold_seconds=40, status=Status.DRAFT
    )
    ExerciseStep.objects.filter(exercise=exercise, position=1).delete()
    ExerciseStep.objects.create(exercise=exercise, position=9, text="A new step.")
    ExerciseFAQ.objects.filter(exercise=exercise).update(answer="Rewritten.")
    ExerciseMuscle.objects.filter(exercise=exercise).delete()
    ExerciseMuscle.objects.create(exercise=exercise, muscle=Muscle.objects.get(slug="calves"))
    ExerciseImage.objects.filter(exercise=exercise).delete()
    ExerciseVariation.objects.filter(exercise=exercise).delete()
    services.exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    assert record(exercise) != before

    response = editor_client.post(revision_url(exercise, version))

    assert response.status_code == 302
    assert response["Location"] == change_url(exercise)
    assert record(exercise) == before
    restored = Exercise.objects.get(pk=exercise.pk)
    assert " pigeon " in restored.search_text and " calf " not in restored.search_text
    latest = versions(exercise)[0]
    assert latest.revision.user == editor
    assert latest.revision.comment.startswith("Reverted to the version of ")
    assert (
        history.snapshot_diff(
            history.snapshot_of_version(latest), history.snapshot_of_exercise(restored)
        )
        == []
    )


def test_an_editor_without_change_permission_can_read_history_but_not_revert(viewer):
    exercise = complete_exercise(name="Plank")
    services.exercises_record_baseline(exercises=Exercise.objects.filter(pk=exercise.pk))
    [version] = versions(exercise)
    Exercise.objects.filter(pk=exercise.pk).update(summary="Edited since.")

    page = viewer.get(revision_url(exercise, version))
    response = viewer.post(revision_url(exercise, version))

    assert page.status_code == 200
    assert "Revert to this version" not in page.content.decode()
    assert "reverting needs permission to change exercises" in page.content.decode()
    assert response.status_code == 403
    assert Exercise.objects.get(pk=exercise.pk).summary == "Edited since."
    assert len(versions(exercise)) == 1


def test_the_history_page_lists_who_changed_what_and_when(editor, editor_client):
    exercise = ExerciseFactory(name="Plank", status=Status.DRAFT)
    services.exercises_set_status(
        exercises=Exercise.objects.filter(pk=exercise.pk), status=Status.PUBLISHED, actor=editor
    )

    response = editor_client.get(history_url(exercise))

    content = response.content.decode()
    assert response.status_code == 200
    assert "editor@example.org" in content
    assert "Status changed from “Draft” to “Published”." in content
    assert "— (import or script)" in content
    assert f'name="from" value="{versions(exercise)[1].pk}"' in content


def test_compare_shows_words_and_list_entries_that_changed(editor_client):
    exercise = complete_exercise(name="Plank", summary="Hold a straight line.")
    services.exercises_record_baseline(exercises=Exercise.objects.filter(pk=exercise.pk))
    [version] = versions(exercise)
    Exercise.objects.filter(pk=exercise.pk).update(summary="Hold a long straight line.")
    ExerciseStep.objects.filter(exercise=exercise, position=2).update(text="Step two, rewritten.")

    response = editor_client.get(compare_url(exercise), {"from": version.pk, "to": "current"})

    changes = {change.label: change for change in response.context["changes"]}
    assert list(changes) == ["Quick answer", "Steps"]
    assert changes["Quick answer"].segments == [
        ("=", "Hold a"),
        ("+", "long"),
        ("=", "straight line."),
    ]
    assert changes["Steps"].lines == [
        ("=", "Step 1."),
        ("-", "Step 2."),
        ("+", "Step two, rewritten."),
        ("=", "Step 3."),
        ("=", "Step 4."),
    ]
    content = response.content.decode()
    assert '<ins><span class="visually-hidden">Added: </span>long</ins>' in content


def test_a_version_of_another_exercise_is_not_found(editor_client):
    plank, other = ExerciseFactory(name="Plank"), ExerciseFactory(name="Other")
    services.exercises_record_baseline(exercises=Exercise.objects.filter(pk=other.pk))
    [version] = versions(other)

    assert editor_client.get(revision_url(plank, version)).status_code == 404
    assert editor_client.post(revision_url(plank, version)).status_code == 404
    assert editor_client.get(compare_url(plank), {"from": version.pk}).status_code == 404


def test_members_and_visitors_cannot_see_history(member_client):
    exercise = ExerciseFactory()
    response = member_client.get(history_url(exercise))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("changes", [1, 5])
def test_history_and_compare_pages_have_pinned_query_counts(
    editor, editor_client, django_assert_num_queries, changes
):
    exercise = complete_exercise(name="Plank", status=Status.DRAFT)
    for i in range(changes):
        status = Status.PUBLISHED if i % 2 == 0 else Status.DRAFT
        services.exercises_set_status(
            exercises=Exercise.objects.filter(pk=exercise.pk), status=status, actor=editor
        )
    oldest = versions(exercise)[-1]

    # 1 session, 2 user, 3 the exercise, 4 user permissions, 5 group permissions,
    # 6 its versions with their revisions and authors, 7 the exercise again (Django's history
    # view), 8 count of its admin log entries.
    with django_assert_num_queries(8):
        response = editor_client.get(history_url(exercise))
    assert len(response.context["versions"]) == changes + 1
    # 1 session, 2 user, 3 the exercise, 4-5 permissions, 6 the chosen version, 7 the
    # versions of its revision (the exercise's parts), 8 muscle names, 9-11 body part,
    # equipment and category names; then the current state: 12-18 its seven kinds of parts,
    # 19 muscle names, 20-22 body part, equipment and category names.
    with django_assert_num_queries(22):
        response = editor_client.get(compare_url(exercise), {"from": oldest.pk, "to": "current"})
    assert [change.label for change in response.context["changes"]] == ["Status"]
