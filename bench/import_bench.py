"""`make bench-import`: how long an ExerciseDB-shaped file of 1,339 records takes to import.

Writes a synthetic file shaped like a real ExerciseDB export (the values real files hold:
several pieces of equipment in one value, notes in brackets, "rehabilitation", description,
difficulty, measurementType, tags, baselineEffectiveness, contraindicatedFor), builds a
throwaway SQLite database (or --database-url: an empty PostgreSQL database), then times the
import itself, as the admin's background task runs it, and a second run of the same file
(everything unchanged).

    .venv/bin/python bench/import_bench.py [--records 1339]
        [--database-url postgres://postgres@127.0.0.1:5432/forge_bench]
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BODY = [
    ("upper legs", "hamstrings"),
    ("chest", "pectorals"),
    ("back", "lats"),
    ("shoulders", "delts"),
    ("waist", "abs"),
    ("lower legs", "calves"),
    ("upper arms", "biceps"),
    ("upper legs", "quads"),
    ("upper legs", "glutes"),
]
EQUIPMENT = [
    "dumbbell, exercise ball",
    "dumbbell, exercise ball, tennis ball",
    "ez barbell, exercise ball",
    "assisted (towel)",
    "body weight (with resistance band)",
    "dumbbell (used as handles for deeper range)",
    "body weight",
    "barbell",
    "cable",
    "band",
    "kettlebell",
    "leverage machine",
]
CATEGORIES = ["strength", "stretching", "rehabilitation", "mobility", "cardio"]
POSTURES = ["seated", "standing", "lying", "kneeling"]
MOVES = ["curl", "press", "row", "raise", "stretch", "hold", "squat", "lunge", "bridge", "fly"]


def synthetic(count: int) -> list[dict]:
    rng = random.Random(20)
    rows = []
    for n in range(count):
        body_part, target = BODY[n % len(BODY)]
        move = MOVES[n % len(MOVES)]
        timed = move in ("stretch", "hold")
        rows.append(
            {
                "id": f"{n:04d}",
                "name": f"{rng.choice(POSTURES)} {target} {move} v{n}",
                "bodyPart": body_part,
                "target": target,
                "secondaryMuscles": rng.sample(
                    ["glutes", "calves", "triceps", "core", "obliques"], 2
                ),
                "equipment": EQUIPMENT[n % len(EQUIPMENT)],
                "instructions": [
                    "Get into position.",
                    "Move with control.",
                    "Hold for 20-30 seconds each side." if timed else "Repeat.",
                ],
                "description": f"A {move} for the {target}.",
                "difficulty": rng.choice(["beginner", "intermediate", "advanced"]),
                "category": "stretching" if timed else CATEGORIES[n % len(CATEGORIES)],
                "measurementType": "time" if timed else "reps",
                "tags": [move, target],
                "baselineEffectiveness": round(rng.random(), 2),
                "contraindicatedFor": rng.sample(["knee injury", "pregnancy", "back pain"], 1),
                "gifUrl": f"https://images.example.org/{n:04d}.gif",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1339)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from exercises.importers import import_catalogue

        call_command("migrate", verbosity=0)
        path = Path(folder) / "exercisedb.json"
        path.write_text(json.dumps(synthetic(args.records)), encoding="utf-8")

        for label in ("first import", "second import (unchanged)"):
            started = time.perf_counter()
            report = import_catalogue(path=path, fmt="auto")
            seconds = time.perf_counter() - started
            print(
                f"{label}: {args.records:,} records in {seconds:.2f} s — "
                f"{report.summary().splitlines()[0]}"
            )


if __name__ == "__main__":
    main()
