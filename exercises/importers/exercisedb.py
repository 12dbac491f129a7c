"""ExerciseDB (https://github.com/ExerciseDB/exercisedb-api): a JSON list. Parse and map only.

A record: `{"id": "0001", "name": "3/4 sit-up", "bodyPart": "waist", "target": "abs",
"secondaryMuscles": ["hip flexors", "lower back"], "equipment": "body weight",
"instructions": ["Lie flat on your back…", …], "gifUrl": "https://…/0001.gif"}`, optionally
with "description" (the summary), "difficulty", "category", "measurementType" ("reps", or
"time"/"hold" for a held position), "tags", "contraindicatedFor" and "baselineEffectiveness"
(read, not stored: Forge has no such measure). Names come lower-cased and are title-cased
here; a hold ("hold for 20-30 seconds", "each side") in the instructions becomes the
prescription, and ``contraindicatedFor`` becomes the areas it loads and a precautions text
(see exercises.importers.inference for the start position, partner and props).

Real files name several pieces of equipment in one value ("dumbbell, exercise ball") and add
notes in brackets ("assisted (towel)"): the first piece is the exercise's equipment, props
among the rest and in the brackets go to `record.props`, the other words to `record.notes`.
Every value missing from the tables below (and from the editors' source mappings, which
extend them) is reported, per record and field, in one go. Records arrive as drafts: editors
publish them once they have checked the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from exercises.importers.fields import mapped, parse_list, text
from exercises.importers.inference import (
    contraindications,
    needs_partner_from,
    prescription_from,
    props_from,
    review_note_for,
    start_position_from,
)
from exercises.importers.props import props_in
from exercises.importers.records import (
    ExerciseRecord,
    ImageRef,
    Prescription,
    RecordProblems,
)
from exercises.models import Status

SOURCE = "exercisedb"
SOURCE_URL = "https://github.com/ExerciseDB/exercisedb-api"
# ExerciseDB's data and animations are not public domain: editors check the terms of the copy
# they were given before publishing. A record's own "licence" value wins over this.
LICENCE = "ExerciseDB: check its terms of use before publishing"

# --- Mapping tables: ExerciseDB's words → Forge's slugs (None: known, but no Forge muscle) ---

BODY_PARTS = {
    "back": "back",
    "cardio": "full-body",
    "chest": "chest",
    "lower arms": "arms",
    "lower legs": "legs",
    "neck": "neck",
    "shoulders": "shoulders",
    "upper arms": "arms",
    "upper legs": "legs",
    "waist": "core",
}

TARGETS = {
    "abductors": "abductors",
    "abs": "abdominals",
    "adductors": "adductors",
    "biceps": "biceps",
    "calves": "calves",
    "cardiovascular system": None,  # a cardio drill: no one target muscle
    "delts": "shoulders",
    "forearms": "forearms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "lats",
    "levator scapulae": "neck",
    "pectorals": "chest",
    "quads": "quadriceps",
    "serratus anterior": "chest",
    "spine": "lower-back",
    "traps": "traps",
    "triceps": "triceps",
    "upper back": "middle-back",
}

# Secondary muscles are free text; lower-cased before lookup. Joints and body regions that
# name no muscle Forge lists map to None and are left out.
SECONDARY_MUSCLES = {
    **{name: slug for name, slug in TARGETS.items() if slug},
    "abdominals": "abdominals",
    "ankle stabilizers": None,
    "ankles": None,
    "back": "middle-back",
    "brachialis": "biceps",
    "chest": "chest",
    "core": "abdominals",
    "deltoids": "shoulders",
    "feet": None,
    "grip muscles": "forearms",
    "groin": "adductors",
    "hands": None,
    "hip flexors": "hip-flexors",
    "inner thighs": "adductors",
    "latissimus dorsi": "lats",
    "lower abs": "abdominals",
    "lower back": "lower-back",
    "neck": "neck",
    "obliques": "obliques",
    "quadriceps": "quadriceps",
    "rear deltoids": "shoulders",
    "rhomboids": "middle-back",
    "rotator cuff": "shoulders",
    "shins": None,
    "shoulders": "shoulders",
    "soleus": "calves",
    "sternocleidomastoid": "neck",
    "trapezius": "traps",
    "upper chest": "chest",
    "wrist extensors": "forearms",
    "wrist flexors": "forearms",
    "wrists": None,
}

EQUIPMENT = {
    "assisted": "machine",
    "band": "band",
    "barbell": "barbell",
    "bench": "bench",
    "body weight": "body-weight",
    "bosu ball": "other",
    "cable": "cable",
    "dumbbell": "dumbbell",
    "elliptical machine": "machine",
    "ez barbell": "e-z-bar",
    "hammer": "other",
    "kettlebell": "kettlebell",
    "leverage machine": "machine",
    "medicine ball": "medicine-ball",
    "olympic barbell": "barbell",
    "resistance band": "band",
    "roller": "foam-roller",
    "rope": "other",
    "skierg machine": "machine",
    "sled machine": "machine",
    "smith machine": "machine",
    "stability ball": "exercise-ball",
    "stationary bike": "machine",
    "stepmill machine": "machine",
    "tire": "other",
    "trap bar": "barbell",
    "upper body ergometer": "machine",
    "weighted": "other",
    "wheel roller": "other",
}

DIFFICULTIES = {
    "beginner": "beginner",
    "easy": "beginner",
    "novice": "beginner",
    "intermediate": "intermediate",
    "medium": "intermediate",
    "advanced": "advanced",
    "hard": "advanced",
    "expert": "advanced",
}

CATEGORIES = {
    "balance": "mobility",
    "cardio": "cardio",
    "flexibility": "stretching",
    "mobility": "mobility",
    "olympic weightlifting": "olympic-weightlifting",
    "plyometrics": "plyometrics",
    "powerlifting": "powerlifting",
    "rehabilitation": "mobility",  # gentle, controlled work: Forge's mobility
    "strength": "strength",
    "stretching": "stretching",
    "strongman": "strongman",
}

# measurementType: done for repetitions, or held for a time (None: neither, e.g. "distance").
MEASUREMENTS = {
    "reps": "reps",
    "rep": "reps",
    "repetitions": "reps",
    "time": "hold",
    "timed": "hold",
    "hold": "hold",
    "duration": "hold",
    "isometric": "hold",
    "distance": None,
}
# A hold the instructions do not time: a moderate default for editors to adjust.
DEFAULT_HOLD = Prescription(hold_seconds=30, hold_seconds_min=20, hold_seconds_max=45)

# The kinds of value editors may map (exercises.models.SourceMapping.Kind), and the tables
# each one extends: {kind: {source value: Forge slug}}.
Mappings = dict[str, dict[str, str]]


def tables(mappings: Mappings | None = None) -> dict[str, dict[str, str | None]]:
    """The mapping tables, extended (and overridden) by the editors' source mappings."""
    extra = mappings or {}
    muscles = extra.get("muscle", {})
    return {
        "body_part": {**BODY_PARTS, **extra.get("body_part", {})},
        "target": {**TARGETS, **muscles},
        "muscle": {**SECONDARY_MUSCLES, **muscles},
        "equipment": {**EQUIPMENT, **extra.get("equipment", {})},
        "category": {**CATEGORIES, **extra.get("category", {})},
    }


# --- Names ------------------------------------------------------------------------------------

SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with"}
UPPER_WORDS = {"ez": "EZ", "trx": "TRX", "bosu": "BOSU"}


def title_case(name: str) -> str:
    """“dumbbell one arm row (v. 2)” → “Dumbbell One Arm Row (V. 2)”; “sit-up” → “Sit-Up”."""
    words = " ".join(name.split()).split(" ")

    def one(word: str, first: bool) -> str:
        if word.lower() in UPPER_WORDS:
            return UPPER_WORDS[word.lower()]
        if not first and word.lower() in SMALL_WORDS:
            return word.lower()
        # Capitalise each letter run after a hyphen, slash or bracket: "sit-up", "(v."
        return re.sub(r"(^|[-/(])([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)

    return " ".join(one(word, i == 0) for i, word in enumerate(words))


# --- Prescriptions read from the instructions ---------------------------------------------------

_STEP_PREFIX = re.compile(r"^step\s*:?\s*\d+\s*[:.)-]?\s*", re.IGNORECASE)


# --- Parsing ---------------------------------------------------------------------------------


def parse(data: Any, *, mappings: Mappings | None = None) -> list[ExerciseRecord]:
    known = tables(mappings)
    return parse_list(
        data, lambda raw, index: parse_record(raw, index, known), label="an ExerciseDB"
    )


def _word(value: Any) -> Any:
    return " ".join(value.lower().split()) if isinstance(value, str) else value


def parse_record(
    raw: Any, index: int, known: dict[str, dict[str, str | None]] | None = None
) -> tuple[ExerciseRecord | None, RecordProblems]:
    known = known or tables()
    if not isinstance(raw, dict):
        p = RecordProblems(index)
        p.add("", "must be a JSON object.")
        return None, p
    ident = raw.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    p = RecordProblems(index, ident)
    if not isinstance(ident, str) or not ident.strip():
        p.add("id", "is required.")
        ident = ""
    name = text(raw, "name", p, required=True)
    body_part = mapped(_word(raw.get("bodyPart")), known["body_part"], p, "bodyPart")
    target = mapped(_word(raw.get("target")), known["target"], p, "target")
    equipment, props, notes = equipment_from(raw.get("equipment"), known["equipment"], p)
    difficulty = (
        mapped(_word(raw["difficulty"]), DIFFICULTIES, p, "difficulty")
        if raw.get("difficulty") is not None
        else "intermediate"  # not given: the middle level, for editors to adjust
    )
    tags = _texts(raw, "tags", p)
    contra_texts = _texts(raw, "contraindicatedFor", p)
    measurement = (
        mapped(_word(raw["measurementType"]), MEASUREMENTS, p, "measurementType")
        if raw.get("measurementType") is not None
        else ""
    )
    category = (
        mapped(_word(raw["category"]), known["category"], p, "category")
        if raw.get("category") is not None
        else _guess_category(name, body_part, tags, known["category"])
    )
    secondary_raw = raw.get("secondaryMuscles") or []
    if not isinstance(secondary_raw, list) or not all(isinstance(m, str) for m in secondary_raw):
        p.add("secondaryMuscles", "must be a list of texts.")
        secondary_raw = []
    secondary = [mapped(_word(m), known["muscle"], p, "secondaryMuscles") for m in secondary_raw]
    instructions = raw.get("instructions") or []
    if not isinstance(instructions, list) or not all(isinstance(s, str) for s in instructions):
        p.add("instructions", "must be a list of texts.")
        instructions = []
    gif_url = text(raw, "gifUrl", p)
    if gif_url and not gif_url.startswith(("http://", "https://")):
        p.add("gifUrl", f"{gif_url!r} is not an http(s) URL.")
    description = text(raw, "description", p)
    licence = text(raw, "licence", p) or LICENCE
    if p:
        return None, p

    name = title_case(name)
    steps = [_STEP_PREFIX.sub("", step).strip() for step in instructions]
    steps = [step for step in steps if step]
    targets = [target] if target else []
    secondary = [slug for slug in dict.fromkeys(secondary) if slug and slug not in targets]
    loads, precautions = contraindications(contra_texts)
    partner = needs_partner_from(name, steps)
    record = ExerciseRecord(
        name=name,
        summary=description or _summary(name, body_part, targets),
        body_part=body_part,
        equipment=equipment or "",  # set whenever the record has no problems
        category=category,
        difficulty=difficulty,
        target_muscles=targets,
        secondary_muscles=secondary,
        steps=steps,
        prescription=_prescription(steps, measurement),
        images=[ImageRef(file=gif_url, alt_text=f"{name}, demonstrated", is_main=True)]
        if gif_url
        else [],
        start_position=start_position_from(steps),
        loads=loads,
        needs_partner=partner,
        # Props named in the equipment value, then those the steps name.
        props=list(dict.fromkeys([*props, *props_from(name, steps, equipment or "")])),
        precautions=precautions,
        reviewed=False,
        review_note=review_note_for(
            name=name, category=category, steps=steps, needs_partner=partner
        ),
        status=Status.DRAFT,
        source=SOURCE,
        source_id=ident.strip(),
        source_url=SOURCE_URL,
        licence=licence,
        notes=notes,
        contraindications=contra_texts,
        tags=tags,
    )
    return record, p


_BRACKETS = re.compile(r"\(([^()]*)\)")


def equipment_from(
    value: Any, table: dict[str, str | None], p: RecordProblems
) -> tuple[str | None, list[str], list[str]]:
    """The equipment slug, props and notes of an equipment value.

    “dumbbell, exercise ball, tennis ball” → dumbbell, notes “also uses exercise ball, tennis
    ball”; “assisted (towel)” → body weight and the towel prop; “dumbbell (used as handles
    for deeper range)” → dumbbell and that note. Only the first piece must be known."""
    if not isinstance(value, str) or not value.strip():
        p.add("equipment", "is required." if not value else "must be text.")
        return None, [], []
    props: list[str] = []
    notes: list[str] = []
    also: list[str] = []
    main: str | None = None
    for position, part in enumerate(piece for piece in value.split(",") if piece.strip()):
        inside = " ".join(" ".join(_BRACKETS.findall(part)).split())
        base = _word(_BRACKETS.sub(" ", part).replace("(", " ").replace(")", " "))
        in_brackets = props_in(inside)
        props += in_brackets
        if inside and not in_brackets:
            notes.append(f"{base} {inside}" if base else inside)
        if position == 0:
            if base == "assisted" and in_brackets:
                main = "body-weight"  # assisted by a towel or a wall, not by a machine
            elif base not in table and props_in(base):
                main = "body-weight"
                props += props_in(base)
            else:
                main = mapped(base, table, p, "equipment")
        elif props_in(base):
            props += props_in(base)
        elif base and table.get(base) != main:
            also.append(base)
    if also:
        notes.append(f"also uses {', '.join(also)}")
    return main, list(dict.fromkeys(props)), notes


def _texts(raw: dict, key: str, p: RecordProblems) -> list[str]:
    """A list of texts, or one comma-separated text: ["knee injury", "pregnancy"]."""
    value = raw.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        p.add(key, "must be a list of texts.")
        return []
    return list(dict.fromkeys(" ".join(item.split()) for item in value if item.strip()))


def _prescription(steps: list[str], measurement: str | None) -> Prescription | None:
    """The hold the instructions give; a reps exercise keeps only "per side", and a timed one
    without a timed instruction gets DEFAULT_HOLD."""
    found = prescription_from(steps)
    per_side = bool(found and found.per_side)
    if measurement == "reps":
        return Prescription(per_side=True) if per_side else None
    if measurement == "hold" and (found is None or found.hold_seconds is None):
        return replace(DEFAULT_HOLD, per_side=per_side)
    return found


def _guess_category(
    name: str, body_part: str | None, tags: list[str], table: dict[str, str | None]
) -> str:
    for tag in tags:
        if table.get(tag.lower()):
            return str(table[tag.lower()])
    if "stretch" in name.lower():
        return "stretching"
    return "cardio" if body_part == "full-body" else "strength"


def _summary(name: str, body_part: str, targets: list[str]) -> str:
    worked = f", working mainly the {targets[0].replace('-', ' ')}" if targets else ""
    return f"{name} is an exercise for the {body_part.replace('-', ' ')}{worked}."
