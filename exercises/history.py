"""Reading an exercise's history (django-reversion): its versions, each version's content as
an editor sees it, and a readable difference between two versions.

A revision may hold several exercises (older bulk actions did); everything here looks only at
the one exercise asked about and its own parts.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from reversion.models import Version

from exercises.models import (
    EXERCISE_PARTS,
    BodyPart,
    Category,
    Difficulty,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    Force,
    Mechanic,
    Muscle,
    Status,
)

CURRENT = "current"


def exercise_versions(*, exercise: Exercise) -> QuerySet[Version]:
    """The exercise's recorded versions, newest first, with who made them (one query)."""
    return (
        Version.objects.get_for_object(exercise)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def exercise_part_versions(version: Version) -> list[Version]:
    """The versions of the exercise's own parts stored in the same revision."""
    part_models = set(EXERCISE_PARTS.values())
    parts = []
    for candidate in version.revision.version_set.select_related("content_type"):
        model = candidate.content_type.model_class()
        if model in part_models and str(candidate.field_dict["exercise_id"]) == version.object_id:
            parts.append(candidate)
    return parts


# --- What a version says, as an editor reads it ------------------------------------------------


@dataclass
class Snapshot:
    """Labelled texts and lists, in the order of the change form."""

    texts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)


def snapshot_of_version(version: Version) -> Snapshot:
    fields = version.field_dict
    rows: dict[type[Model], list[dict[str, Any]]] = {model: [] for model in EXERCISE_PARTS.values()}
    for part in exercise_part_versions(version):
        rows[part.content_type.model_class()].append(part.field_dict)
    return _snapshot(fields, rows)


def snapshot_of_exercise(exercise: Exercise) -> Snapshot:
    fields = {f.attname: getattr(exercise, f.attname) for f in Exercise._meta.concrete_fields}
    rows = {
        model: [
            {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
            for obj in model._default_manager.filter(exercise=exercise)
        ]
        for model in EXERCISE_PARTS.values()
    }
    return _snapshot(fields, rows)


def _snapshot(fields: dict[str, Any], rows: dict[type[Model], list[dict[str, Any]]]) -> Snapshot:
    def name_of(model, pk):
        item = model.objects.filter(pk=pk).only("name").first()
        return item.name if item else f"(deleted {model._meta.verbose_name} #{pk})"

    def ordered(model):
        return sorted(rows[model], key=lambda row: (row.get("position", 0), row["id"]))

    muscle_names = dict(
        Muscle.objects.filter(pk__in=[r["muscle_id"] for r in rows[ExerciseMuscle]]).values_list(
            "pk", "name"
        )
    )
    variation_names = dict(
        Exercise.objects.filter(
            pk__in=[r["variation_id"] for r in rows[ExerciseVariation]]
        ).values_list("pk", "name")
    )
    roles = dict(ExerciseMuscle.Role.choices)
    kinds = dict(ExerciseVariation.Kind.choices)
    texts = {
        "Name": fields["name"],
        "Slug": fields["slug"],
        "Status": dict(Status.choices).get(fields["status"], fields["status"]),
        "Featured on the home page": "yes" if fields["is_featured"] else "no",
        # Browsers send line breaks as CRLF; a save that only changed those changed nothing.
        "Quick answer": fields["summary"].replace("\r\n", "\n"),
        "Body part": name_of(BodyPart, fields["body_part_id"]),
        "Equipment": name_of(Equipment, fields["equipment_id"]),
        "Category": name_of(Category, fields["category_id"]),
        "Difficulty": dict(Difficulty.choices).get(fields["difficulty"], fields["difficulty"]),
        "Force": dict(Force.choices).get(fields["force"], "—"),
        "Mechanic": dict(Mechanic.choices).get(fields["mechanic"], "—"),
        "Prescription": _prescription(fields),
        "Source and licence": " · ".join(
            part
            for part in (
                fields["source"],
                fields["source_id"],
                fields["source_url"],
                fields["licence"],
            )
            if part
        ),
    }
    lists = {
        "Aliases": [line.strip() for line in fields["aliases"].splitlines() if line.strip()],
        "Muscles worked": [
            f"{muscle_names.get(r['muscle_id'], '(deleted muscle)')} ({roles[r['role']].lower()})"
            for r in sorted(rows[ExerciseMuscle], key=lambda r: (r["role"], r["muscle_id"]))
        ],
        "Steps": [r["text"] for r in ordered(ExerciseStep)],
        "Pro tips": [r["text"] for r in ordered(ExerciseTip)],
        "Common mistakes": [r["text"] for r in ordered(ExerciseMistake)],
        "FAQ": [f"{r['question']} — {r['answer']}" for r in ordered(ExerciseFAQ)],
        "Images": [
            f"{r['alt_text']} ({r['image']}{', main' if r['is_main'] else ''})"
            for r in ordered(ExerciseImage)
        ],
        "Variations": [
            f"{kinds.get(r['kind'], r['kind'])}: "
            f"{variation_names.get(r['variation_id'], '(deleted exercise)')}"
            for r in sorted(rows[ExerciseVariation], key=lambda r: (r["kind"], r["variation_id"]))
        ],
    }
    return Snapshot(texts=texts, lists=lists)


def _prescription(fields: dict) -> str:
    parts = []
    if fields["hold_seconds"] is not None:
        parts.append(
            f"hold {fields['hold_seconds']} s "
            f"({fields['hold_seconds_min']}–{fields['hold_seconds_max']} s)"
        )
    if fields["reps_per_side"]:
        parts.append(f"{fields['reps_per_side']} reps")
    if fields["per_side"]:
        parts.append("each side")
    return ", ".join(parts) or "—"


# --- Differences ---------------------------------------------------------------------------------


@dataclass
class Change:
    """One changed section: `segments` (for texts) or `lines` (for lists) of (op, text), where
    op is "=" (kept), "-" (removed) or "+" (added)."""

    label: str
    segments: list[tuple[str, str]] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)


def snapshot_diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """What changed from old to new, section by section; unchanged sections are left out."""
    changes = []
    for label, before in old.texts.items():
        after = new.texts[label]
        if before != after:
            changes.append(Change(label, segments=_word_diff(before, after)))
    for label, lines_before in old.lists.items():
        lines_after = new.lists[label]
        if lines_before != lines_after:
            changes.append(Change(label, lines=_line_diff(lines_before, lines_after)))
    return changes


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(" "), after.split(" ")
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("+", " ".join(b[j1:j2])))
    return segments


def _line_diff(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    ops = {"  ": "=", "- ": "-", "+ ": "+"}
    return [
        (ops[line[:2]], line[2:])
        for line in difflib.ndiff(before, after)
        if line[:2] in ops  # "? " lines are ndiff's hints, not content
    ]
