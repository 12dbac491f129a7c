"""Drawn poses where pictures go: the exercise page, listing cards; query counts unchanged."""

import pytest
from django.core.cache import cache

from exercises.models import Exercise, ExerciseImage
from tests.exercises.test_caching import FIRST, PAGES
from tests.factories import ExerciseFactory, bulk_catalogue

pytestmark = pytest.mark.django_db

SQUAT = {
    "view": "side",
    "base": "standing",
    "side": "both",
    "start": {"left": {"shoulder": 90}, "right": {"shoulder": 90}},
    "end": {"trunk": 35, "left": {"hip": 115, "knee": 120}, "right": {"hip": 115, "knee": 120}},
}


@pytest.fixture
def squat(db):
    return ExerciseFactory(
        name="Bodyweight Squat", pose=SQUAT, target=["quadriceps"], secondary=["glutes"]
    )


def test_the_exercise_page_shows_the_start_and_end_drawing(client, squat):
    page = client.get(squat.get_absolute_url()).content.decode()

    assert '<section class="gallery gallery--pose" aria-label="Start and end position">' in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="pose-svg') == 2
    assert 'aria-label="Drawing of the Bodyweight Squat, start position"' in page
    assert 'aria-label="Drawing of the Bodyweight Squat, end position"' in page
    assert "<figcaption>Start</figcaption>" in page and "<figcaption>End</figcaption>" in page
    assert 'class="pose-target"' in page and 'class="pose-secondary"' in page


def test_a_photo_takes_the_drawings_place(client, squat):
    ExerciseImage.objects.create(
        exercise=squat, image="exercises/bodyweight-squat/0.jpg", alt_text="Squat", is_main=True
    )

    page = client.get(squat.get_absolute_url()).content.decode()

    assert "pose-svg" not in page
    assert 'alt="Squat"' in page


def test_an_exercise_with_neither_shows_no_drawing(client):
    plain = ExerciseFactory(name="Plain")
    assert "pose-svg" not in client.get(plain.get_absolute_url()).content.decode()


def test_listing_cards_show_the_end_position_small(client, squat):
    page = client.get("/exercises/").content.decode()

    assert page.count('class="pose pose--card"') == 1
    assert 'class="pose-svg pose-svg--card"' in page
    assert 'aria-label="Drawing of the Bodyweight Squat, end position"' in page
    assert "start position" not in page


@pytest.fixture(params=[10, 1000], ids=["10-exercises", "1000-exercises"])
def drawn_catalogue(request, db):
    exercises = bulk_catalogue(request.param)
    Exercise.objects.update(pose=SQUAT)
    return exercises


@pytest.mark.parametrize("path", ["/", "/exercises/", "/exercises/legs/", FIRST])
def test_drawings_add_no_query_at_any_size(
    client, drawn_catalogue, settings, django_assert_num_queries, path
):
    cache.clear()
    settings.PAGE_CACHE = True
    # The same counts as without drawings (tests/exercises/test_caching.py names each query):
    # the pose is a column of the exercise row, tinted from the muscles already prefetched.
    with django_assert_num_queries(PAGES[path][0], info=path):
        response = client.get(path)
    assert response.status_code == 200
    assert "pose-svg" in response.content.decode()
