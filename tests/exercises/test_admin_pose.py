"""Editors draw an exercise in the admin: the pose box, its checks, and the live preview."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Exercise
from exercises.poses.schema import BASES
from tests.exercises.helpers import change_form_data
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

LUNGE = {
    "view": "side",
    "base": "standing",
    "side": "left",
    "start": {},
    "end": {"left": {"hip": 85, "knee": 90}, "right": {"hip": -20, "knee": 90}},
}
PREVIEW = reverse("admin:exercises_exercise_pose_preview")


def change_url(exercise):
    return reverse("admin:exercises_exercise_change", args=[exercise.pk])


def test_the_change_form_offers_the_pose_editor(editor_client):
    exercise = ExerciseFactory(pose=LUNGE)
    page = editor_client.get(change_url(exercise)).content.decode()

    assert "data-pose-editor" in page
    preview = reverse("admin:exercises_exercise_pose_preview", args=[exercise.pk])
    assert f'data-preview-url="{preview}"' in page
    assert "js/admin-pose.js" in page


def test_an_editor_saves_a_pose(editor_client):
    exercise = ExerciseFactory()
    data = change_form_data(exercise, pose=json.dumps(LUNGE))

    response = editor_client.post(change_url(exercise), data)

    assert response.status_code == 302
    assert Exercise.objects.get(pk=exercise.pk).pose == LUNGE


def test_a_bad_pose_is_shown_beside_the_field_and_nothing_is_saved(editor_client):
    exercise = ExerciseFactory(pose=LUNGE)
    bad = {**LUNGE, "base": "flying", "end": {"left": {"knee": 300}}}

    response = editor_client.post(
        change_url(exercise), change_form_data(exercise, pose=json.dumps(bad))
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["pose"]
    assert errors == [
        f"base: must be one of {', '.join(BASES)}.",
        "end.left.knee: must be between 0 and 165 degrees.",
    ]
    assert Exercise.objects.get(pk=exercise.pk).pose == LUNGE


def test_the_preview_draws_both_positions_tinted_from_the_stored_muscles(editor_client):
    exercise = ExerciseFactory(name="Forward Lunge", target=["quadriceps"])
    url = reverse("admin:exercises_exercise_pose_preview", args=[exercise.pk])

    response = editor_client.post(url, json.dumps(LUNGE), content_type="application/json")

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"start", "end"}
    assert 'aria-label="Preview of the Forward Lunge, end position"' in data["end"]
    assert 'class="pose-target"' in data["end"]
    assert Exercise.objects.get(pk=exercise.pk).pose is None  # a preview saves nothing


def test_the_preview_answers_400_with_every_problem_by_path(editor_client):
    response = editor_client.post(
        PREVIEW,
        json.dumps({**LUNGE, "side": "up", "start": {"head": 99}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "side": ["must be one of both, left, right."],
            "start.head": ["must be between -70 and 70 degrees."],
        }
    }
    broken = editor_client.post(PREVIEW, "{not json", content_type="application/json")
    assert (broken.status_code, broken.json()) == (400, {"errors": {"pose": ["Not valid JSON."]}})


def test_the_preview_is_for_staff_only_and_checks_csrf(editor, member):
    visitor = Client()
    response = visitor.post(PREVIEW, json.dumps(LUNGE), content_type="application/json")
    assert response.status_code == 302 and "/admin/login/" in response.url

    signed_in = Client()
    signed_in.force_login(member)
    response = signed_in.post(PREVIEW, json.dumps(LUNGE), content_type="application/json")
    assert response.status_code == 302 and "/admin/login/" in response.url

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(PREVIEW, json.dumps(LUNGE), content_type="application/json")
    assert response.status_code == 403


def test_the_preview_takes_only_post(editor_client):
    assert editor_client.get(PREVIEW).status_code == 405
