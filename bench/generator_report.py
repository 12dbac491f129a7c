"""How close the generator's sessions come to the minutes asked, on the starter catalogue.

Builds a throwaway SQLite database, runs the migrations (which seed the vocabulary and the
goals), imports exercises/data/starter_catalogue.json, then generates plans for N random
inputs (fixed seed, so the report is repeatable) and reports, over every generated day, the
ratio of its duration (from the timeline function) to the minutes asked: min, median, max,
and how many days fall outside 10 %.

    .venv/bin/python bench/generator_report.py [--inputs 200] [--seed 2026]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "exercises" / "data" / "starter_catalogue.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=200, help="Random inputs to try.")
    parser.add_argument("--seed", type=int, default=2026, help="Seed of the random inputs.")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="forge-generator-report-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from plans import generator, selectors

    call_command("migrate", verbosity=0)
    call_command("import_exercises", str(STARTER), "--format", "forge", verbosity=0)
    catalogue = selectors.generator_catalogue()
    goals = sorted(catalogue.goals)
    equipment = sorted(set(catalogue.equipment) - {generator.BODY_WEIGHT})
    areas = sorted(catalogue.body_parts)

    rng = random.Random(options.seed)
    ratios, fitting, short_plans, started = [], [], 0, time.perf_counter()
    outside = empty = 0
    for _ in range(options.inputs):
        inputs = generator.GeneratorInput(
            goal=rng.choice(goals),
            minutes=rng.randint(generator.MIN_MINUTES, generator.MAX_MINUTES),
            days_per_week=rng.randint(generator.MIN_DAYS, generator.MAX_DAYS),
            equipment=tuple(rng.sample(equipment, rng.randint(0, len(equipment)))),
            level=rng.choice(generator.LEVELS),
            avoid=tuple(rng.sample(areas, rng.randint(0, 2))),
            seed=rng.randrange(generator.MAX_SEED),
        )
        plan = generator.generate(inputs, catalogue)
        short_plans += not plan.fits
        for day in plan.days:
            ratio = day.estimated_seconds / (inputs.minutes * 60)
            ratios.append(ratio)
            if plan.fits:
                fitting.append(ratio)
            outside += abs(ratio - 1) > generator.TOLERANCE
            empty += not day.items
    elapsed = time.perf_counter() - started

    print(f"inputs: {options.inputs} (seed {options.seed}), generated days: {len(ratios)}")
    for label, values in (("all days", ratios), ("days of plans that fit", fitting)):
        print(
            f"{label} ({len(values)}): day duration / minutes asked: min {min(values):.3f}, "
            f"median {statistics.median(values):.3f}, max {max(values):.3f}"
        )
    print(
        f"days outside ±10 %: {outside} (of which empty: {empty}); "
        f"plans that said the catalogue falls short: {short_plans} of {options.inputs}"
    )
    print(f"time: {elapsed:.2f} s ({elapsed / options.inputs * 1000:.1f} ms a plan)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
