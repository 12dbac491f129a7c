"""A zip of pictures, unpacked into the folder layout the --images option reads.

Uploaded zips are untrusted: every entry is checked before a byte is written. Refused: too
many entries, an entry or a total larger than the limits (sizes as the zip declares them, and
again while reading, so a lying header cannot get past), an absolute path, a `..`, a link, and
any file that is not a picture (checked by exercises.importers.images.check_picture, which
reads the pixel size from the header before decoding anything). Folders are kept, so a zip of
the same layout as an --images folder gives the same result.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory
from typing import IO

from exercises.importers.images import MAX_BYTES, ImageRejected, check_picture
from exercises.importers.records import ImporterError

MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def _safe_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise ImporterError(f"Images zip: {name!r} is an absolute path.")
    if ".." in path.parts:
        raise ImporterError(f"Images zip: {name!r} points outside the zip's folder.")
    return path


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as handle:
        content = handle.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ImporterError(f"Images zip: {info.filename!r} is larger than {MAX_BYTES:,} bytes.")
    return content


@contextmanager
def unpacked(source: Path | IO[bytes]) -> Iterator[Path]:
    """The zip's pictures in a temporary folder (removed afterwards), or ImporterError."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImporterError(f"Images zip: not a zip file ({error}).") from None
    with archive, TemporaryDirectory(prefix="forge-images-") as folder:
        root = Path(folder)
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImporterError(
                f"Images zip: {len(entries):,} entries; the limit is {MAX_ENTRIES:,}."
            )
        declared = sum(info.file_size for info in entries)
        if declared > MAX_TOTAL_BYTES:
            raise ImporterError(
                f"Images zip: {declared:,} bytes unpacked; the limit is {MAX_TOTAL_BYTES:,}."
            )
        total = 0
        for info in entries:
            path = _safe_path(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ImporterError(f"Images zip: {info.filename!r} is a link.")
            if info.is_dir():
                continue
            if info.file_size > MAX_BYTES:
                raise ImporterError(
                    f"Images zip: {info.filename!r} is {info.file_size:,} bytes; "
                    f"the limit is {MAX_BYTES:,}."
                )
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                raise ImporterError(
                    f"Images zip: {info.filename!r} is not a picture "
                    f"({', '.join(sorted(IMAGE_SUFFIXES))})."
                )
            content = _read_limited(archive, info)
            total += len(content)
            if total > MAX_TOTAL_BYTES:
                raise ImporterError(f"Images zip: more than {MAX_TOTAL_BYTES:,} bytes unpacked.")
            try:
                check_picture(content)
            except ImageRejected as error:
                raise ImporterError(f"Images zip: {info.filename!r} {error}") from None
            target = root.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield root
