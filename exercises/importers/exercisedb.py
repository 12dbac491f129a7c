"""ExerciseDB (https://github.com/ExerciseDB/exercisedb-api): a JSON list. Parse and map only.

A record: `{"id": "0001", "name": "3/4 sit-up", "bodyPart": "waist", "target": "abs",
"secondaryMuscles": ["hip flexors", "lower back"], "equipment": "body weight",
"instructions": ["Lie flat on your back…", …], "gifUrl": "https://…/0001.gif"}`, optionally
with "description", "difficulty" and "category". Names come lower-cased and are title-cased
here; a hold ("hold for 20-30 seconds", "each side") in the instructions becomes the
prescription, and ``contraindicatedFor`` becomes the areas it loads and a precautions text
(see exercises.importers.inference for the start position, partner and props). Every value
missing from the tables below is reported, per record and field, in one go. Records arrive
as drafts: editors publish them once they have checked the text.
"""

from __future__ import annotations

import re
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
from exercises.importers.records import (
    ExerciseRecord,
    ImageRef,
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

DIFFICULTIES = {"beginner": "beginner", "intermediate": "intermediate", "advanced": "advanced"}

CATEGORIES = {
    "balance": "mobility",
    "cardio": "cardio",
    "mobility": "mobility",
    "plyometrics": "plyometrics",
    "strength": "strength",
    "stretching": "stretching",
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


def parse(data: Any) -> list[ExerciseRecord]:
    return parse_list(data, parse_record, label="an ExerciseDB")


def _word(value: Any) -> Any:
    return " ".join(value.lower().split()) if isinstance(value, str) else value


def parse_record(raw: Any, index: int) -> tuple[ExerciseRecord | None, RecordProblems]:
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
    body_part = mapped(_word(raw.get("bodyPart")), BODY_PARTS, p, "bodyPart")
    target = mapped(_word(raw.get("target")), TARGETS, p, "target")
    equipment = mapped(_word(raw.get("equipment")), EQUIPMENT, p, "equipment")
    difficulty = (
        mapped(_word(raw["difficulty"]), DIFFICULTIES, p, "difficulty")
        if raw.get("difficulty") is not None
        else "intermediate"  # not given: the middle level, for editors to adjust
    )
    category = (
        mapped(_word(raw["category"]), CATEGORIES, p, "category")
        if raw.get("category") is not None
        else _guess_category(name, body_part)
    )
    secondary_raw = raw.get("secondaryMuscles") or []
    if not isinstance(secondary_raw, list) or not all(isinstance(m, str) for m in secondary_raw):
        p.add("secondaryMuscles", "must be a list of texts.")
        secondary_raw = []
    secondary = [mapped(_word(m), SECONDARY_MUSCLES, p, "secondaryMuscles") for m in secondary_raw]
    instructions = raw.get("instructions") or []
    if not isinstance(instructions, list) or not all(isinstance(s, str) for s in instructions):
        p.add("instructions", "must be a list of texts.")
        instructions = []
    gif_url = text(raw, "gifUrl", p)
    if gif_url and not gif_url.startswith(("http://", "https://")):
        p.add("gifUrl", f"{gif_url!r} is not an http(s) URL.")
    description = text(raw, "description", p)
    licence = text(raw, "licence", p) or LICENCE
    contra_raw = raw.get("contraindicatedFor") or []
    if not isinstance(contra_raw, list) or not all(isinstance(v, str) for v in contra_raw):
        p.add("contraindicatedFor", "must be a list of texts.")
        contra_raw = []
    if p:
        return None, p

    name = title_case(name)
    steps = [_STEP_PREFIX.sub("", step).strip() for step in instructions]
    steps = [step for step in steps if step]
    targets = [target] if target else []
    secondary = [slug for slug in dict.fromkeys(secondary) if slug and slug not in targets]
    loads, precautions = contraindications(contra_raw)
    partner = needs_partner_from(name, steps)
    record = ExerciseRecord(
        name=name,
        summary=description or _summary(name, body_part, targets),
        body_part=body_part,
        equipment=equipment,
        category=category,
        difficulty=difficulty,
        target_muscles=targets,
        secondary_muscles=secondary,
        steps=steps,
        prescription=prescription_from(steps),
        images=[ImageRef(file=gif_url, alt_text=f"{name}, demonstrated", is_main=True)]
        if gif_url
        else [],
        start_position=start_position_from(steps),
        loads=loads,
        needs_partner=partner,
        props=props_from(name, steps, equipment),
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
    )
    return record, p


def _guess_category(name: str, body_part: str | None) -> str:
    if "stretch" in name.lower():
        return "stretching"
    return "cardio" if body_part == "full-body" else "strength"


def _summary(name: str, body_part: str, targets: list[str]) -> str:
    worked = f", working mainly the {targets[0].replace('-', ' ')}" if targets else ""
    return f"{name} is an exercise for the {body_part.replace('-', ' ')}{worked}."
