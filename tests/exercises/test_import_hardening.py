"""Hostile imports: every one ends in a message naming the record and field, never a
traceback, with nothing written; and one run reports every bad record (up to 50)."""

import struct
import zlib

import pytest
from django.core.management import CommandError

from exercises import safe_json
from exercises.models import Exercise, ExerciseImage
from tests.exercises.importers.helpers import forge_file, forge_record, run_import, write

pytestmark = pytest.mark.django_db


def png_header(path, width, height):
    """A PNG that claims a size, with one tiny data chunk: what a decompression bomb shows
    before it is decoded (the importer must refuse it from the header alone)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )
    return path


def test_deeply_nested_json_is_refused_without_a_recursion_error(tmp_path):
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == f"{path}: the JSON nests 100000 levels deep; the limit is 32."
    assert not Exercise.objects.exists()


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    record = forge_record(summary='[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{ \\" [[[[')
    run_import(forge_file(tmp_path, record))
    assert Exercise.objects.get().summary.startswith("[[[[")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_json, "MAX_BYTES", 1024)
    path = write(tmp_path, " " * 2048 + "[]")
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == f"{path}: the file is 2,050 bytes; the limit is 1,024 bytes."


@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        # Past Pillow's own bomb limit: it refuses to open it at all.
        (20000, 20000, "is far too large an image"),
        # Under Pillow's limit but over Forge's: it used to be accepted and copied to media.
        (12000, 12000, "is 12000×12000 pixels (144.0 megapixels); the limit is 25 megapixels."),
    ],
)
def test_oversized_images_are_refused_by_record_and_field(tmp_path, width, height, message):
    images = tmp_path / "images"
    images.mkdir()
    png_header(images / "huge.png", width, height)
    record = forge_record(images=[{"file": "huge.png", "alt_text": "Huge", "is_main": True}])
    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, record), "--images", str(images))
    text = str(error.value)
    assert text.startswith("Record 0 (id 'lying-glutes-stretch'), field 'images[0].file': ")
    assert message in text
    assert not Exercise.objects.exists() and not ExerciseImage.objects.exists()
    assert not list((tmp_path / "media").rglob("*.png"))


def test_one_run_reports_every_bad_record(tmp_path):
    records = [
        forge_record(),
        forge_record(slug="a", source_id="a", difficulty="impossible"),
        forge_record(slug="b", source_id="b", name=0),
        forge_record(slug="c", source_id="c", faq="often"),
    ]
    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, *records))
    assert str(error.value).splitlines() == [
        "3 problems in 3 records; nothing was imported:",
        "  Record 1 (id 'a'), field 'difficulty': unknown value 'impossible'; expected one of "
        "'beginner', 'intermediate', 'advanced'.",
        "  Record 2 (id 'b'), field 'name': must be text, not int.",
        "  Record 3 (id 'c'), field 'faq': must be a list of {question, answer} objects.",
    ]
    assert not Exercise.objects.exists()


def test_later_checks_also_report_every_bad_record(tmp_path):
    records = [
        forge_record(slug="a", source_id="a", target_muscles=["wings"]),
        forge_record(slug="b", source_id="b", body_part="tail"),
    ]
    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, *records))
    assert str(error.value).splitlines() == [
        "2 problems in 2 records; nothing was imported:",
        "  Record 0 (id 'a'), field 'target_muscles': unknown muscle 'wings'.",
        "  Record 1 (id 'b'), field 'body_part': unknown body part 'tail'.",
    ]


def test_reporting_stops_at_fifty_bad_records(tmp_path):
    records = [forge_record(slug=f"r{i}", source_id=f"r{i}", name=i) for i in range(70)]
    with pytest.raises(CommandError) as error:
        run_import(forge_file(tmp_path, *records))
    lines = str(error.value).splitlines()
    assert lines[0] == (
        "Stopped after 50 bad records of 70 (fix these and run again); nothing was imported:"
    )
    assert len(lines) == 51
    assert lines[50] == "  Record 49 (id 'r49'), field 'name': must be text, not int."
    assert not Exercise.objects.exists()
