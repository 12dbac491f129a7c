"""Reading untrusted import files without tracebacks: size, nesting and image-size limits.

Self-contained (it imports nothing from the importer), so any loader can call it:
``load_json(path, max_bytes=…, max_depth=…)`` for the JSON file and
``check_image(path, max_pixels=…)`` for each image, before anything is decoded. Both raise
``UnsafeInput`` with a message for the person running the import.
"""

import json
import re
import warnings
from pathlib import Path
from typing import IO, Any

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: the starter catalogue is well under 1 MB
MAX_DEPTH = 32  # the forge format nests 5 deep; 100,000 brackets used to be a RecursionError
MAX_PIXELS = 25_000_000  # 25 megapixels, e.g. 5000 × 5000; exercise pictures need far fewer

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class UnsafeInput(ValueError):
    """Input refused before it could do harm (too big, too deep, too many pixels)."""


def json_depth(text: str) -> int:
    """The deepest nesting of [ ] and { } in JSON text, strings ignored; no recursion."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json(path: Path, *, max_bytes: int | None = None, max_depth: int | None = None) -> Any:
    """Parse a JSON file no larger than max_bytes and nested no deeper than max_depth.

    FileNotFoundError, UnicodeDecodeError and json.JSONDecodeError pass through for the
    caller to word; the limits raise UnsafeInput. Defaults: MAX_BYTES and MAX_DEPTH.
    """
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise UnsafeInput(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes.")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    depth = json_depth(text)
    if depth > max_depth:
        raise UnsafeInput(f"the JSON nests {depth} levels deep; the limit is {max_depth}.")
    return json.loads(text)


def check_image(path: Path | IO[bytes], *, max_pixels: int | None = None) -> tuple[int, int]:
    """Check that a file (a path, or a binary file object) is an image of at most max_pixels
    (default MAX_PIXELS), reading only its header and verifying its data without decoding it;
    returns (width, height)."""
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    try:
        with warnings.catch_warnings():
            # Pillow warns, or refuses, past its own bomb limit; ours is lower and checked here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                width, height = picture.size
                if width * height > max_pixels:
                    raise UnsafeInput(
                        f"is {width}×{height} pixels ({width * height / 1e6:.1f} megapixels); "
                        f"the limit is {max_pixels / 1e6:g} megapixels."
                    )
                picture.verify()
    except Image.DecompressionBombError as error:
        raise UnsafeInput(f"is far too large an image ({error}).") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise UnsafeInput(f"is not an image ({error}).") from None
    return width, height
