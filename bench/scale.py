"""`make bench-scale`: uncached p50 per endpoint with about 1,000 and with 100,000 exercises.

Builds a throwaway database (SQLite by default; BENCH_DATABASE_URL or --database-url for a
PostgreSQL database this script may drop and create), imports the starter catalogue, adds
synthetic published exercises with bulk inserts up to --small (1,000), times each endpoint
in-process with Django's test client, grows the catalogue to --large (100,000) and times it
again. Names are built from real exercise words (modifier, equipment, movement); each
exercise gets target and secondary muscles, four steps and its search text, like an import.

"Uncached" means the page cache is off (PAGE_CACHE=0): every request runs the view and its
queries. The catalogue data cached per version (vocabularies, counts) stays on, as it does in
production; the first requests of each endpoint warm it and are not timed.

    .venv/bin/python bench/scale.py [--small 1000] [--large 100000] [--requests 25]
        [--database-url postgres://postgres@127.0.0.1:5432/forge_bench]

A SQLite file named with --database-url sqlite:////path is rebuilt and left behind (for
bench/explain.py); --reuse times it again as it is, as for a PostgreSQL database kept by --keep.

Prints p50 (ms) at both sizes and their ratio; writes JSON to bench/results/scale-*.json.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
sys.path.insert(0, str(REPO))

ENDPOINTS = [
    ("home", "/"),
    ("listing all", "/exercises/"),
    ("listing legs", "/exercises/legs/"),
    ("search page", "/exercises/?search=curl"),
    ("search typo", "/exercises/?search=hamstrng+strech"),
    ("search phrase", "/exercises/?search=stretches+for+tight+calves"),
    ("exercise page", "/exercise/lying-glutes-stretch/"),
    ("API list 20", "/api/v1/exercises/?limit=20"),
    ("API search", "/api/v1/exercises/?search=curl&limit=20"),
]
# A signed-in member's pages (their session cookie): {plan} is their plan's id. The member
# has one plan of three days and SESSIONS logged workouts.
MEMBER_ENDPOINTS = [
    ("member exercise", "/exercise/lying-glutes-stretch/"),
    ("member listing", "/exercises/"),
    ("member plan", "/plans/{plan}/"),
    ("member history", "/plans/history/"),
]
SESSIONS = 1000

MODIFIERS = [
    "Incline", "Decline", "Seated", "Standing", "Kneeling", "Lying", "Single-Arm",
    "Single-Leg", "Alternating", "Wide-Grip", "Close-Grip", "Reverse-Grip", "Paused",
    "Tempo", "Half", "Deficit", "Banded", "Isometric", "Bulgarian", "Sumo",
]  # fmt: skip
MOVEMENTS = [
    "Curl", "Press", "Row", "Squat", "Lunge", "Lateral Raise", "Fly", "Extension",
    "Pulldown", "Deadlift", "Glute Bridge", "Hip Thrust", "Calf Raise", "Crunch",
    "Shrug", "Pullover", "Step-Up", "Good Morning", "Hamstring Stretch", "Plank Hold",
]  # fmt: skip
STEPS = [
    "Set up with your feet hip-width apart and brace your core.",
    "Move slowly through the full range you can control.",
    "Pause for a moment where the muscle works hardest.",
    "Return to the start under control and breathe out as you push.",
    "Keep your neck long and your shoulders away from your ears.",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--only", default="", help="comma-separated endpoint names to time (default: all)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep the database at the end (for bench/explain.py); a SQLite file"
        " named by --database-url sqlite:////path is always kept (and rebuilt unless --reuse)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time a database kept by --keep (or a SQLite file named by --database-url) as it"
        " is (migrated first, not rebuilt; a size below its count is skipped)",
    )
    return parser.parse_args(argv)


def recreate_postgres(url: str, *, drop_only=False) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str, tmp: str) -> None:
    Path(tmp, "static").mkdir(exist_ok=True)
    os.environ.update(
        STATIC_ROOT=str(Path(tmp, "static")),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        PAGE_CACHE="0",
        API_THROTTLE_ANON="1000000/second",
        API_THROTTLE_USER="1000000/second",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="forge.settings",
    )
    os.environ.pop("REDIS_URL", None)
    import django
    from django.conf import settings

    django.setup()
    # Templates read static files through the finders: no collectstatic for an in-process run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def grow_catalogue(total: int, rng: random.Random) -> int:
    """Add synthetic published exercises until the catalogue holds `total`."""
    from django.db import connection, transaction
    from django.utils.text import slugify

    from exercises.models import (
        BodyPart,
        Category,
        Difficulty,
        Equipment,
        Exercise,
        ExerciseMuscle,
        ExerciseStep,
        Muscle,
        Status,
    )
    from exercises.services import (
        catalogue_version_bump,
        exercise_search_text,
        search_vocabulary_refresh,
    )

    body_parts, equipment = list(BodyPart.objects.all()), list(Equipment.objects.all())
    categories, muscles = list(Category.objects.all()), list(Muscle.objects.all())
    start = Exercise.objects.count()
    batch = 2000
    for offset in range(start, total, batch):
        rows, links, steps = [], [], []
        for i in range(offset, min(offset + batch, total)):
            kit = rng.choice(equipment)
            kit_word = "" if kit.slug == "body-weight" else f"{kit.name} "
            name = f"{rng.choice(MODIFIERS)} {kit_word}{rng.choice(MOVEMENTS)}"
            chosen = rng.sample(muscles, rng.randint(2, 4))
            targets = chosen[: rng.randint(1, 2)]
            body_part, category = rng.choice(body_parts), rng.choice(categories)
            exercise = Exercise(
                name=name,
                slug=f"{slugify(name)}-{i}",
                summary=f"A {name.lower()} for the {targets[0].name.lower()}, done with care.",
                body_part=body_part,
                equipment=kit,
                category=category,
                difficulty=rng.choice(Difficulty.values),
                status=Status.PUBLISHED,
                is_featured=i % 500 == 0,
                source="bench",
                source_id=str(i),
                search_text=exercise_search_text(
                    name=name,
                    aliases="",
                    body_part=body_part.name,
                    equipment=kit.name,
                    category=category.name,
                    muscles=[m.name for m in chosen],
                ),
            )
            rows.append((exercise, chosen, targets))
        with transaction.atomic():
            created = Exercise.objects.bulk_create([row[0] for row in rows])
            for exercise, (_, chosen, targets) in zip(created, rows, strict=True):
                links += [
                    ExerciseMuscle(
                        exercise=exercise,
                        muscle=muscle,
                        role=ExerciseMuscle.Role.TARGET
                        if muscle in targets
                        else ExerciseMuscle.Role.SECONDARY,
                    )
                    for muscle in chosen
                ]
                steps += [
                    ExerciseStep(exercise=exercise, position=n, text=text)
                    for n, text in enumerate(rng.sample(STEPS, 4), start=1)
                ]
            ExerciseMuscle.objects.bulk_create(links)
            ExerciseStep.objects.bulk_create(steps)
            _index_for_search(created, rows)
    search_vocabulary_refresh()  # recount the whole vocabulary once
    catalogue_version_bump()  # the cached counts and vocabularies are now out of date
    with connection.cursor() as cursor:
        # VACUUM as autovacuum would soon after a bulk load: it marks the new pages
        # all-visible, so index-only scans read no table rows (SQLite: ANALYZE only).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return Exercise.objects.count()


def _index_for_search(created, rows) -> None:
    """The search index of the new rows, as exercises_refresh_search_text builds it (in bulk,
    without its per-call vocabulary recount)."""
    from exercises import search_text
    from exercises.models import Exercise, SearchTerm

    terms = []
    for exercise, (_, chosen, targets) in zip(created, rows, strict=True):
        exercise.search_name = search_text.phrase(exercise.name)[:200]
        exercise.sections_written = 2  # a summary and steps
        document = search_text.document_terms(
            name=exercise.name,
            aliases=[],
            taxonomy=[
                *(m.name for m in targets),
                exercise.body_part.name,
                exercise.equipment.name,
                exercise.category.name,
            ],
            secondary=[m.name for m in chosen if m not in targets],
            summary=exercise.summary,
        )
        terms += [
            SearchTerm(
                exercise=exercise,
                language="en",
                term=t,
                field=f,
                prior=search_text.posting_prior(
                    f,
                    reviewed=False,
                    sections_written=exercise.sections_written,
                    name_length=len(exercise.name),
                ),
            )
            for t, f in document
        ]
    Exercise.objects.bulk_update(created, ["search_name", "sections_written"], batch_size=2000)
    SearchTerm.objects.bulk_create(terms, batch_size=5000)


def make_member(rng: random.Random) -> tuple[object, int]:
    """A member with a plan (three days of six exercises) and SESSIONS logged workouts of three
    entries each, spread over the last three years; returns the member and the plan's id."""
    import uuid
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from exercises.models import Exercise
    from plans.models import SessionEntry, WorkoutSession
    from plans.services.plans import plan_add_exercise, plan_create, plan_day_add

    member = get_user_model().objects.create_user(
        email="bench-member@example.com", password=secrets.token_urlsafe(16)
    )
    exercises = list(Exercise.objects.published().order_by("pk")[:200])
    plan = plan_create(owner=member, name="Three-day split")
    days = [plan.days.get(), plan_day_add(plan=plan), plan_day_add(plan=plan)]
    for day in days:
        for exercise in rng.sample(exercises, 6):
            plan_add_exercise(plan=plan, exercise=exercise, day=day)
    now = timezone.now()
    sessions, entries = [], []
    for n in range(SESSIONS):
        started = now - timedelta(days=n, hours=rng.randint(0, 12))
        session = WorkoutSession(
            id=uuid.uuid4(),
            owner=member,
            plan_day=rng.choice(days),
            title=f"Workout {n}",
            started_at=started,
            ended_at=started + timedelta(minutes=30),
        )
        sessions.append(session)
        entries += [
            SessionEntry(session=session, position=p, exercise=exercise, hold_seconds=30, rating=5)
            for p, exercise in enumerate(rng.sample(exercises, 3), start=1)
        ]
    WorkoutSession.objects.bulk_create(sessions)
    SessionEntry.objects.bulk_create(entries)
    return member, plan.pk


def existing_member() -> tuple[object, int]:
    """The member and plan make_member made in a database kept with --keep."""
    from django.contrib.auth import get_user_model

    from plans.models import Plan

    member = get_user_model().objects.get(email="bench-member@example.com")
    return member, Plan.objects.filter(owner=member).values_list("pk", flat=True).get()


def measure(requests: int, member=None, plan_id=None, only=()) -> dict[str, float]:
    from django.test import Client

    client = Client()
    signed_in = Client()
    if member is not None:
        signed_in.force_login(member)
    figures = {}
    endpoints = [(name, path, client) for name, path in ENDPOINTS]
    if member is not None:
        endpoints += [
            (name, path.format(plan=plan_id), signed_in) for name, path in MEMBER_ENDPOINTS
        ]
    for name, path, client in endpoints:
        if only and name not in only:
            continue
        for _ in range(3):  # warm: cached catalogue data, Python's own first-call costs
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
        times, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures[name] = statistics.median(times)
        figures[f"{name} (p95)"] = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else 0
        figures[f"{name} (cpu)"] = statistics.median(cpu)
        print(
            f"  {name:<14} {path:<42} p50 {figures[name]:8.2f} ms"
            f"  p95 {figures[f'{name} (p95)']:8.2f} ms"
            f"  (this process's CPU: {statistics.median(cpu):.2f} ms)",
            flush=True,
        )
    return figures


def main(argv=None) -> None:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(prefix="forge-scale-") as tmp:
        database_url = args.database_url or f"sqlite:///{tmp}/scale.sqlite3"
        engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
        reuse = args.reuse and (engine == "postgresql" or bool(args.database_url))
        if engine == "postgresql" and not reuse:
            recreate_postgres(database_url)
        elif engine == "sqlite" and not reuse:  # a named file is rebuilt from nothing
            Path(urlsplit(database_url).path[1:]).unlink(missing_ok=True)
        try:
            setup_django(database_url, tmp)
            from django.core.management import call_command

            call_command("migrate", "--no-input", verbosity=0)
            rng = random.Random(20261124)
            only = [name.strip() for name in args.only.split(",") if name.strip()]
            if reuse:
                member, plan_id = existing_member()
            else:
                call_command(
                    "import_exercises",
                    str(REPO / "exercises/data/starter_catalogue.json"),
                    verbosity=0,
                )
                grow_catalogue(args.small, rng)
                member, plan_id = make_member(rng)
            report = {"database": engine, "requests": args.requests, "sizes": {}}
            for size in (args.small, args.large):
                from exercises.models import Exercise

                if reuse and Exercise.objects.count() > size:
                    print(f"== skipping {size}: the kept database holds more", flush=True)
                    continue
                started = time.monotonic()
                count = Exercise.objects.count() if reuse else grow_catalogue(size, rng)
                print(
                    f"== {count} exercises ({engine}, built in "
                    f"{time.monotonic() - started:.0f} s); uncached p50:",
                    flush=True,
                )
                report["sizes"][str(count)] = measure(args.requests, member, plan_id, only)
        finally:
            from django.db import connections

            connections.close_all()
            if engine == "postgresql" and not (args.keep or reuse):
                recreate_postgres(database_url, drop_only=True)

    path = RESULTS / f"scale-{engine}-{stamp}.json"
    if len(report["sizes"]) < 2:
        path.write_text(json.dumps(report, indent=2))
        print(f"== one size only; written to {path.relative_to(REPO)}")
        return
    small, large = report["sizes"].values()
    sizes = list(report["sizes"])
    print(
        f"\n{'endpoint':<14} {sizes[0] + ' ms':>10} {sizes[1] + ' ms':>12} {'ratio':>6}"
        f"   {'cpu ' + sizes[0]:>10} {'cpu ' + sizes[1]:>12} {'ratio':>6}"
    )
    for name, _ in ENDPOINTS + MEMBER_ENDPOINTS:
        if name not in small or name not in large:
            continue
        ratio = large[name] / small[name]
        cpu_small, cpu_large = small[f"{name} (cpu)"], large[f"{name} (cpu)"]
        report.setdefault("ratios", {})[name] = ratio
        print(
            f"{name:<14} {small[name]:>10.2f} {large[name]:>12.2f} {ratio:>5.2f}x"
            f"   {cpu_small:>10.2f} {cpu_large:>12.2f} {cpu_large / cpu_small:>5.2f}x"
        )
    path.write_text(json.dumps(report, indent=2))
    print(f"== written to {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
