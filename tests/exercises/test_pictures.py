"""Exercise pictures on the site: renditions in cards, on the page, in the player, in Open
Graph, JSON-LD and the API; the admin's column, filter and size limits; media caching."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from exercises import pictures
from exercises.models import Exercise, ExerciseImage
from tests.exercises.helpers import (
    CHANGELIST,
    add_pictures,
    change_form_data,
    jpeg_bytes,
    make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(settings):
    settings.SITE_URL = "https://forge.example"
    exercise = make("Wall Sit", target=["quadriceps"])
    add_pictures(exercise)
    return Exercise.objects.get(pk=exercise.pk)


def _tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


def test_renditions_are_three_sizes_in_webp_and_jpeg_written_once(pictured):
    start = pictured.images.get(role="start")
    assert (start.width, start.height) == (640, 427)
    assert {k: (r["width"], r["height"]) for k, r in start.renditions.items()} == {
        "thumb": (319, 213),  # sorl rounds 640 × 427 scaled by a half down
        "card": (480, 320),
        "full": (640, 427),
    }
    assert all(
        r["webp"].endswith(".webp") and r["jpeg"].endswith(".jpg")
        for r in start.renditions.values()
    )
    # A picture that has its renditions is left alone.
    assert pictures.image_renditions_generate(images=pictured.images.all()) == 0


def test_a_listing_card_shows_the_thumbnail_as_webp_with_a_jpeg_fallback(client, pictured):
    start = pictured.images.get(role="start")
    html = client.get("/exercises/").content.decode()

    [source] = _tags(html, "source")
    thumb, card = start.sources["thumb"], start.sources["card"]
    assert f'srcset="{thumb.webp} 319w, {card.webp} 480w"' in source
    assert 'type="image/webp"' in source
    [img] = [tag for tag in _tags(html, "img") if "card-thumb" in tag]
    assert f'src="{thumb.jpeg}"' in img
    assert 'width="319" height="213"' in img
    assert 'alt="Wall Sit, start position"' in img
    # The first card is in the first screenful: fetched early, not lazily.
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img


def test_cards_after_the_first_load_lazily(client, pictured):
    add_pictures(make("Air Squat", target=["quadriceps"]))
    html = client.get("/exercises/").content.decode()

    imgs = [tag for tag in _tags(html, "img") if "card-thumb" in tag]
    assert ['loading="lazy"' in tag for tag in imgs] == [False, True]
    assert all("width=" in tag and "height=" in tag for tag in imgs)


def test_the_exercise_page_shows_the_start_and_end_pair_with_credit(client, pictured):
    html = client.get(pictured.get_absolute_url()).content.decode()

    gallery = html[html.index('<section class="gallery"') :]
    gallery = gallery[: gallery.index("</section>")]
    assert re.findall(r'<span class="picture-role">([^<]+)</span>', gallery) == [
        "Start position",
        "End position",
    ]
    assert gallery.count("Photo: Test photographer, public domain") == 2
    imgs = _tags(gallery, "img")
    assert len(imgs) == 2
    assert all('loading="lazy"' in tag and 'width="480" height="320"' in tag for tag in imgs)


def test_open_graph_and_json_ld_point_at_the_full_size(client, pictured):
    full = pictured.images.get(is_main=True).sources["full"]
    html = client.get(pictured.get_absolute_url()).content.decode()

    assert f'<meta property="og:image" content="https://forge.example{full.jpeg}">' in html
    assert '<meta property="og:image:width" content="640">' in html
    assert '<meta property="og:image:alt" content="Wall Sit, start position">' in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    how_to = next(item for item in json.loads(ld) if item["@type"] == "HowTo")
    assert how_to["image"] == {
        "@type": "ImageObject",
        "url": f"https://forge.example{full.jpeg}",
        "width": 640,
        "height": 427,
        "caption": "Wall Sit, start position",
    }


def test_the_player_holds_the_start_and_end_picture_for_the_script(client, pictured):
    pictured.hold_seconds, pictured.hold_seconds_min, pictured.hold_seconds_max = 30, 20, 60
    pictured.save()
    html = client.get(reverse("plans:exercise-play", args=[pictured.slug])).content.decode()

    assert re.findall(r'class="player-picture" data-role="(\w+)"', html) == ["start", "end"]
    card = pictured.images.get(role="end").sources["card"]
    assert f'<source type="image/webp" srcset="{card.webp}">' in html
    assert all("width=" in tag for tag in _tags(html, "img") if "player-image" in tag)


def test_the_api_gives_every_picture_with_renditions_and_alt_text(client, pictured):
    data = client.get(f"/api/v1/exercises/{pictured.slug}/").json()

    start = pictured.images.get(role="start")
    origin = "http://testserver"
    assert data["images"][0] == {
        "url": origin + start.image.url,
        "alt_text": "Wall Sit, start position",
        "is_main": True,
        "role": "start",
        "credit": "Test photographer, public domain",
        "width": 640,
        "height": 427,
        "renditions": {
            label: {
                "width": s.width,
                "height": s.height,
                "webp": origin + s.webp,
                "jpeg": origin + s.jpeg,
            }
            for label, s in start.sources.items()
        },
    }
    assert [image["role"] for image in data["images"]] == ["start", "end"]
    listed = client.get("/api/v1/exercises/").json()["results"][0]
    assert listed["thumbnail"] == data["images"][0]


def test_a_picture_without_renditions_offers_its_own_file(client):
    exercise = make("Bird Dog", target=["glutes"])
    [start, _] = add_pictures(exercise, renditions=False)

    data = client.get(f"/api/v1/exercises/{exercise.slug}/").json()
    assert data["images"][0]["renditions"] == {}
    html = client.get("/exercises/").content.decode()
    [img] = [tag for tag in _tags(html, "img") if "card-thumb" in tag]
    assert f'src="{start.image.url}"' in img and "<source" not in html


def test_media_is_served_with_far_future_caching(client, pictured, settings):
    name = pictured.images.get(role="start").renditions["thumb"]["webp"]
    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/media/renditions/none.webp").status_code == 404


# --- Admin ---------------------------------------------------------------------------------


def test_the_change_list_shows_which_exercises_lack_a_picture(editor_client, pictured):
    make("Bird Dog", target=["glutes"])

    html = editor_client.get(CHANGELIST).content.decode()
    rows = dict(
        re.findall(
            r'<th class="field-name"><a [^>]*>([^<]+)</a></th>.*?'
            r'<td class="field-pictures">(.*?)</td>',
            html,
            re.S,
        )
    )
    assert rows == {"Bird Dog": '<span class="no-picture">none</span>', "Wall Sit": "2"}
    without = editor_client.get(CHANGELIST, {"pictures": "no"})
    assert [e.name for e in without.context["cl"].result_list] == ["Bird Dog"]
    missing = editor_client.get(CHANGELIST, {"completeness": "has_picture"})
    assert [e.name for e in missing.context["cl"].result_list] == ["Bird Dog"]


def _upload(editor_client, exercise, content: bytes, name="new.jpg"):
    data = change_form_data(exercise) | {
        "images-TOTAL_FORMS": 1,
        "images-0-position": 0,
        "images-0-alt_text": "Bird Dog, start position",
        "images-0-role": "start",
        "images-0-credit": "",
        "images-0-is_main": "on",
        "images-0-image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
    }
    return editor_client.post(reverse("admin:exercises_exercise_change", args=[exercise.pk]), data)


def test_an_uploaded_picture_gets_its_renditions_on_save(editor_client):
    exercise = make("Bird Dog", target=["glutes"])

    response = _upload(editor_client, exercise, jpeg_bytes())

    assert response.status_code == 302
    image = ExerciseImage.objects.get(exercise=exercise)
    assert (image.role, image.width, image.height) == ("start", 640, 427)
    assert set(image.renditions) == {"thumb", "card", "full"}


def test_a_picture_over_the_byte_limit_is_refused_with_a_message(editor_client, settings):
    exercise = make("Bird Dog", target=["glutes"])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    too_big = jpeg_bytes() + b"\0" * (pictures.MAX_BYTES + 1)

    response = _upload(editor_client, exercise, too_big)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][5].formset.errors
    assert errors[0]["image"] == [
        "This picture is 5.0 MB; the limit is 5 MB. Save it smaller (a 1,600 px wide JPEG "
        "is plenty) and upload it again."
    ]
    assert ExerciseImage.objects.count() == 0


def test_a_picture_over_the_pixel_limit_is_refused_with_a_message(editor_client, monkeypatch):
    exercise = make("Bird Dog", target=["glutes"])
    monkeypatch.setattr(pictures, "MAX_PIXELS", 100 * 100)

    response = _upload(editor_client, exercise, jpeg_bytes(size=(200, 100)))

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][5].formset.errors
    assert errors[0]["image"] == [
        "This picture is 200×100 pixels (0.0 megapixels); the limit is 0.01 megapixels."
    ]
    assert ExerciseImage.objects.count() == 0


def test_make_renditions_fills_in_pictures_that_lack_them(pictured):
    bare = make("Bird Dog", target=["glutes"])
    add_pictures(bare, renditions=False)
    out = io.StringIO()

    call_command("make_renditions", stdout=out)

    assert out.getvalue() == "Renditions made for 2 picture(s).\n"
    assert all(set(i.renditions) == {"thumb", "card", "full"} for i in ExerciseImage.objects.all())
    again = io.StringIO()
    call_command("make_renditions", stdout=again)
    assert again.getvalue() == "Renditions made for 0 picture(s).\n"
