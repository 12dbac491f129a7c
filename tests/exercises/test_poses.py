"""The drawn poses (exercises.poses): the data's checks, the figure's geometry, the SVG."""

import json
import math
import re
from pathlib import Path

import pytest

from exercises.poses import figure, schema, svg

STARTER_POSES = Path(__file__).resolve().parents[2] / "exercises" / "data" / "starter_poses.json"
STANDING = {"base": "standing", "side": "both", "start": {}, "end": {}}


def pose(start=None, end=None, **top):
    return {**STANDING, **top, "start": start or {}, "end": end or {}}


def distance(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


# --- Validation ----------------------------------------------------------------------------


def test_a_complete_pose_and_an_all_default_pose_are_valid():
    full = pose(
        view="front",
        start={"trunk": 10, "head": -5, "left": {"knee": 90.5}, "right": {"ankle": -20}},
        end={"left": {"shoulder": 180, "elbow": 0, "wrist": 0, "hip": 0, "knee": 0, "ankle": 0}},
    )
    assert schema.pose_problems(full) == []
    assert schema.pose_problems(STANDING) == []


def test_every_problem_is_named_by_its_path():
    bad = {
        "view": "top",
        "base": "flying",
        "side": "left",
        "start": {"trunk": 200, "left": {"knee": -5, "toe": 3}, "tail": 1},
        "end": {"right": {"elbow": "90"}},
        "colour": "red",
    }
    assert schema.pose_problems(bad) == [
        ("colour", "unknown key; expected view, base, side, start, end."),
        ("view", "must be one of side, front."),
        ("base", f"must be one of {', '.join(schema.BASES)}."),
        ("start.trunk", "must be between -180 and 180 degrees."),
        ("start.left.knee", "must be between 0 and 165 degrees."),
        ("start.left.toe", "unknown joint; expected shoulder, elbow, wrist, hip, knee, ankle."),
        ("start.tail", "unknown key; expected trunk, head, left, right."),
        ("end.right.elbow", "must be a number of degrees."),
    ]


def test_missing_positions_a_missing_side_and_booleans_are_refused():
    assert schema.pose_problems({"base": "standing", "start": {"head": True}}) == [
        ("side", "must be one of both, left, right."),
        ("start.head", "must be a number of degrees."),
        ("end", "must be an object of joint angles (it may be empty: {})."),
    ]
    assert schema.pose_problems([1, 2]) == [
        ("", "must be an object with view, base, side, start and end.")
    ]


# --- Geometry ------------------------------------------------------------------------------


def test_standing_figure_hangs_each_segment_straight_down_at_its_length():
    joints = svg.world_joints(STANDING, "start")
    hip, knee, ankle = joints["left.hip"], joints["left.knee"], joints["left.ankle"]
    assert knee[0] == pytest.approx(hip[0]) and ankle[0] == pytest.approx(hip[0])
    assert knee[1] - hip[1] == pytest.approx(figure.THIGH)
    assert ankle[1] - knee[1] == pytest.approx(figure.SHIN)
    shoulder, elbow = joints["left.shoulder"], joints["left.elbow"]
    assert elbow == pytest.approx((shoulder[0], shoulder[1] + figure.UPPER_ARM))
    # The neck sits straight above the hip, a trunk's length up.
    assert joints["head"] == pytest.approx((hip[0], hip[1] - figure.TRUNK))


def test_known_angles_give_known_coordinates():
    arms_forward = pose(start={"left": {"shoulder": 90, "elbow": 90}})
    joints = svg.world_joints(arms_forward, "start")
    shoulder, elbow, wrist = joints["left.shoulder"], joints["left.elbow"], joints["left.wrist"]
    # Shoulder at 90: the upper arm points forward (+x, the way the figure faces).
    assert elbow == pytest.approx((shoulder[0] + figure.UPPER_ARM, shoulder[1]))
    # Elbow at 90 on top: the forearm points up.
    assert wrist == pytest.approx((elbow[0], elbow[1] - figure.FOREARM))

    lying = pose(start={"trunk": -90}, base="lying-back")
    joints = svg.world_joints(lying, "start")
    # Face up: the head end lies behind the hip, at the same height; the legs run forward.
    assert joints["head"] == pytest.approx((joints["trunk"][0] - figure.TRUNK, joints["trunk"][1]))
    assert joints["left.knee"][0] - joints["left.hip"][0] == pytest.approx(figure.THIGH)


def test_the_right_side_working_mirrors_the_figure_to_face_left():
    right = pose(side="right", start={"right": {"shoulder": 90}})
    joints = svg.world_joints(right, "start")
    assert joints["right.elbow"][0] == pytest.approx(joints["right.shoulder"][0] - figure.UPPER_ARM)


@pytest.mark.parametrize("slug", sorted(json.loads(STARTER_POSES.read_text())))
def test_every_starter_pose_keeps_its_limb_lengths_and_fits_the_view_box(slug):
    data = json.loads(STARTER_POSES.read_text())[slug]
    assert schema.pose_problems(data) == []
    trees = svg.figures(data, {})
    place = svg.layout(data, trees)
    for position in schema.POSITIONS:
        joints = svg.world_joints(data, position)
        s = place.scale
        for side in schema.LIMB_SIDES:
            pairs = [
                ("shoulder", "elbow", figure.UPPER_ARM),
                ("elbow", "wrist", figure.FOREARM),
                ("hip", "knee", figure.THIGH),
                ("knee", "ankle", figure.SHIN),
            ]
            for a, b, length in pairs:
                got = distance(joints[f"{side}.{a}"], joints[f"{side}.{b}"])
                assert got == pytest.approx(length * s), (position, side, a, b)
        points = figure.outline_points(trees[position], place.matrix(position))
        assert all(0 <= x <= svg.SIZE and 0 <= y <= svg.FLOOR_Y + 0.01 for x, y in points)
        lowest = max(y for _, y in points)
        if data["base"] in svg.BENCH_BASES:  # on the seat, or on the floor if the legs reach it
            seat = max(y for _, y in figure_torso(trees[position], place.matrix(position)))
            seat_height = svg.FLOOR_Y - svg.BENCH_HEIGHT * place.scale
            assert lowest == pytest.approx(svg.FLOOR_Y, abs=0.05) or seat == pytest.approx(
                seat_height, abs=0.05
            )
        elif data["base"] != "hanging":  # standing, kneeling, lying: on the floor
            assert lowest == pytest.approx(svg.FLOOR_Y, abs=0.05)


def figure_torso(tree, matrix):
    return [figure.apply(matrix, p) for p in svg.torso_points(tree)]


# --- SVG -----------------------------------------------------------------------------------


def test_output_is_deterministic_and_accessible():
    squat = pose(end={"trunk": 35, "left": {"hip": 115, "knee": 120}})
    first = svg.render(squat, position="end", label="Drawing of the <Squat>", targets=["glutes"])
    assert first == svg.render(
        squat, position="end", label="Drawing of the <Squat>", targets=["glutes"]
    )
    assert first.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="pose-svg ')
    assert 'role="img" aria-label="Drawing of the &lt;Squat&gt;"' in first
    assert "<title>Drawing of the &lt;Squat&gt;</title>" in first
    assert "<desc>End position, standing.</desc>" in first
    assert "style=" not in first  # the CSP allows no inline styles


def test_target_and_secondary_muscles_are_tinted_and_only_the_working_side_is():
    drawn = svg.render(
        pose(side="left"),
        position="start",
        label="x",
        targets=["quadriceps"],
        secondaries=["abdominals"],
    )
    # The thigh's front on the working (left) leg only; the belly once, lightly.
    assert drawn.count('class="pose-target"') == 1
    assert drawn.count('class="pose-secondary"') == 1
    assert drawn.count('class="pose-far"') == 2  # the resting arm and leg
    both = svg.render(pose(), position="start", label="x", targets=["quadriceps"])
    assert both.count('class="pose-target"') == 2 and 'class="pose-far"' not in both


def test_every_joint_group_carries_what_the_player_needs_to_turn_it():
    drawn = svg.render(pose(base="seated-bench"), position="start", label="x")
    joints = re.findall(r'data-joint="([a-z.]+)"', drawn)
    assert sorted(joints) == sorted(
        ["trunk", "head"] + [f"{s}.{j.name}" for s in ("left", "right") for j in schema.LIMB_JOINTS]
    )
    assert 'data-ground="bench"' in drawn and '<rect class="pose-prop"' in drawn
