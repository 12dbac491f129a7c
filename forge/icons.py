"""The app icons in the sizes browsers ask for, drawn from the favicon's design (a white F on
the brand colour, static/img/favicon.svg) with Pillow. `manage.py make_app_icons` writes them
into static/icons/; they are committed, so nothing is drawn at run time."""

from pathlib import Path
from typing import TypedDict

from PIL import Image, ImageDraw

BRAND = (0x9A, 0x34, 0x12, 255)
WHITE = (255, 255, 255, 255)
# The favicon's F on its 32-unit grid.
F_POINTS = [(10, 7), (23, 7), (23, 11), (14.5, 11), (14.5, 15), (21, 15), (21, 19),
            (14.5, 19), (14.5, 25), (10, 25)]  # fmt: skip
SUPERSAMPLE = 4


def draw_icon(size: int, *, rounded: bool, glyph_scale: float = 1.0) -> Image.Image:
    """A size×size icon. `rounded` keeps the favicon's corners (plain icons); maskable and
    Apple icons are full squares that the system shapes. `glyph_scale` shrinks the F about
    the centre (maskable icons keep it inside the safe circle)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 32
    if rounded:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=round(7 * unit), fill=BRAND)
    else:
        draw.rectangle([0, 0, big, big], fill=BRAND)
    centre = 16
    points = [
        ((x - centre) * glyph_scale * unit + big / 2, (y - centre) * glyph_scale * unit + big / 2)
        for x, y in F_POINTS
    ]
    draw.polygon(points, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class IconOptions(TypedDict, total=False):
    size: int
    rounded: bool
    glyph_scale: float


ICONS: dict[str, IconOptions] = {
    "forge-192.png": {"size": 192, "rounded": True},
    "forge-512.png": {"size": 512, "rounded": True},
    "forge-maskable-512.png": {"size": 512, "rounded": False, "glyph_scale": 0.75},
    "apple-touch-icon-180.png": {"size": 180, "rounded": False, "glyph_scale": 0.85},
}


def write_icons(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, options in ICONS.items():
        path = folder / name
        draw_icon(**options).save(path, format="PNG", optimize=True)
        written.append(path)
    return written
