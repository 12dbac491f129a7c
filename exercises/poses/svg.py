"""Pose data to an SVG figure. Pure and deterministic: the same pose gives the same bytes.

Colours are classes only (styled in static/css/pose.css from the site's custom properties),
so the figure follows light and dark mode and needs no inline style under the CSP.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape

from exercises.poses.figure import (
    Matrix,
    Node,
    Shape,
    apply,
    build,
    joint_positions,
    node_matrix,
    outline_points,
)

SIZE = 240.0  # the square viewBox
FLOOR_Y = 226.0
BENCH_HEIGHT = 40.0  # a bench or seat: a seated shin (knee at 90°) just reaches the floor
BAR_Y = 14.0
MARGIN = 10.0

# Muscle slugs (the starter vocabulary) to the areas of the figure that show them.
MUSCLE_AREAS = {
    "abdominals": ("belly",),
    "obliques": ("waist",),
    "lower-back": ("back.lower",),
    "middle-back": ("back.upper",),
    "lats": ("back.upper",),
    "traps": ("back.top",),
    "chest": ("chest",),
    "shoulders": ("shoulder",),
    "biceps": ("arm.front",),
    "triceps": ("arm.back",),
    "forearms": ("forearm",),
    "glutes": ("glutes",),
    "hip-flexors": ("hip.front",),
    "quadriceps": ("thigh.front",),
    "hamstrings": ("thigh.back",),
    "adductors": ("thigh.inner",),
    "abductors": ("thigh.outer",),
    "calves": ("shin.back",),
    "neck": ("neck",),
}
BASE_LABELS = {
    "standing": "standing",
    "kneeling": "kneeling",
    "all-fours": "on hands and knees",
    "seated": "seated on the floor",
    "seated-bench": "seated on a bench",
    "lying-back": "lying on the back",
    "lying-front": "lying face down",
    "lying-side": "lying on one side",
    "lying-bench": "lying on a bench",
    "hanging": "hanging from a bar",
}


def muscle_patches(targets: Iterable[str], secondaries: Iterable[str]) -> dict[str, str]:
    """Body areas to tint: target muscles strongly, secondary ones lightly."""
    patches: dict[str, str] = {}
    for slug in secondaries:
        for area in MUSCLE_AREAS.get(slug, ()):
            patches[area] = "pose-secondary"
    for slug in targets:
        for area in MUSCLE_AREAS.get(slug, ()):
            patches[area] = "pose-target"
    return patches


@dataclass(frozen=True)
class Layout:
    """Where both positions of a pose sit in the viewBox: one scale for the pair, so the
    start and end figures (and the player's animation between them) are the same size."""

    scale: float
    mirror: bool
    hanging: bool
    offsets: dict[str, tuple[float, float]]

    def matrix(self, position: str) -> Matrix:
        tx, ty = self.offsets[position]
        sx = -self.scale if self.mirror else self.scale
        return (sx, 0.0, 0.0, self.scale, tx, ty)


def figures(pose: dict[str, Any], patches: dict[str, str]) -> dict[str, Node]:
    side = pose["side"]
    near = "right" if side == "right" else "left"
    view = pose.get("view", "side")
    return {
        name: build(pose[name], view=view, near=near, both=side == "both", patches=patches)
        for name in ("start", "end")
    }


def layout(pose: dict[str, Any], trees: dict[str, Node]) -> Layout:
    mirror = pose.get("view", "side") == "side" and pose["side"] == "right"
    hanging = pose["base"] == "hanging"
    bounds = {name: _bounds(outline_points(tree)) for name, tree in trees.items()}
    width = max(b[2] - b[0] for b in bounds.values())
    height = max(b[3] - b[1] for b in bounds.values())
    room = FLOOR_Y - BAR_Y if hanging else FLOOR_Y - MARGIN
    scale = min(1.0, (SIZE - 2 * MARGIN) / width, room / height)
    offsets = {}
    for name, (x0, y0, x1, y1) in bounds.items():
        centre = (x0 + x1) / 2 * scale
        tx = SIZE / 2 + centre if mirror else SIZE / 2 - centre
        ty = BAR_Y - 2.0 - y0 * scale if hanging else FLOOR_Y - y1 * scale
        if pose["base"] in BENCH_BASES:
            # On the bench, not on the floor, unless the feet would go through the floor.
            seat = max(y for _, y in torso_points(trees[name]))
            ty = min(ty, FLOOR_Y - (BENCH_HEIGHT + seat) * scale)
        offsets[name] = (round(tx, 2), round(ty, 2))
    return Layout(scale=round(scale, 4), mirror=mirror, hanging=hanging, offsets=offsets)


BENCH_BASES = ("seated-bench", "lying-bench")


def torso_points(root: Node) -> list[tuple[float, float]]:
    """The trunk's outline in the figure's frame (what rests on a bench)."""
    m = node_matrix(root)
    return [apply(m, p) for p in next(s for s in root.items if isinstance(s, Shape)).points]


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def world_joints(pose: dict[str, Any], position: str) -> dict[str, tuple[float, float]]:
    """Joint positions in viewBox units, as drawn (for tests and the props)."""
    trees = figures(pose, {})
    return joint_positions(trees[position], layout(pose, trees).matrix(position))


def render(
    pose: dict[str, Any],
    *,
    position: str,
    label: str,
    targets: Iterable[str] = (),
    secondaries: Iterable[str] = (),
    css: str = "",
) -> str:
    """The SVG of one position of a valid pose (see exercises.poses.schema)."""
    trees = figures(pose, muscle_patches(targets, secondaries))
    place = layout(pose, trees)
    matrix = place.matrix(position)
    tx, ty = place.offsets[position]
    sx = -place.scale if place.mirror else place.scale
    ground = "bar" if place.hanging else "bench" if pose["base"] in BENCH_BASES else "floor"
    desc = description(pose, position)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pose-svg {escape(css)}" '
        f'viewBox="0 0 {_n(SIZE)} {_n(SIZE)}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title><desc>{escape(desc)}</desc>",
        f'<line class="pose-floor" x1="{_n(MARGIN / 2)}" y1="{_n(FLOOR_Y)}" '
        f'x2="{_n(SIZE - MARGIN / 2)}" y2="{_n(FLOOR_Y)}"/>',
        *_props(pose["base"], trees[position], matrix, place.scale),
        f'<g class="pose-figure" transform="translate({_n(tx)} {_n(ty)}) '
        f'scale({_n(sx)} {_n(place.scale)})" data-ground="{ground}" '
        f'data-ground-y="{_n(BAR_Y - 2.0 if place.hanging else FLOOR_Y)}" '
        f'data-scale="{_n(place.scale)}" data-mirror="{int(place.mirror)}" '
        f'data-tx-start="{_n(place.offsets["start"][0])}" '
        f'data-tx-end="{_n(place.offsets["end"][0])}" '
        f'data-ty-start="{_n(place.offsets["start"][1])}" '
        f'data-ty-end="{_n(place.offsets["end"][1])}">',
        _node(trees[position]),
        "</g></svg>",
    ]
    return "".join(parts)


def description(pose: dict[str, Any], position: str) -> str:
    base = BASE_LABELS[pose["base"]]
    side = {"left": "the left side works", "right": "the right side works"}.get(pose["side"])
    text = f"{'Start' if position == 'start' else 'End'} position, {base}"
    return f"{text}; {side}." if side else f"{text}."


def _props(base: str, tree: Node, matrix: Matrix, scale: float) -> list[str]:
    """The bench under a seated or lying figure, the bar above a hanging one."""
    joints = joint_positions(tree, matrix)
    if base == "hanging":
        return [
            f'<line class="pose-bar" x1="{_n(MARGIN * 3)}" y1="{_n(BAR_Y)}" '
            f'x2="{_n(SIZE - MARGIN * 3)}" y2="{_n(BAR_Y)}"/>'
        ]
    if base not in ("seated-bench", "lying-bench"):
        return []
    hip, neck = joints["trunk"], joints["head"]
    top = max(apply(matrix, p)[1] for p in torso_points(tree))
    if base == "seated-bench":
        left, right = hip[0] - 20 * scale, hip[0] + 20 * scale
    else:
        left = min(hip[0], neck[0]) - 8 * scale
        right = max(hip[0], neck[0]) + 8 * scale
    top = min(top - 1, FLOOR_Y - 8)
    return [
        f'<rect class="pose-prop" x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
        f'height="{_n(FLOOR_Y - top)}" rx="3"/>'
    ]


def _node(node: Node) -> str:
    attrs = []
    if node.css:
        attrs.append(f'class="{node.css}"')
    if node.joint:
        attrs.append(f'data-joint="{node.joint}" data-at="{_n(node.at[0])} {_n(node.at[1])}"')
    transform = []
    if node.at != (0.0, 0.0):
        transform.append(f"translate({_n(node.at[0])} {_n(node.at[1])})")
    if node.joint:  # always written, so the player can turn every joint
        transform.append(f"rotate({_n(node.rotate)})")
    if node.mirror:
        transform.append("scale(-1 1)")
    if transform:
        attrs.append(f'transform="{" ".join(transform)}"')
    inner = "".join(_node(item) if isinstance(item, Node) else _shape(item) for item in node.items)
    return f"<g {' '.join(attrs)}>{inner}</g>" if attrs else f"<g>{inner}</g>"


def _shape(shape: Shape) -> str:
    css = f' class="{shape.css}"'
    if shape.kind == "circle":
        (cx, cy), (r,) = shape.points[0], shape.sizes
        return f'<circle{css} cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}"/>'
    if shape.kind == "ellipse":
        (cx, cy), (rx, ry) = shape.points[0], shape.sizes
        return f'<ellipse{css} cx="{_n(cx)}" cy="{_n(cy)}" rx="{_n(rx)}" ry="{_n(ry)}"/>'
    if shape.kind == "capsule":
        (a, b), (r1, r2) = shape.points, shape.sizes
        return f'<path{css} d="{capsule_path(a, b, r1, r2)}"/>'
    return f'<path{css} d="{smooth_path(shape.points)}"/>'


def capsule_path(a: tuple[float, float], b: tuple[float, float], r1: float, r2: float) -> str:
    """A limb: two round ends joined by straight sides, r1 at a and r2 at b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    p1 = (a[0] + nx * r1, a[1] + ny * r1)
    p2 = (b[0] + nx * r2, b[1] + ny * r2)
    p3 = (b[0] - nx * r2, b[1] - ny * r2)
    p4 = (a[0] - nx * r1, a[1] - ny * r1)
    return (
        f"M{_p(p1)}L{_p(p2)}A{_n(r2)} {_n(r2)} 0 0 0 {_p(p3)}"
        f"L{_p(p4)}A{_n(r1)} {_n(r1)} 0 0 0 {_p(p1)}Z"
    )


def smooth_path(points: list[tuple[float, float]]) -> str:
    """A closed curve through the points (Catmull-Rom turned into cubic Béziers)."""
    count = len(points)
    out = [f"M{_p(points[0])}"]
    for i in range(count):
        p0, p1 = points[i - 1], points[i]
        p2, p3 = points[(i + 1) % count], points[(i + 2) % count]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{_p(c1)} {_p(c2)} {_p(p2)}")
    return "".join(out) + "Z"


def _p(point: tuple[float, float]) -> str:
    return f"{_n(point[0])} {_n(point[1])}"


def _n(value: float) -> str:
    """Numbers with at most two decimals and no "-0", so output is stable and short."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
