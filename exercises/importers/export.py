"""Export: the whole catalogue as a forge-format document (docs/forge-format.md)."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

from exercises.importers.records import (
    FORGE_KEYS,
    ExerciseRecord,
    FAQEntry,
    ImageRef,
    Prescription,
    VariationRef,
)
from exercises.models import BodyPart, Category, Equipment, Exercise, Muscle, Taxonomy
from exercises.selectors import exercise_export_list

FORMAT_VERSION = 1
TAXONOMY_MODELS: dict[str, type[Taxonomy]] = {
    "body_parts": BodyPart,
    "muscles": Muscle,
    "equipment": Equipment,
    "categories": Category,
}


def exercise_to_record(exercise: Exercise) -> ExerciseRecord:
    """The record of one stored exercise (prefetched by exercise_export_list)."""
    prescription = None
    if exercise.is_timed or exercise.reps_per_side or exercise.per_side:
        prescription = Prescription(
            hold_seconds=exercise.hold_seconds,
            hold_seconds_min=exercise.hold_seconds_min,
            hold_seconds_max=exercise.hold_seconds_max,
            per_side=exercise.per_side,
            reps_per_side=exercise.reps_per_side,
        )
    return ExerciseRecord(
        slug=exercise.slug,
        name=exercise.name,
        summary=exercise.summary,
        aliases=exercise.alias_list,
        body_part=exercise.body_part.slug,
        equipment=exercise.equipment.slug,
        category=exercise.category.slug,
        difficulty=exercise.difficulty,
        force=exercise.force,
        mechanic=exercise.mechanic,
        target_muscles=[muscle.slug for muscle in exercise.target_muscles],
        secondary_muscles=[muscle.slug for muscle in exercise.secondary_muscles],
        steps=[step.text for step in exercise.steps.all()],
        tips=[tip.text for tip in exercise.tips.all()],
        mistakes=[mistake.text for mistake in exercise.mistakes.all()],
        faq=[FAQEntry(question=f.question, answer=f.answer) for f in exercise.faqs.all()],
        prescription=prescription,
        images=[
            ImageRef(
                file=image.image.name or "",
                alt_text=image.alt_text,
                is_main=image.is_main,
                role=image.role,
                credit=image.credit,
            )
            for image in exercise.images.all()
        ],
        variations=[
            VariationRef(slug=v.variation.slug, kind=v.kind) for v in exercise.variations.all()
        ],
        pose=exercise.pose,
        start_position=exercise.start_position,
        loads=[area.slug for area in exercise.loads.all()],
        needs_partner=exercise.needs_partner,
        props=[prop.slug for prop in exercise.props.all()],
        precautions=exercise.precautions,
        breathing=exercise.breathing,
        reviewed=exercise.reviewed,
        review_note=exercise.review_note,
        status=exercise.status,
        is_featured=exercise.is_featured,
        source=exercise.source,
        source_id=exercise.source_id,
        source_url=exercise.source_url,
        licence=exercise.licence,
    )


def record_to_json(record: ExerciseRecord) -> dict:
    data = asdict(record)
    return {key: data[key] for key in FORGE_KEYS}


def export_catalogue(*, path: Path, images_dir: Path | None = None) -> int:
    """Write the whole catalogue in the forge format; copy images into images_dir if given."""
    taxonomy = {
        kind: [
            {"slug": item.slug, "name": item.name, "description": item.description}
            for item in model._default_manager.order_by("slug")
        ]
        for kind, model in TAXONOMY_MODELS.items()
    }
    records = [exercise_to_record(exercise) for exercise in exercise_export_list()]
    if images_dir is not None:
        for record in records:
            for image in record.images:
                target = images_dir / image.file
                target.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(image.file, "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
    document = {
        "format": "forge",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "taxonomy": taxonomy,
        "exercises": [record_to_json(record) for record in records],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(records)
