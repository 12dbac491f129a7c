"""The player shows a drawn pose for an exercise without a photo, ready to be animated."""

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

PIGEON = {
    "view": "side",
    "base": "kneeling",
    "side": "right",
    "start": {"trunk": 20, "right": {"hip": 100, "knee": 120}},
    "end": {"trunk": 100, "right": {"hip": 150, "knee": 130}, "left": {"hip": 10}},
}


def test_the_player_carries_the_pose_pair_and_its_data(stretch):
    Exercise.objects.filter(pk=stretch.pk).update(pose=PIGEON)

    page = Client().get(reverse("plans:exercise-play", args=[stretch.slug])).content.decode()

    assert (
        '<div class="pose pose--player" data-pose="{&quot;base&quot;:&quot;kneeling&quot;' in page
    )
    assert page.count('class="pose-svg pose-svg--player"') == 2
    assert 'aria-label="Drawing of the Lying Glutes Stretch, start position"' in page
    assert 'data-tx-start="' in page and 'data-ground="floor"' in page
    assert "mm-map" not in page  # the drawing takes the muscle map's place


def test_without_a_pose_the_player_keeps_the_muscle_map(stretch):
    page = Client().get(reverse("plans:exercise-play", args=[stretch.slug])).content.decode()
    assert "pose--player" not in page
    assert "mm-map" in page


@pytest.mark.parametrize("pose", [None, PIGEON], ids=["no-pose", "pose"])
def test_the_player_reads_the_same_queries_with_or_without_a_pose(
    db, pose, django_assert_num_queries
):
    stretch = ExerciseFactory(name="Pigeon Pose", stretch=True, target=["glutes"])
    Exercise.objects.filter(pk=stretch.pk).update(pose=pose)
    client = Client()
    url = reverse("plans:exercise-play", args=[stretch.slug])
    # 1 the exercise, 2 its steps, 3 its images, 4 its muscles (the map, or the drawing's tints).
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
