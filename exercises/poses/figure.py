"""The drawn person as a tree of joints, and forward kinematics over it. Pure.

Every part is drawn in the frame of the joint it hangs from: a limb points along +y from its
joint (the SVG's "down"), the front of the body is +x. A joint's frame is its parent's,
moved to the joint (`at`) and turned by `rotate` SVG degrees (clockwise on screen). The SVG
writer emits exactly these groups, and the player turns the same groups to animate, so what
`world_points` computes here is what the browser draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from exercises.poses.schema import angle

# Lengths of a person about 176 units tall (head to sole), in the proportions of an adult.
HEAD_R = 11.5
NECK = 7.0
TRUNK = 54.0  # hip centre to the base of the neck
SHOULDER_DROP = 4.0  # the shoulder joint sits a little below the base of the neck
UPPER_ARM = 30.0
FOREARM = 26.0
HAND = 9.0
THIGH = 44.0
SHIN = 42.0
FOOT = 21.0
SHOULDER_HALF_WIDTH = 17.0  # front view only: where the arms and legs hang from
HIP_HALF_WIDTH = 8.5

# What each joint's angle does to its group: the SVG rotation is sign * angle.
JOINT_SIGNS = {
    "trunk": 1,
    "head": 1,
    "shoulder": -1,
    "elbow": -1,
    "wrist": -1,
    "hip": -1,
    "knee": 1,
    "ankle": -1,
}


@dataclass
class Shape:
    """A filled shape in its joint's frame. `part` names the body part for muscle tints."""

    kind: str  # "capsule" (a, b, r1, r2), "circle" (c, r), "ellipse" (c, rx, ry), "path"
    points: list[tuple[float, float]]
    sizes: tuple[float, ...] = ()
    css: str = "pose-body"


@dataclass
class Node:
    """A joint: its group in the SVG. Items are Shapes and child Nodes, in drawing order."""

    joint: str  # "trunk", "head", "left.knee" … ("" for a plain wrapper group)
    at: tuple[float, float] = (0.0, 0.0)
    rotate: float = 0.0
    mirror: bool = False
    css: str = ""
    items: list[Any] = field(default_factory=list)


def joint_rotation(joint: str, degrees: float) -> float:
    return JOINT_SIGNS[joint.rsplit(".", 1)[-1]] * degrees


def build(
    position: dict[str, Any], *, view: str, near: str, both: bool, patches: dict[str, str]
) -> Node:
    """The figure for one position. `near` is the limb side drawn in front (the working side;
    the other is drawn muted unless `both` sides work); `patches` maps body areas
    ("thigh.front", "chest" …) to a tint class."""
    front = view == "front"
    root = Node("trunk", rotate=joint_rotation("trunk", angle(position, "trunk")))
    far = "right" if near == "left" else "left"
    limbs = [
        Limbs(position, side, front=front, near=both or side == near, patches=patches)
        for side in (far, near)
    ]
    legs = [limb.leg() for limb in limbs]
    arms = [limb.arm() for limb in limbs]
    torso = _torso(front=front, patches=patches)
    head = _head(position, front=front, patches=patches)
    if front:
        root.items = [*legs, *torso, head, *arms]
    else:
        root.items = [legs[0], arms[0], *torso, head, legs[1], arms[1]]
    return root


@dataclass
class Limbs:
    """One side's arm and leg. A side that does not work is drawn muted and untinted."""

    position: dict[str, Any]
    side: str
    front: bool
    near: bool
    patches: dict[str, str]

    def rot(self, name: str) -> float:
        return joint_rotation(name, angle(self.position, name, self.side))

    def tint(self, area: str, shape: Shape, *, side_view_only: bool = False) -> list[Shape]:
        tint = self.patches.get(area)
        if tint is None or not self.near or (side_view_only and self.front):
            return []
        shape.css = tint
        return [shape]

    def wrap(self, node: Node) -> Node:
        css = "" if self.near else "pose-far"
        return Node("", mirror=self.front and self.side == "right", css=css, items=[node])

    def arm(self) -> Node:
        side, front = self.side, self.front
        hand = Node(
            f"{side}.wrist",
            at=(0.0, FOREARM),
            rotate=self.rot("wrist"),
            items=[Shape("capsule", [(0.0, 0.0), (0.0, HAND)], (4.2, 3.6))],
        )
        forearm = Node(
            f"{side}.elbow",
            at=(0.0, UPPER_ARM),
            rotate=self.rot("elbow"),
            items=[
                Shape("capsule", [(0.0, 0.0), (0.0, FOREARM)], (4.6, 3.4)),
                *self.tint("forearm", Shape("ellipse", [(0.0, 10.0)], (2.8, 8.0))),
                hand,
            ],
        )
        upper = Node(
            f"{side}.shoulder",
            at=(SHOULDER_HALF_WIDTH if front else 0.0, -TRUNK + SHOULDER_DROP),
            rotate=self.rot("shoulder"),
            items=[
                Shape("capsule", [(0.0, 0.0), (0.0, UPPER_ARM)], (6.0, 4.6)),
                *self.tint(
                    "arm.front", Shape("ellipse", [(0.0 if front else 2.0, 17.0)], (2.8, 8.0))
                ),
                *self.tint(
                    "arm.back", Shape("ellipse", [(-2.0, 15.0)], (2.8, 9.0)), side_view_only=True
                ),
                *self.tint("shoulder", Shape("circle", [(0.0, 3.5)], (5.5,))),
                forearm,
            ],
        )
        return self.wrap(upper)

    def leg(self) -> Node:
        side, front = self.side, self.front
        foot_shape = (
            Shape("capsule", [(-1.0, 2.5), (3.0, 3.5)], (4.6, 4.2))
            if front
            else Shape("capsule", [(-3.0, 2.5), (FOOT - 4.0, 4.0)], (4.2, 3.0))
        )
        foot = Node(f"{side}.ankle", at=(0.0, SHIN), rotate=self.rot("ankle"), items=[foot_shape])
        shin = Node(
            f"{side}.knee",
            at=(0.0, THIGH),
            rotate=self.rot("knee"),
            items=[
                Shape("capsule", [(0.0, 0.0), (0.0, SHIN)], (6.3, 3.6)),
                *self.tint(
                    "shin.back", Shape("ellipse", [(-2.0, 14.0)], (3.4, 9.5)), side_view_only=True
                ),
                foot,
            ],
        )
        inner, outer = (-2.5, 2.5) if front else (0.0, 0.0)
        thigh = Node(
            f"{side}.hip",
            at=(HIP_HALF_WIDTH if front else 0.0, 0.0),
            rotate=self.rot("hip"),
            items=[
                Shape("capsule", [(0.0, 0.0), (0.0, THIGH)], (8.6, 6.3)),
                *self.tint(
                    "thigh.front", Shape("ellipse", [(0.0 if front else 2.5, 22.0)], (4.0, 14.0))
                ),
                *self.tint(
                    "thigh.back",
                    Shape("ellipse", [(-3.0, 22.0)], (4.0, 14.0)),
                    side_view_only=True,
                ),
                *self.tint("thigh.inner", Shape("ellipse", [(inner, 16.0)], (3.4, 11.0))),
                *self.tint("thigh.outer", Shape("ellipse", [(outer, 14.0)], (3.4, 10.0))),
                shin,
            ],
        )
        return self.wrap(thigh)


# Outlines of the trunk (hip centre at 0,0; up is -y; front is +x).
SIDE_TORSO = [
    (8.0, 5.0),
    (9.5, -8.0),
    (8.5, -22.0),
    (11.0, -36.0),
    (9.0, -48.0),
    (3.5, -55.0),
    (-5.5, -55.0),
    (-10.5, -47.0),
    (-10.0, -32.0),
    (-8.0, -20.0),
    (-12.0, -6.0),
    (-11.5, 4.0),
    (-5.0, 9.0),
    (3.0, 9.0),
]
FRONT_TORSO_HALF = [
    (0.0, 9.0),
    (12.0, 8.0),
    (15.5, -4.0),
    (13.0, -22.0),
    (16.0, -40.0),
    (21.0, -49.0),
    (15.0, -55.0),
    (5.0, -56.0),
]
FRONT_TORSO = [*FRONT_TORSO_HALF[1:], *[(-x, y) for x, y in reversed(FRONT_TORSO_HALF[1:])]]

SIDE_TORSO_PATCHES = {
    "chest": ((7.0, -40.0), (3.8, 7.0)),
    "belly": ((5.5, -17.0), (3.5, 10.0)),
    "waist": ((0.5, -20.0), (5.0, 7.0)),
    "back.upper": ((-6.5, -38.0), (3.6, 9.0)),
    "back.top": ((-4.0, -50.0), (4.5, 3.5)),
    "back.lower": ((-5.5, -19.0), (3.2, 7.5)),
    "glutes": ((-6.5, 0.0), (5.0, 6.5)),
    "hip.front": ((5.0, 1.0), (3.5, 4.5)),
}
FRONT_TORSO_PATCHES = {
    "chest": ((0.0, -42.0), (12.0, 5.5)),
    "belly": ((0.0, -18.0), (6.0, 12.0)),
    "waist": ((0.0, -20.0), (11.5, 8.0)),
    "back.top": ((0.0, -52.0), (12.0, 3.0)),
    "hip.front": ((0.0, 2.0), (10.0, 4.0)),
}


def _torso(*, front: bool, patches: dict[str, str]) -> list[Shape]:
    shapes = [Shape("path", FRONT_TORSO if front else SIDE_TORSO)]
    for area, (centre, radii) in (FRONT_TORSO_PATCHES if front else SIDE_TORSO_PATCHES).items():
        if area in patches:
            shapes.append(Shape("ellipse", [centre], radii, css=patches[area]))
    return shapes


def _head(position: dict[str, Any], *, front: bool, patches: dict[str, str]) -> Node:
    items = [Shape("capsule", [(0.0, 0.0), (0.0, -NECK - 4.0)], (4.8, 4.4))]
    if "neck" in patches:
        items.append(Shape("ellipse", [(0.0, -5.0)], (3.0, 4.0), css=patches["neck"]))
    centre = (0.0 if front else 1.5, -NECK - HEAD_R + 2.0)
    items.append(Shape("circle", [centre], (HEAD_R,)))
    if not front:  # a nose, so the figure's facing reads at a glance
        items.append(Shape("circle", [(centre[0] + HEAD_R - 0.8, centre[1] + 2.0)], (2.0,)))
    return Node(
        "head",
        at=(0.0, -TRUNK),
        rotate=joint_rotation("head", angle(position, "head")),
        items=items,
    )


# --- Forward kinematics --------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]  # SVG's a b c d e f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def node_matrix(node: Node) -> Matrix:
    """translate(at) rotate(rotate) scale(mirror): the group's own transform."""
    rad = math.radians(node.rotate)
    cos, sin = math.cos(rad), math.sin(rad)
    sx = -1.0 if node.mirror else 1.0
    return (cos * sx, sin * sx, -sin, cos, node.at[0], node.at[1])


def apply(m: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def joint_positions(root: Node, base: Matrix = IDENTITY) -> dict[str, tuple[float, float]]:
    """Where each named joint lands, in the frame `base` maps to."""
    found: dict[str, tuple[float, float]] = {}

    def walk(node: Node, parent: Matrix) -> None:
        m = multiply(parent, node_matrix(node))
        if node.joint:
            found[node.joint] = apply(m, (0.0, 0.0))
        for item in node.items:
            if isinstance(item, Node):
                walk(item, m)

    walk(root, base)
    return found


def outline_points(root: Node, base: Matrix = IDENTITY) -> list[tuple[float, float]]:
    """Points on the outline of every body shape (not tints), for the figure's bounds."""
    points: list[tuple[float, float]] = []

    def walk(node: Node, parent: Matrix) -> None:
        m = multiply(parent, node_matrix(node))
        for item in node.items:
            if isinstance(item, Node):
                walk(item, m)
            elif item.css == "pose-body":
                points.extend(apply(m, p) for p in shape_outline(item))

    walk(root, base)
    return points


def shape_outline(shape: Shape) -> list[tuple[float, float]]:
    """Points around a shape (circles sampled every 30°), enough to bound it."""
    if shape.kind == "path":
        return list(shape.points)
    if shape.kind == "circle":
        return _circle(shape.points[0], shape.sizes[0])
    if shape.kind == "capsule":
        (a, b), (r1, r2) = shape.points, shape.sizes
        return _circle(a, r1) + _circle(b, r2)
    (cx, cy), (rx, ry) = shape.points[0], shape.sizes
    return [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in _steps()]


def _circle(centre: tuple[float, float], r: float) -> list[tuple[float, float]]:
    return [(centre[0] + r * math.cos(t), centre[1] + r * math.sin(t)) for t in _steps()]


def _steps() -> list[float]:
    return [math.radians(d) for d in range(0, 360, 15)]
