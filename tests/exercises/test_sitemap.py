"""The sitemap and robots.txt."""

import pytest

from exercises.models import Status
from tests.exercises.helpers import lying_glutes_stretch
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


# --- Sitemap and robots ------------------------------------------------------------------


def test_sitemap_lists_published_exercises_and_listing_pages(client):
    published = lying_glutes_stretch()
    draft = ExerciseFactory(name="Secret Draft", status=Status.DRAFT)

    xml = client.get("/sitemap.xml").content.decode()

    assert published.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml
    for path in [
        "/exercises/",
        "/exercises/legs/",
        "/exercises/equipment/machine/",
        "/exercises/muscle/glutes/",
        "/exercises/category/stretching/",
        "/exercises/level/beginner/",
    ]:
        assert path + "</loc>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /plans/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
