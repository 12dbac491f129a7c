"""How close the generator's sessions come to the minutes asked, on the starter catalogue.

Builds a throwaway SQLite database, runs the migrations (which seed the vocabulary and the
goals), imports exercises/data/starter_catalogue.json, then generates plans for N random
inputs (fixed seed, so the report is repeatable) and reports, over every generated day, the
ratio of its duration (from the timeline function) to the minutes asked: min, median, max,
and how many days fall outside 10 %; the exercises per day (min, median, max) against the cap
of one per 2.5 minutes; and how many catalogue exercises each safety rule removed.

With --free-exercise-db PATH it also imports that dataset (published, unreviewed);
--review-plausible-imports then marks reviewed, for this throwaway database only, the
imported pages with a known start position, no partner and nothing flagged for review (a
stand-in for an editor's review). --sample N prints N generated days to read by eye.

    .venv/bin/python bench/generator_report.py [--inputs 200] [--seed 2026] \
        [--free-exercise-db ../shared/datasets/free-exercise-db/exercises.json] \
        [--review-plausible-imports] [--sample 10]
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
    parser.add_argument("--free-exercise-db", type=Path, help="Also import this dataset.")
    parser.add_argument("--review-plausible-imports", action="store_true")
    parser.add_argument("--sample", type=int, default=0, help="Generated days to print.")
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
    from exercises.models import Exercise

    call_command("import_exercises", str(STARTER), "--format", "forge", verbosity=0)
    if options.free_exercise_db:
        call_command(
            "import_exercises",
            str(options.free_exercise_db),
            "--format",
            "free-exercise-db",
            "--status",
            "published",
            verbosity=0,
        )
        if options.review_plausible_imports:
            marked = (
                Exercise.objects.exclude(source="forge")
                .exclude(start_position="")
                .filter(needs_partner=False, review_note="")
                .update(reviewed=True)
            )
            print(f"note: {marked} imported pages marked reviewed for this report only")
    catalogue = selectors.generator_catalogue()
    print(
        f"catalogue: {len(catalogue.exercises)} published exercises, "
        f"{sum(e.reviewed for e in catalogue.exercises)} reviewed"
    )
    goals = sorted(catalogue.goals)
    equipment = sorted(
        (set(catalogue.equipment) | set(catalogue.owned_props)) - {generator.BODY_WEIGHT}
    )
    areas = sorted(catalogue.areas)

    rng = random.Random(options.seed)
    ratios, fitting, short_plans, started = [], [], 0, time.perf_counter()
    outside = empty = capped = 0
    per_day, per_cap = [], []
    removed = dict.fromkeys(generator.RULE_NAMES, 0)
    samples: list = []
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
        capped += plan.capped_days
        for rule, count in plan.removed.items():
            removed[rule] += count
        if len(samples) < options.sample:
            samples.append((inputs, plan.days[0]))
        for day in plan.days:
            ratio = day.estimated_seconds / (inputs.minutes * 60)
            ratios.append(ratio)
            if plan.fits:
                fitting.append(ratio)
            outside += abs(ratio - 1) > generator.TOLERANCE
            empty += not day.items
            per_day.append(len(day.items))
            per_cap.append(len(day.items) / generator.exercise_cap(inputs.minutes))
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
    print(
        f"exercises per day: min {min(per_day)}, median {statistics.median(per_day):g}, "
        f"max {max(per_day)}; against the cap of one per {generator.MINUTES_PER_EXERCISE} "
        f"minutes: min {min(per_cap):.2f}, median {statistics.median(per_cap):.2f}, "
        f"max {max(per_cap):.2f} of the cap; days stopped by the cap: {capped}"
    )
    total = len(catalogue.exercises) * options.inputs
    print(f"exercises removed by each rule, summed over the {options.inputs} plans ({total}):")
    for rule, count in removed.items():
        print(f"  {rule:22} {count:7} ({count / total:.1%})")
    for inputs, day in samples:
        print(
            f"\n{inputs.goal}, {inputs.minutes} min, {inputs.level}, equipment "
            f"{', '.join(inputs.equipment) or 'none'}, avoid {', '.join(inputs.avoid) or 'nothing'}"
            f" → {len(day.items)} exercises, {day.estimated_seconds // 60} min "
            f"{day.estimated_seconds % 60} s"
        )
        for item in day.items:
            print(f"  [{item.role}] {item.exercise.name}: {item.reason}")
    print(f"time: {elapsed:.2f} s ({elapsed / options.inputs * 1000:.1f} ms a plan)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
