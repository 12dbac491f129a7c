"""Pictures from a folder or from URLs. URL tests use a local server on 127.0.0.1 (a free port)."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError
from PIL import Image

from exercises.importers import images as image_files
from exercises.models import Exercise, ExerciseImage
from tests.exercises.importers.helpers import GIF, forge_file, forge_record, run_import, snapshot

pytestmark = pytest.mark.django_db


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


class Pictures(BaseHTTPRequestHandler):
    # path → (status, content type, body, delay in seconds)
    routes = {
        "/start.gif": (200, "image/gif", GIF, 0),
        "/page": (200, "text/html; charset=utf-8", b"<p>hello</p>", 0),
        "/fake.gif": (200, "image/gif", b"not a picture", 0),
        "/huge.png": (200, "image/png", _png(6000, 5000), 0),
        "/slow.gif": (200, "image/gif", GIF, 1.5),
    }

    def do_GET(self):
        if self.path == "/big.gif":
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.send_header("Content-Length", str(image_files.MAX_BYTES + 1))
            self.end_headers()
            return
        if self.path not in self.routes:
            self.send_error(404)
            return
        status, content_type, body, delay = self.routes[self.path]
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that give up early (timeouts, size limits) are expected here


@pytest.fixture(scope="module")
def server():
    # Port 0: the system picks a free one, so parallel runs never collide.
    httpd = QuietServer(("127.0.0.1", 0), Pictures)
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


def with_image(file: str) -> dict:
    return forge_record(images=[{"file": file, "alt_text": "Start", "is_main": True}])


def test_a_picture_is_downloaded_from_its_url(tmp_path, server, settings):
    output = run_import(forge_file(tmp_path, with_image(f"{server}/start.gif")), "--fetch-images")

    assert "1 image saved." in output
    image = ExerciseImage.objects.get()
    assert image.image.name == "exercises/lying-glutes-stretch/start.gif"
    assert (settings.MEDIA_ROOT / image.image.name).read_bytes() == GIF


def test_urls_are_left_alone_without_fetch_images(tmp_path, server):
    output = run_import(forge_file(tmp_path, with_image(f"{server}/start.gif")))

    assert (
        f"1 image URL named by 1 record left out: add --fetch-images to download them. "
        f"First few: {server}/start.gif."
    ) in output
    assert Exercise.objects.count() == 1
    assert not ExerciseImage.objects.exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/page", "answered with 'text/html', not an image type"),
        ("/fake.gif", "is not an image"),
        ("/huge.png", "is 6000×5000 pixels (30.0 megapixels); the limit is 25 megapixels."),
        ("/big.gif", f"is {image_files.MAX_BYTES + 1:,} bytes; the limit is"),
        ("/gone.gif", "could not be downloaded (HTTP 404)."),
        ("/slow.gif", "could not be downloaded (timed out)."),
    ],
    ids=["not-an-image-type", "not-an-image", "too-many-pixels", "too-big", "404", "too-slow"],
)
def test_a_bad_download_stops_the_import_naming_the_record(
    tmp_path, server, monkeypatch, path, message
):
    monkeypatch.setattr(image_files, "TIMEOUT_SECONDS", 0.5)
    run_import(forge_file(tmp_path, forge_record(slug="plank", name="Plank", source_id="plank")))
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, with_image(f"{server}{path}")), "--fetch-images")

    assert (
        f"Record 0 (id 'lying-glutes-stretch'), field 'images[0].file': '{server}{path}' {message}"
    ) in str(error.value)
    assert snapshot() == before


def test_a_non_image_in_the_images_folder_is_refused(tmp_path):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    (images / "lying" / "0.jpg").write_text("this is not a picture")

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, with_image("lying/0.jpg")), "--images", str(images))

    assert "Record 0 (id 'lying-glutes-stretch'), field 'images[0].file'" in str(error.value)
    assert not Exercise.objects.exists()
    assert not ExerciseImage.objects.exists()


def test_a_path_outside_the_images_folder_is_refused(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (tmp_path / "secret.gif").write_bytes(GIF)

    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, with_image("../secret.gif")), "--images", str(images))

    assert "field 'images[0].file': '../secret.gif' points outside --images." in str(error.value)
    assert not Exercise.objects.exists()


def test_rerun_is_unchanged_when_storage_renamed_an_image(tmp_path, settings):
    images = tmp_path / "images"
    (images / "lying").mkdir(parents=True)
    (images / "lying" / "0.gif").write_bytes(GIF)
    # A file left at the target name makes the storage pick "0_<random>.gif" instead.
    taken = Path(settings.MEDIA_ROOT) / "exercises" / "lying-glutes-stretch" / "0.gif"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(GIF)
    path = forge_file(tmp_path, with_image("lying/0.gif"))
    run_import(path, "--images", str(images))
    stored = ExerciseImage.objects.get().image.name
    assert stored != "exercises/lying-glutes-stretch/0.gif"

    output = run_import(path, "--images", str(images))

    assert "left 1 unchanged" in output and "0 images saved" in output
    assert ExerciseImage.objects.get().image.name == stored
