"""Pictures for imported records: from a folder, or downloaded from http(s) URLs.

Every picture is read and checked before anything is written: a file that is not an image, a
download that is too big, too slow, not an image type or too many pixels stops the import
with the record and field named. Files a record names but the folder lacks are only counted
(the report says which), since catalogues are often shipped without all their pictures.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from exercises.importers.records import ExerciseRecord, Problem, ProblemList
from exercises.importers.report import ImportReport
from exercises.pictures import MAX_BYTES, check_picture
from exercises.pictures import PictureRejected as ImageRejected

TIMEOUT_SECONDS = 10
CONTENT_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}
USER_AGENT = "Forge exercise importer"


@dataclass
class PendingImage:
    name: str  # the file name it is stored under
    alt_text: str
    is_main: bool
    position: int
    role: str = "other"
    credit: str = ""
    source: Path | None = None  # a file under --images, read again when saved
    content: bytes | None = None  # a downloaded picture

    def open(self):
        return open(self.source, "rb") if self.source else io.BytesIO(self.content)


def check_file(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImageRejected(f"is {size:,} bytes; the limit is {MAX_BYTES:,}.")
    check_picture(path.read_bytes())


def download(url: str) -> tuple[bytes, str]:
    """The picture at url and a file name for it, within the time, size and type limits."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            content_type = response.headers.get_content_type()
            if content_type not in CONTENT_TYPES:
                raise ImageRejected(
                    f"answered with {content_type!r}, not an image type "
                    f"({', '.join(CONTENT_TYPES)})."
                )
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise ImageRejected(f"is {int(length):,} bytes; the limit is {MAX_BYTES:,}.")
            content = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImageRejected(f"could not be downloaded (HTTP {error.code}).") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImageRejected(f"could not be downloaded ({reason}).") from None
    if len(content) > MAX_BYTES:
        raise ImageRejected(f"is more than {MAX_BYTES:,} bytes.")
    check_picture(content)
    return content, _name_from_url(url, CONTENT_TYPES[content_type])


def _name_from_url(url: str, extension: str) -> str:
    stem = PurePosixPath(urlsplit(url).path).stem or "image"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "image"
    return f"{stem}.{extension}"


def collect(
    records: list[ExerciseRecord],
    *,
    images_dir: Path | None,
    fetch: bool,
    problems: ProblemList,
    report: ImportReport,
) -> dict[int, list[PendingImage]]:
    """Read every picture the records name; {record index: its pictures, in order}."""
    found: dict[int, list[PendingImage]] = {}
    root = None
    if images_dir is not None:
        if not images_dir.is_dir():
            problems.append(Problem(f"--images {images_dir}: not a folder."))
            return found
        root = images_dir.resolve()
    report.images_dir = images_dir
    for index, record in enumerate(records):
        pending = []
        for position, image in enumerate(record.images):
            key = f"images[{position}].file"
            try:
                picture = _read_one(image.file, root, fetch, record, report)
            except ImageRejected as error:
                problems.append(Problem(f"{image.file!r} {error}", index, record.source_id, key))
                continue
            if picture is None:
                continue
            pending.append(
                PendingImage(
                    alt_text=image.alt_text,
                    is_main=image.is_main,
                    position=position,
                    role=image.role,
                    credit=image.credit,
                    **picture,
                )
            )
        if pending and not any(p.is_main for p in pending):
            pending[0].is_main = True
        if pending:
            found[index] = pending
    return found


def _read_one(file, root, fetch, record, report) -> dict | None:
    entry = (record.source_id, file)
    if file.startswith(("http://", "https://")):
        if not fetch:
            report.images_skipped_urls.append(entry)
            return None
        content, name = download(file)
        return {"content": content, "name": name}
    if root is None:
        report.images_skipped_no_folder.append(entry)
        return None
    path = (root / file).resolve()
    if not path.is_relative_to(root):
        raise ImageRejected("points outside --images.")
    if not path.is_file():
        report.images_missing.append(entry)
        return None
    check_file(path)
    return {"source": path, "name": PurePosixPath(file).name}
