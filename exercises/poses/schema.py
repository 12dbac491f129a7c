"""The pose data of an exercise drawn without a photo: what it holds and how it is checked.

Pure: no database, no Django. docs/poses.md describes the format for editors and importers.

A pose is a JSON object::

    {"view": "side", "base": "standing", "side": "left",
     "start": {"trunk": 0, "head": 0,
               "left": {"shoulder": 0, "elbow": 0, "wrist": 0, "hip": 0, "knee": 0, "ankle": 0},
               "right": {...}},
     "end": {...}}

Angles are whole or decimal degrees; every one is optional and 0 when left out, so 0
everywhere is a person standing upright with the arms hanging.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VIEWS = ("side", "front")
# How the figure meets the floor, and which prop (bench, bar) is drawn with it.
BASES = (
    "standing",
    "kneeling",
    "all-fours",
    "seated",
    "seated-bench",
    "lying-back",
    "lying-front",
    "lying-side",
    "lying-bench",
    "hanging",
)
SIDES = ("both", "left", "right")
POSITIONS = ("start", "end")
LIMB_SIDES = ("left", "right")


@dataclass(frozen=True)
class Joint:
    name: str
    low: float
    high: float
    meaning: str


# The range of each angle, and what a positive number means (shown to editors as help).
BODY_JOINTS = (
    Joint("trunk", -180, 180, "trunk from upright; + leans forward, 90 face-down, -90 face-up"),
    Joint("head", -70, 70, "head against the trunk; + chin down, - looks up"),
)
LIMB_JOINTS = (
    Joint("shoulder", -100, 200, "arm from hanging; 90 points forward, 180 overhead"),
    Joint("elbow", 0, 165, "elbow bend; 0 straight"),
    Joint("wrist", -90, 90, "wrist; + bends the palm forward"),
    Joint("hip", -80, 180, "thigh from in line with the trunk; 90 thigh forward (seated)"),
    Joint("knee", 0, 165, "knee bend; 0 straight"),
    Joint("ankle", -70, 45, "foot; 0 at a right angle to the shin, - points the toes"),
)
BODY_JOINT_NAMES = tuple(joint.name for joint in BODY_JOINTS)
ALL_JOINTS = {joint.name: joint for joint in (*BODY_JOINTS, *LIMB_JOINTS)}
TOP_KEYS = ("view", "base", "side", *POSITIONS)
POSITION_KEYS = (*(joint.name for joint in BODY_JOINTS), *LIMB_SIDES)


def pose_problems(value: Any) -> list[tuple[str, str]]:
    """Every problem of a pose as (path, message); an empty list means it is valid."""
    problems: list[tuple[str, str]] = []
    if not isinstance(value, dict):
        return [("", "must be an object with view, base, side, start and end.")]
    for key in value:
        if key not in TOP_KEYS:
            problems.append((str(key), f"unknown key; expected {', '.join(TOP_KEYS)}."))
    for key, allowed in (("view", VIEWS), ("base", BASES), ("side", SIDES)):
        if key == "view" and key not in value:
            continue  # the side view is the default
        if value.get(key) not in allowed:
            problems.append((key, f"must be one of {', '.join(allowed)}."))
    for position in POSITIONS:
        problems.extend(_position_problems(value.get(position), position))
    return problems


def _position_problems(position: Any, path: str) -> list[tuple[str, str]]:
    if not isinstance(position, dict):
        return [(path, "must be an object of joint angles (it may be empty: {}).")]
    problems = []
    for key, angle in position.items():
        if key in LIMB_SIDES:
            problems.extend(_limbs_problems(angle, f"{path}.{key}"))
        elif key in BODY_JOINT_NAMES:
            problems.extend(_angle_problems(angle, ALL_JOINTS[key], f"{path}.{key}"))
        else:
            problems.append((f"{path}.{key}", f"unknown key; expected {', '.join(POSITION_KEYS)}."))
    return problems


def _limbs_problems(limbs: Any, path: str) -> list[tuple[str, str]]:
    if not isinstance(limbs, dict):
        return [(path, "must be an object of joint angles.")]
    problems = []
    names = [joint.name for joint in LIMB_JOINTS]
    for key, angle in limbs.items():
        if key in names:
            problems.extend(_angle_problems(angle, ALL_JOINTS[key], f"{path}.{key}"))
        else:
            problems.append((f"{path}.{key}", f"unknown joint; expected {', '.join(names)}."))
    return problems


def _angle_problems(angle: Any, joint: Joint, path: str) -> list[tuple[str, str]]:
    if isinstance(angle, bool) or not isinstance(angle, int | float):
        return [(path, "must be a number of degrees.")]
    if not joint.low <= angle <= joint.high:
        return [(path, f"must be between {joint.low:g} and {joint.high:g} degrees.")]
    return []


def angle(position: dict[str, Any], name: str, limb_side: str | None = None) -> float:
    """One angle of a valid position, 0 when left out."""
    source = position.get(limb_side, {}) if limb_side else position
    return float(source.get(name, 0))


def interpolate(start: dict[str, Any], end: dict[str, Any], t: float) -> dict[str, Any]:
    """The position a fraction t of the way from start to end (what the player animates)."""
    blended: dict[str, Any] = {}
    for joint in BODY_JOINTS:
        blended[joint.name] = _mix(angle(start, joint.name), angle(end, joint.name), t)
    for side in LIMB_SIDES:
        blended[side] = {
            joint.name: _mix(angle(start, joint.name, side), angle(end, joint.name, side), t)
            for joint in LIMB_JOINTS
        }
    return blended


def _mix(a: float, b: float, t: float) -> float:
    return a + (b - a) * t
