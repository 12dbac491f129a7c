"""free-exercise-db (https://github.com/yuhonas/free-exercise-db, public domain). Parse only.

A JSON list of records such as
`{"id": "3_4_Sit-Up", "name": "3/4 Sit-Up", "force": "pull", "level": "beginner",
"mechanic": "compound", "equipment": "body only", "primaryMuscles": ["abdominals"],
"secondaryMuscles": [], "instructions": [...], "category": "strength",
"images": ["3_4_Sit-Up/0.jpg", "3_4_Sit-Up/1.jpg"]}`.
"""

from __future__ import annotations

from typing import Any

from exercises.importers.fields import choice, mapped, parse_list
from exercises.importers.inference import (
    needs_partner_from,
    prescription_from,
    props_from,
    review_note_for,
    start_position_from,
)
from exercises.importers.records import (
    ExerciseRecord,
    ImageRef,
    RecordProblems,
)
from exercises.models import Force, Mechanic, Status

SOURCE = "free-exercise-db"
SOURCE_URL = "https://github.com/yuhonas/free-exercise-db"
LICENCE = "Public domain (Unlicense)"

# free-exercise-db's vocabulary → Forge's slugs.
LEVELS = {"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"}
EQUIPMENT = {
    None: "body-weight",
    "body only": "body-weight",
    "machine": "machine",
    "dumbbell": "dumbbell",
    "barbell": "barbell",
    "kettlebells": "kettlebell",
    "cable": "cable",
    "bands": "band",
    "foam roll": "foam-roller",
    "exercise ball": "exercise-ball",
    "medicine ball": "medicine-ball",
    "e-z curl bar": "e-z-bar",
    "other": "other",
}
CATEGORIES = {
    "stretching": "stretching",
    "strength": "strength",
    "cardio": "cardio",
    "plyometrics": "plyometrics",
    "powerlifting": "powerlifting",
    "olympic weightlifting": "olympic-weightlifting",
    "strongman": "strongman",
}
MUSCLES = {
    "abdominals": "abdominals",
    "abductors": "abductors",
    "adductors": "adductors",
    "biceps": "biceps",
    "calves": "calves",
    "chest": "chest",
    "forearms": "forearms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "lats",
    "lower back": "lower-back",
    "middle back": "middle-back",
    "neck": "neck",
    "quadriceps": "quadriceps",
    "shoulders": "shoulders",
    "traps": "traps",
    "triceps": "triceps",
}
# The body part an exercise belongs to follows from its first primary muscle.
BODY_PART_OF_MUSCLE = {
    "abdominals": "core",
    "obliques": "core",
    "abductors": "legs",
    "adductors": "legs",
    "calves": "legs",
    "glutes": "legs",
    "hamstrings": "legs",
    "hip-flexors": "legs",
    "quadriceps": "legs",
    "biceps": "arms",
    "forearms": "arms",
    "triceps": "arms",
    "chest": "chest",
    "lats": "back",
    "lower-back": "back",
    "middle-back": "back",
    "traps": "back",
    "neck": "neck",
    "shoulders": "shoulders",
}
# free-exercise-db shows a start (0) and an end (1) position for each exercise.
IMAGE_POSITIONS = ["start position", "end position"]


def summary(name: str, level: str, category: str, body_part: str, muscles: list[str]) -> str:
    article = "an" if level[0] in "aeiou" else "a"
    worked = " and ".join(muscle.replace("-", " ") for muscle in muscles[:2])
    return (
        f"{name} is {article} {level} {category.replace('-', ' ')} exercise for the "
        f"{body_part.replace('-', ' ')}, working mainly the {worked}."
    )


def parse(data: Any) -> list[ExerciseRecord]:
    return parse_list(data, parse_record, label="a free-exercise-db")


def parse_record(raw: Any, index: int) -> tuple[ExerciseRecord | None, RecordProblems]:
    if not isinstance(raw, dict):
        p = RecordProblems(index)
        p.add("", "must be a JSON object.")
        return None, p
    ident = raw.get("id")
    p = RecordProblems(index, ident)
    source_id = ident.strip() if isinstance(ident, str) else ""
    if not source_id:
        p.add("id", "is required.")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        p.add("name", "is required.")
        name = ""
    level = mapped(raw.get("level"), LEVELS, p, "level")
    equipment = mapped(raw.get("equipment"), EQUIPMENT, p, "equipment")
    category = mapped(raw.get("category"), CATEGORIES, p, "category")
    primary = [mapped(m, MUSCLES, p, "primaryMuscles") for m in raw.get("primaryMuscles") or []]
    if not primary:
        p.add("primaryMuscles", "needs at least one muscle.")
    secondary = [
        mapped(m, MUSCLES, p, "secondaryMuscles")
        for m in raw.get("secondaryMuscles") or []
        if MUSCLES.get(m) not in primary
    ]
    instructions = raw.get("instructions") or []
    if not isinstance(instructions, list) or not all(isinstance(s, str) for s in instructions):
        p.add("instructions", "must be a list of texts.")
        instructions = []
    image_paths = raw.get("images") or []
    if not isinstance(image_paths, list) or not all(isinstance(s, str) for s in image_paths):
        p.add("images", "must be a list of file paths.")
        image_paths = []
    force = choice(raw.get("force") or "", ["", *Force.values], p, "force")
    mechanic = choice(raw.get("mechanic") or "", ["", *Mechanic.values], p, "mechanic")
    if p:
        return None, p

    body_part = BODY_PART_OF_MUSCLE[primary[0]]
    name = " ".join(name.split())
    images = [
        ImageRef(
            file=path,
            alt_text=f"{name}, {IMAGE_POSITIONS[i] if i < 2 else f'picture {i + 1}'}",
            is_main=i == 0,
        )
        for i, path in enumerate(image_paths)
    ]
    steps = [step.strip() for step in instructions if step.strip()]
    partner = needs_partner_from(name, steps)
    prescription = prescription_from(steps)
    if prescription is not None and prescription.hold_seconds is None and category != "stretching":
        prescription = None  # "each side" on rep work is said by the steps; no hold to keep
    record = ExerciseRecord(
        name=name,
        summary=summary(name, level, category, body_part, primary),
        body_part=body_part,
        equipment=equipment,
        category=category,
        difficulty=level,
        force=force,
        mechanic=mechanic,
        target_muscles=primary,
        secondary_muscles=list(dict.fromkeys(secondary)),
        steps=steps,
        prescription=prescription,
        images=images,
        start_position=start_position_from(steps),
        needs_partner=partner,
        props=props_from(name, steps, equipment),
        reviewed=False,
        review_note=review_note_for(
            name=name, category=category, steps=steps, needs_partner=partner
        ),
        status=Status.DRAFT,
        source=SOURCE,
        source_id=source_id,
        source_url=SOURCE_URL,
        licence=LICENCE,
    )
    return record, p
