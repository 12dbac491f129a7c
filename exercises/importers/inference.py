"""What another catalogue's text says about safety, read with plain patterns. Pure.

Used by the free-exercise-db and ExerciseDB importers: the hold and sides a step states
("hold for 20-30 seconds", "switch sides"), where the body starts ("lie on your back"), a
partner, props beyond the equipment (a bench, a bar, a wall, a chair, a towel…), ExerciseDB's
``contraindicatedFor`` as loads and precautions, and what an editor should check before
marking the page reviewed. Every guess is left for an editor: imports are never reviewed.
"""

from __future__ import annotations

import re

from exercises.importers.records import Prescription
from exercises.models import MAX_HOLD_SECONDS

_HOLD = re.compile(
    r"\bhold\b[^.;]*?\b(\d{1,4})(?:\s*(?:-|–|to)\s*(\d{1,4}))?\s*"
    r"(seconds?|secs?|s\b|minutes?|mins?)",
    re.IGNORECASE,
)
_PER_SIDE = re.compile(
    r"\b(each|per|the other|opposite) (side|leg|arm)\b|\bswitch (sides|legs|arms)\b"
    r"|\brepeat (?:on|with|for) the other\b|\bother side\b",
    re.IGNORECASE,
)


def prescription_from(steps: list[str]) -> Prescription | None:
    """The hold the steps give (“hold for 20-30 seconds”), and whether it is per side."""
    text = " ".join(steps)
    per_side = bool(_PER_SIDE.search(text))
    hold = _HOLD.search(text)
    if hold is None:
        return Prescription(per_side=True) if per_side else None
    low = int(hold.group(1))
    high = int(hold.group(2) or low)
    scale = 60 if hold.group(3).lower().startswith("m") else 1
    low, high = sorted((low * scale, high * scale))
    if not 1 <= low <= high <= MAX_HOLD_SECONDS:
        return Prescription(per_side=True) if per_side else None
    return Prescription(
        hold_seconds=(low + high) // 2,
        hold_seconds_min=low,
        hold_seconds_max=high,
        per_side=per_side,
    )


# Where the body starts: the earliest of these phrases in the first step that has one.
_POSITIONS = [
    ("hanging", r"\bhang(?:ing)? (?:from|onto|on to|with)\b|\bdead hang\b"),
    (
        "lying-back",
        r"\b(?:lie|lying|lay)\b[^.;]{0,30}\b(?:on (?:your|the) back|face ?up|supine)\b"
        r"|\bsupine\b|\bon your back\b",
    ),
    (
        "lying-front",
        r"\b(?:lie|lying|lay)\b[^.;]{0,30}\b"
        r"(?:face ?down|on (?:your|the) (?:stomach|belly|front))\b|\bprone\b|\bface down\b",
    ),
    ("lying-side", r"\b(?:lie|lying|lay)\b[^.;]{0,20}\bon (?:your|one|the) side\b"),
    ("all-fours", r"\b(?:on )?all fours\b|\bhands and knees\b|\bquadruped\b|\btabletop\b"),
    ("kneeling", r"\bkneel(?:ing|s)?\b|\bon (?:your|both|one) knees?\b"),
    (
        "seated",
        r"\bsit(?:s|ting)? (?:on|down|in|upright|tall|with|at|astride|facing|comfortably)\b"
        r"|\bseated\b|\bseat yourself\b",
    ),
    ("standing", r"\bstand(?:s|ing)?\b|\bupright\b"),
]  # fmt: skip
_POSITION_RES = [(slug, re.compile(pattern, re.IGNORECASE)) for slug, pattern in _POSITIONS]


def start_position_from(steps: list[str]) -> str:
    """The start position the first steps state, or "" when they do not say clearly."""
    for step in steps[:2]:
        found = [(m.start(), slug) for slug, rx in _POSITION_RES if (m := rx.search(step))]
        if found:
            return min(found)[1]
    return ""


# Another person doing part of it; a spotter advised for a heavy lift is not one.
_PARTNER = re.compile(r"\bpartner\b|\b(?:have|ask) someone\b", re.IGNORECASE)


def needs_partner_from(name: str, steps: list[str]) -> bool:
    """The name or the steps have another person do part of it ("your partner pushes…")."""
    return bool(_PARTNER.search(" ".join([name, *steps])))


# prop slug → pattern; the equipment that already is the prop (a barbell is the bar) skips it.
_PROPS = {
    "bench": (r"\bbench\b", {"bench"}),
    "bar": (r"\b(?:pull|chin)[- ]?up bar\b|\bhang(?:ing)? from (?:a|the) bar\b", set()),
    "wall": (r"\bwall\b", set()),
    "chair": (r"\bchair\b", set()),
    "towel": (r"\btowel\b", set()),
    "box": (r"\bbox\b|\bplatform\b", set()),
    "step": (r"\bstairs?\b|\b(?:a|the|onto a|on a) step\b(?! (?:forward|back|out|to))", set()),
    "strap": (r"\bstrap\b|\bbelt\b", set()),
    "ab-wheel": (r"\bab (?:wheel|roller)\b", set()),
    "doorway": (r"\bdoor(?:way|frame| frame)\b", set()),
    "cushion": (r"\bcushion\b|\bpillow\b", set()),
    "mat": (r"\bmat\b", set()),
}
_PROP_RES = {slug: (re.compile(p, re.IGNORECASE), skip) for slug, (p, skip) in _PROPS.items()}


def props_from(name: str, steps: list[str], equipment: str) -> list[str]:
    text = " ".join([name, *steps])
    return [
        slug for slug, (rx, skip) in _PROP_RES.items() if equipment not in skip and rx.search(text)
    ]


_JUMPS = re.compile(r"\bjump(?:s|ing)?\b|\bhop(?:s|ping)?\b|\bbound(?:s|ing)?\b|\bleap", re.I)


def review_note_for(*, name: str, category: str, steps: list[str], needs_partner: bool) -> str:
    """What an editor should check before marking the page reviewed ("" for nothing)."""
    notes = []
    if needs_partner:
        notes.append(
            "Needs a partner: check the steps, and whether Forge should keep a partner move."
        )
    if category in ("stretching", "mobility") and _JUMPS.search(" ".join([name, *steps])):
        notes.append(
            f"Filed as {category}, but its name or steps describe jumping: check the category "
            "(plyometrics?)."
        )
    return " ".join(notes)


# ExerciseDB's contraindications → the areas they concern.
_AREA_WORDS = [
    ("knees", r"\bknee"),
    (
        "lower-back",
        r"\b(?:lower|low)[- ]back\b|\blumbar\b|\bspine\b|\bspinal\b|\bdisc\b|\bback pain\b",
    ),
    ("neck", r"\bneck\b|\bcervical\b"),
    ("shoulders", r"\bshoulder|\brotator cuff\b"),
    ("wrists", r"\bwrist|\bcarpal\b"),
    ("elbows", r"\belbow|\btennis elbow\b"),
    ("hips", r"\bhip\b|\bhips\b"),
    ("ankles", r"\bankle|\bachilles\b"),
]  # fmt: skip
_AREA_RES = [(slug, re.compile(p, re.IGNORECASE)) for slug, p in _AREA_WORDS]


def contraindications(values: list[str]) -> tuple[list[str], str]:
    """(area slugs, a precautions sentence) from a list such as ["knee injury", "pregnancy"]."""
    values = [" ".join(v.split()) for v in values if isinstance(v, str) and v.strip()]
    areas = [slug for slug, rx in _AREA_RES if any(rx.search(v) for v in values)]
    if not values:
        return [], ""
    listed = "; ".join(values)
    return areas, (
        f"The source advises against this exercise with: {listed}. If any of these applies "
        "to you, ask a health professional before trying it, and stop if it hurts."
    )
