"""Pictures uploaded as a zip: unpacked into the --images layout, with every unsafe entry
refused before anything is written."""

import io
import zipfile

import pytest

from exercises.importers import ImporterError, import_catalogue, zipped_images
from exercises.models import ExerciseImage
from tests.exercises.importers.helpers import GIF, forge_file, forge_record


def zip_of(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def unpack(files: dict[str, bytes]) -> None:
    with zipped_images.unpacked(zip_of(files)):
        pass


def test_the_zips_folders_are_kept():
    with zipped_images.unpacked(zip_of({"stretch/0.gif": GIF, "1.gif": GIF})) as folder:
        found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        assert found == ["1.gif", "stretch/0.gif"]
    assert not folder.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.gif", "Images zip: '../evil.gif' points outside the zip's folder."),
        ("a/../../evil.gif", "Images zip: 'a/../../evil.gif' points outside the zip's folder."),
        ("/etc/evil.gif", "Images zip: '/etc/evil.gif' is an absolute path."),
        ("C:/evil.gif", "Images zip: 'C:/evil.gif' is an absolute path."),
        (
            "notes.txt",
            "Images zip: 'notes.txt' is not a picture (.gif, .jpeg, .jpg, .png, .webp).",
        ),
    ],
)
def test_unsafe_entries_are_refused(name, message, tmp_path):
    with pytest.raises(ImporterError) as error, zipped_images.unpacked(zip_of({name: GIF})):
        pass

    assert str(error.value) == message
    assert not (tmp_path.parent / "evil.gif").exists()


def test_a_file_named_like_a_picture_must_be_one():
    with pytest.raises(ImporterError) as error:
        unpack({"fake.gif": b"just text"})

    assert str(error.value).startswith("Images zip: 'fake.gif' is not an image")


def test_too_many_entries_or_bytes_are_refused_before_reading(monkeypatch):
    monkeypatch.setattr(zipped_images, "MAX_ENTRIES", 2)
    with pytest.raises(ImporterError) as error:
        unpack({f"{n}.gif": GIF for n in range(3)})
    assert str(error.value) == "Images zip: 3 entries; the limit is 2."

    monkeypatch.setattr(zipped_images, "MAX_TOTAL_BYTES", 10)
    with pytest.raises(ImporterError) as error, zipped_images.unpacked(zip_of({"0.gif": GIF})):
        pass
    assert str(error.value) == f"Images zip: {len(GIF)} bytes unpacked; the limit is 10."


def test_a_highly_compressed_entry_over_the_size_limit_is_refused():
    with pytest.raises(ImporterError) as error:
        unpack({"bomb.gif": b"\0" * (6 * 1024 * 1024)})

    assert str(error.value) == "Images zip: 'bomb.gif' is 6,291,456 bytes; the limit is 5,242,880."


def test_not_a_zip_is_refused():
    with pytest.raises(ImporterError) as error, zipped_images.unpacked(io.BytesIO(b"plain")):
        pass

    assert str(error.value).startswith("Images zip: not a zip file")


@pytest.mark.django_db
def test_an_import_reads_its_pictures_from_the_zip(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    record = forge_record(
        images=[{"file": "lying-glutes-stretch/0.gif", "alt_text": "Lying down", "is_main": True}]
    )
    path = forge_file(tmp_path, record)

    with zipped_images.unpacked(zip_of({"lying-glutes-stretch/0.gif": GIF})) as folder:
        report = import_catalogue(path=path, fmt="forge", images_dir=folder)

    assert report.images_saved == 1
    image = ExerciseImage.objects.get()
    assert (image.alt_text, image.is_main) == ("Lying down", True)
    assert image.image.read() == GIF
