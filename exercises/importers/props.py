"""Props: what an exercise uses beyond its one piece of equipment (a towel, a wall, a chair).

Sources name them inside the equipment value ("assisted (towel)", "dumbbell, exercise ball");
the adapters put the prop slugs on `ExerciseRecord.props` and the rest of those words on
`ExerciseRecord.notes`.

The loader writes `record.props` to the exercise's props (the Prop vocabulary) and turns the
notes into tips (`notes_as_tips`).
"""

from __future__ import annotations

import re

from exercises.importers.records import ExerciseRecord

# A source's words for a prop, lower-cased.
PROP_WORDS = {
    "wall": "wall",
    "chair": "chair",
    "step": "step",
    "stair": "step",
    "stairs": "step",
    "bar": "bar",
    "pull-up bar": "bar",
    "pull up bar": "bar",
    "bench": "bench",
    "box": "box",
    "plyo box": "box",
    "towel": "towel",
    "strap": "strap",
    "yoga strap": "strap",
    "mat": "mat",
    "yoga mat": "mat",
    "cushion": "cushion",
    "pillow": "cushion",
    "doorway": "doorway",
    "door": "doorway",
    "door frame": "doorway",
    "ab wheel": "ab-wheel",
    "wheel roller": "ab-wheel",
}
_WORD = re.compile("|".join(sorted((re.escape(w) for w in PROP_WORDS), key=len, reverse=True)))


def props_in(text: str) -> list[str]:
    """The prop slugs a phrase names, in order: “with a towel against the wall” → towel, wall."""
    found = [PROP_WORDS[m.group(0)] for m in _WORD.finditer(text.lower()) if _whole(m, text)]
    return list(dict.fromkeys(found))


def _whole(match: re.Match, text: str) -> bool:
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def notes_as_tips(record: ExerciseRecord) -> list[str]:
    """The record's equipment notes (“also uses exercise ball”) as tips: Forge keeps no other
    field for them."""
    return [
        note[0].upper() + note[1:] + ("" if note.endswith(".") else ".") for note in record.notes
    ]
