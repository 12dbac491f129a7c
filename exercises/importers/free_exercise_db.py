"""free-exercise-db (https://github.com/yuhonas/free-exercise-db, public domain). Parse only.

A JSON list of records such as
`{"id": "3_4_Sit-Up", "name": "3/4 Sit-Up", "force": "pull", "level": "beginner",
"mechanic": "compound", "equipment": "body only", "primaryMuscles": ["abdominals"],
"secondaryMuscles": [], "instructions": [...], "category": "strength",
"images": ["3_4_Sit-Up/0.jpg", "3_4_Sit-Up/1.jpg"]}`.
"""

from __future__ import annotations

import re
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
IMAGE_ROLES = ["start", "end"]
IMAGE_CREDIT = "free-exercise-db contributors, public domain (Unlicense)"
ALT_TEXT_LIMIT = 200


def summary(name: str, level: str, category: str, body_part: str, muscles: list[str]) -> str:
    article = "an" if level[0] in "aeiou" else "a"
    worked = " and ".join(muscle.replace("-", " ") for muscle in muscles[:2])
    return (
        f"{name} is {article} {level} {category.replace('-', ' ')} exercise for the "
        f"{body_part.replace('-', ' ')}, working mainly the {worked}."
    )


def _sentence(text: str) -> str:
    """The first sentence of an instruction that says what the body does (not "This is a
    three-part stretch."), lower-cased at the start, without its full stop."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    first = next((s for s in sentences if not _NOT_A_POSITION.match(s)), sentences[0])
    first = first.rstrip(".!? ")
    first = _LEAD_IN.sub("", first) or first
    return first[:1].lower() + first[1:] if first[1:2].islower() or len(first) < 2 else first


# Sentences about the exercise rather than the body's position.
_NOT_A_POSITION = re.compile(
    r"^(this is|this exercise|you (may|can|will)|note|there (is|are)|lacking"
    r"|(for|to perform) this (exercise|movement))\b",
    re.IGNORECASE,
)
# Words that open an instruction but say nothing about the position shown.
_LEAD_IN = re.compile(r"^(now|then|next|to begin|begin by|finally|slowly)\b,?\s*", re.IGNORECASE)


def _fit(text: str, limit: int = ALT_TEXT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def alt_texts(name: str, instructions: list[str], equipment: str) -> list[str]:
    """What the start and the end picture show, in words from the record's instructions: the
    position it begins in, then the movement that leads to the end position. A record with no
    instructions says what it can (the exercise and its equipment)."""
    steps = [step for step in (s.strip() for s in instructions) if step]
    if not steps:
        kit = "" if equipment == "body-weight" else f" with a {equipment.replace('-', ' ')}"
        return [f"{name}{kit}: start position", f"{name}{kit}: end position"]
    setup = next((i for i, step in enumerate(steps) if "starting position" in step.lower()), 0)
    movement = steps[setup + 1] if setup + 1 < len(steps) else steps[-1]
    return [
        _fit(f"{name}, start position: {_sentence(steps[0])}."),
        _fit(f"{name}, end position: {_sentence(movement)}."),
    ]


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
    steps = [step.strip() for step in instructions if step.strip()]
    alts = alt_texts(name, steps, equipment)
    images = [
        ImageRef(
            file=path,
            alt_text=alts[i] if i < 2 else f"{name}, picture {i + 1}",
            is_main=i == 0,
            role=IMAGE_ROLES[i] if i < 2 else "other",
            credit=IMAGE_CREDIT,
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
