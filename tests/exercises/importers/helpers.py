"""Shared pieces of the importer tests: a valid forge record, files, and a database snapshot."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from exercises.importers import exercise_to_record
from exercises.models import BodyPart
from exercises.selectors import exercise_export_list

SHARED = Path(__file__).resolve().parents[4] / "shared" / "datasets" / "free-exercise-db"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The smallest GIF: one white pixel.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def forge_record(**overrides) -> dict:
    record = {
        "slug": "lying-glutes-stretch",
        "name": "Lying Glutes Stretch",
        "summary": "A gentle stretch for the glutes, done lying on your back.",
        "aliases": ["Figure-four stretch"],
        "body_part": "legs",
        "equipment": "machine",
        "category": "stretching",
        "difficulty": "beginner",
        "force": "static",
        "mechanic": "",
        "target_muscles": ["glutes"],
        "secondary_muscles": ["hamstrings"],
        "steps": ["Lie down.", "Cross an ankle.", "Draw the thigh in.", "Hold, then switch."],
        "tips": ["Breathe.", "Relax the neck.", "Go slowly."],
        "mistakes": ["Bouncing.", "Holding your breath.", "Lifting the head."],
        "faq": [{"question": "How long?", "answer": "20 to 60 seconds a side."}],
        "prescription": {
            "hold_seconds": 30,
            "hold_seconds_min": 20,
            "hold_seconds_max": 60,
            "per_side": True,
            "reps_per_side": 1,
        },
        "images": [],
        "variations": [],
        "pose": None,
        "start_position": "lying-back",
        "loads": ["hips"],
        "needs_partner": False,
        "props": ["mat"],
        "precautions": "Ease off if the knee or hip pinches.",
        "breathing": "Breathe out as you settle deeper.",
        "reviewed": True,
        "review_note": "",
        "status": "published",
        "is_featured": True,
        "source": "forge",
        "source_id": "lying-glutes-stretch",
        "source_url": "",
        "licence": "CC BY-SA 4.0",
    }
    record.update(overrides)
    return record


def write(tmp_path: Path, data, name="catalogue.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def forge_file(tmp_path, *records, **extra) -> Path:
    return write(tmp_path, {"format": "forge", "version": 1, "exercises": list(records), **extra})


def snapshot() -> list:
    """Everything the importer can write, in comparable form."""
    rows = [exercise_to_record(exercise) for exercise in exercise_export_list()]
    vocabulary = sorted(BodyPart.objects.values_list("slug", "name", "description"))
    return [*rows, {"body_parts": vocabulary}]


def run_import(path, *args) -> str:
    out = StringIO()
    call_command("import_exercises", str(path), *args, stdout=out)
    return out.getvalue()
