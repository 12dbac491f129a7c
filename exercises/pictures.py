"""Exercise pictures: the size limits every upload and import is held to, and the renditions.

Each picture gets a thumbnail, a card and a full size, each in WebP with a JPEG fallback. They
are made once, when the picture is stored (the importer and the admin call
`image_renditions_generate`), never on a visitor's request. sorl-thumbnail's Pillow engine
does the work (orientation, colour space, scaling, encoding); its key-value store is not used:
the names and sizes of the files go into `ExerciseImage.renditions`, so a page reads them
from the rows it already loaded, with no query and no file access.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypedDict

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError
from sorl.thumbnail.base import ThumbnailBackend
from sorl.thumbnail.engines.pil_engine import Engine as PillowEngine
from sorl.thumbnail.images import ImageFile
from sorl.thumbnail.parsers import parse_geometry

from exercises import safe_json
from exercises.models import ExerciseImage

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 5000 × 5000

# Widths in CSS pixels; a picture is never enlarged, so a narrow one may stop short of these.
SIZES: dict[str, int] = {"thumb": 320, "card": 480, "full": 640}
FORMATS: dict[str, dict[str, Any]] = {
    "webp": {"format": "WEBP", "quality": 72},
    "jpeg": {"format": "JPEG", "quality": 78, "progressive": True},
}


WEBP_METHOD = 2


class Rendition(TypedDict):
    width: int
    height: int
    webp: str
    jpeg: str


class PictureRejected(Exception):
    """A picture over the limits or not an image; the message says which, in plain words."""


def check_picture(content: bytes) -> str:
    """The picture's format ("GIF", "JPEG"…), or PictureRejected when it is not usable.

    The size is read from the header (exercises.safe_json.check_image) before anything is
    decoded, so a decompression bomb is refused, never opened."""
    if len(content) > MAX_BYTES:
        raise PictureRejected(
            f"is {len(content):,} bytes; the limit is {MAX_BYTES:,} ({MAX_BYTES // 2**20} MB)."
        )
    try:
        safe_json.check_image(io.BytesIO(content), max_pixels=MAX_PIXELS)
        with Image.open(io.BytesIO(content)) as picture:
            return picture.format or ""
    except safe_json.UnsafeInput as error:
        raise PictureRejected(str(error)) from None
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PictureRejected(f"is not an image ({error}).") from None


class _Engine(PillowEngine):
    """sorl-thumbnail's Pillow engine, with WebP encoded at effort 2 of 6: a fifth larger
    files would be needed to notice, and it is two and a half times faster than Pillow's
    default of 4 (about 18 ms against 45 ms for a 640 px photo), which counts across
    thousands of imported pictures."""

    def _get_raw_data(self, image, format_, quality, image_info=None, progressive=False):
        if format_ != "WEBP":
            return super()._get_raw_data(image, format_, quality, image_info, progressive)
        buffer = io.BytesIO()
        params: dict[str, Any] = {"format": "WEBP", "quality": quality, "method": WEBP_METHOD}
        if image_info and "icc_profile" in image_info:
            params["icc_profile"] = image_info["icc_profile"]
        image.save(buffer, **params)
        return buffer.getvalue()


class _Backend(ThumbnailBackend):
    """sorl-thumbnail's backend, opening the source once for all six files of a picture."""

    def renditions(self, name: str) -> tuple[tuple[int, int], dict[str, Rendition]]:
        source = ImageFile(name, default_storage)
        engine = _Engine()
        image = engine.get_image(source)
        try:
            size = engine.get_image_size(image)
            found: dict[str, Rendition] = {}
            info = engine.get_image_info(image)
            for label, width in SIZES.items():
                geometry = str(width)
                # Scaled once, written in both formats (a JPEG write flattens any alpha).
                scaled = None
                files: dict[str, str] = {}
                for key, extra in FORMATS.items():
                    options = {**self.default_options, "upscale": False, **extra}
                    thumbnail = ImageFile(
                        self._get_thumbnail_filename(source, geometry, options), default_storage
                    )
                    if scaled is None:
                        ratio = engine.get_image_ratio(image, options)
                        scaled = engine.create(image, parse_geometry(geometry, ratio), options)
                    engine.write(scaled, {**options, "image_info": info}, thumbnail)
                    files[key] = thumbnail.name
                w, h = engine.get_image_size(scaled)
                found[label] = Rendition(width=w, height=h, webp=files["webp"], jpeg=files["jpeg"])
            return size, found
        finally:
            engine.cleanup(image)


def _render(image: ExerciseImage) -> tuple[ExerciseImage, tuple[int, int], dict[str, Rendition]]:
    size, found = _Backend().renditions(str(image.image.name))
    return image, size, found


def rendition_files(image: ExerciseImage) -> list[str]:
    """Every file stored for a picture's renditions (to delete them with it)."""
    return [
        name
        for rendition in (image.renditions or {}).values()
        for name in (rendition.get("webp"), rendition.get("jpeg"))
        if name
    ]


def image_renditions_generate(
    *, images: Iterable[ExerciseImage], written: list[str] | None = None, save: bool = True
) -> int:
    """Make the renditions of each picture that lacks them; return how many were made.

    Pillow releases the interpreter lock while it decodes, scales and encodes, so pictures are
    rendered on RENDITION_WORKERS threads. The rows are saved together at the end (`save`);
    every file written is appended to `written`, for a caller that must remove them again
    if its transaction fails."""
    todo = [image for image in images if image.image and set(image.renditions or {}) != set(SIZES)]
    if not todo:
        return 0
    workers = max(1, min(settings.RENDITION_WORKERS, len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for image, (width, height), found in pool.map(_render, todo):
            image.width, image.height, image.renditions = width, height, dict(found)
            if written is not None:
                written.extend(rendition_files(image))
    if save:
        ExerciseImage.objects.bulk_update(todo, ["width", "height", "renditions"], batch_size=500)
    return len(todo)
