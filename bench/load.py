"""`make bench`: the load test, every figure compared with a static file in the same run.

Builds a throwaway database with the free-exercise-db catalogue (about 870 published
exercises) plus the starter catalogue, serves Forge with gunicorn (2 sync workers, DEBUG=0,
forge/gunicorn_conf.py) and loads each endpoint with wrk (`apt-get install -y wrk`). Each
round measures a whitenoise static file, a bare Django view (/bench/bare/: the whole
middleware stack, no work) and every page and API read, one after the other, so each share
compares figures taken moments apart on a noisy machine. Prints requests/s, p50 and p99 per
endpoint and its share of the static file's requests/s (median over rounds); writes JSON to
bench/results/load-<timestamp>.json.

    .venv/bin/python bench/load.py [--rounds 2] [--duration 5] [--connections 16]
        [--database-url postgres://…/forge_bench] [--redis-url redis://127.0.0.1:6379/11]

Visitors send no cookies, so pages come from the shared cache (Redis when --redis-url is
given, else each worker's memory). The member rows send a signed-in member's session and
CSRF cookies, as a browser does after its first page: their pages are assembled from the
members' shared copy and their own parts (menu, CSRF token). The anonymous API throttle is
raised for the run: it still counts every request, it just never refuses one. wrk is one
busy client, so the throttle leases it slots in batches (forge/lib/throttling.py); many
light clients would each cost a Redis round trip per request.

"After a publish" rows (with --redis-url: every worker must hear the new version at once):
the catalogue version is bumped, as any editor's save does, and wrk loads the page for the
next second; its p99 is the cost of the misses. --no-lock runs the server without the
single-render lock (PAGE_CACHE_LOCK=0), for comparison.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
DATASET = REPO.parent / "shared" / "datasets" / "free-exercise-db" / "exercises.json"
HOST = "127.0.0.1"

ENDPOINTS = [
    ("home", "/"),
    ("listing all", "/exercises/"),
    ("listing legs", "/exercises/legs/"),
    ("listing muscle", "/exercises/muscle/glutes/"),
    ("browse equipment", "/exercises/equipment/"),
    ("search page", "/exercises/?search=curl"),
    ("exercise page", "/exercise/lying-glutes-stretch/"),
    ("API list 20", "/api/v1/exercises/?limit=20"),
    ("API search", "/api/v1/exercises/?search=curl&limit=20"),
    ("API detail", "/api/v1/exercises/lying-glutes-stretch/"),
    ("API body parts", "/api/v1/body-parts/"),
]
# The same catalogue pages for a signed-in member (their session cookie).
MEMBER_ENDPOINTS = [
    ("member home", "/"),
    ("member listing", "/exercises/"),
    ("member listing legs", "/exercises/legs/"),
    ("member exercise", "/exercise/lying-glutes-stretch/"),
]
# Loaded for one second right after the catalogue version is bumped (a publish).
PUBLISH_ENDPOINTS = [
    ("exercise after publish", "/exercise/lying-glutes-stretch/", False),
    ("listing after publish", "/exercises/", False),
    ("member exercise after publish", "/exercise/lying-glutes-stretch/", True),
]
MEMBER_SCRIPT = """
from django.contrib.auth import get_user_model
from django.test import Client
member = get_user_model().objects.create_user(email="load-member@example.com", password=None)
client = Client()
client.force_login(member)
print("SESSION=" + client.cookies["sessionid"].value)
# A browser holds the CSRF cookie from its first page on; without it each page would make and
# set a new one.
from django.middleware.csrf import get_token
from django.test import RequestFactory
request = RequestFactory().get("/")
get_token(request)
print("CSRF=" + request.META["CSRF_COOKIE"])
"""
BUMP_SCRIPT = "from exercises.services import catalogue_version_bump; catalogue_version_bump()"


def _found(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    """The match, or a clear stop naming what the output lacked."""
    match = re.search(pattern, text, flags)
    if match is None:
        raise SystemExit(f"Expected {pattern!r} in:\n{text[-2000:]}")
    return match


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8110)))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL"))
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument(
        "--no-lock", action="store_true", help="serve without the single-render lock"
    )
    parser.add_argument(
        "--stampede",
        type=int,
        default=0,
        metavar="N",
        help="only the 'after publish' rows, N publishes each, lock on and off in turn"
        " (an A/B in one run; needs --redis-url)",
    )
    return parser.parse_args(argv)


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stderr or result.stdout}")
    return result.stdout


def recreate_postgres(url: str, *, drop_only=False) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited at start-up (see its log in the results folder)")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    sys.exit("gunicorn did not start within 60 s")


def wrk(url: str, args, *, cookie: str | None = None, duration: int | None = None) -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{duration or args.duration}s",
            "--latency",
            *headers,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = _found(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(_found(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.stampede and not args.redis_url:
        sys.exit("--stampede needs --redis-url: every worker must hear of the publish at once")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (see README, Benchmarks)")
    if not args.dataset.exists():
        sys.exit(f"The free-exercise-db catalogue is not at {args.dataset}; pass --dataset.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    prefix = f"bench-{secrets.token_hex(4)}"

    with tempfile.TemporaryDirectory(prefix="forge-bench-") as tmp:
        database_url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = {
            **os.environ,
            "DEBUG": "0",
            "BENCH": "1",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": f"{tmp}/static",
            # Per second: the sliding log keeps one entry per request in the window; a minute's
            # window at this rate would hold a few hundred thousand.
            "API_THROTTLE_ANON": "1000000/second",
            "API_THROTTLE_USER": "1000000/second",
            "LOG_LEVEL": "WARNING",
            "CACHE_KEY_PREFIX": prefix,
        }
        if args.no_lock:
            env["PAGE_CACHE_LOCK"] = "0"
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        else:
            env.pop("REDIS_URL", None)
        if database_url.startswith("postgres"):
            recreate_postgres(database_url)
        try:
            print("== preparing: migrate, import, collectstatic", flush=True)
            manage(env, "migrate", "--no-input")
            manage(env, "collectstatic", "--no-input")
            manage(env, "import_exercises", "exercises/data/starter_catalogue.json")
            manage(
                env,
                "import_exercises",
                str(args.dataset),
                "--format",
                "free-exercise-db",
                "--status",
                "published",
            )
            made = manage(env, "shell", "-c", MEMBER_SCRIPT)
            session = _found(r"SESSION=(\w+)", made).group(1)
            csrf = _found(r"CSRF=(\w+)", made).group(1)
            cookie = f"sessionid={session}; csrftoken={csrf}"
            if args.stampede:
                report = stampede(args, env, tmp, cookie)
            else:
                report = run(args, env, tmp, cookie)
        finally:
            if database_url.startswith("postgres"):
                recreate_postgres(database_url, drop_only=True)
            if args.redis_url:
                import redis

                client = redis.Redis.from_url(args.redis_url)
                keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
                if keys:
                    client.delete(*keys)

    report["database"] = database_url.split(":", 1)[0]
    report["cache"] = "redis" if args.redis_url else "local memory"
    path = RESULTS / f"load-{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"== written to {path.relative_to(REPO)}")


def publish(env) -> None:
    """Bump the catalogue version as an editor's save does (in its own process)."""
    manage(env, "shell", "-c", BUMP_SCRIPT)


@contextmanager
def serving(args, env, tmp):
    """gunicorn on args.port with `env`, stopped on the way out."""
    log = open(Path(tmp) / "gunicorn.log", "a")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "forge/gunicorn_conf.py",
            "forge.wsgi",
        ],
        cwd=REPO,
        env={
            **env,
            "GUNICORN_BIND": f"{HOST}:{args.port}",
            "GUNICORN_WORKERS": str(args.workers),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(args.port, server)
        yield f"http://{HOST}:{args.port}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def stampede(args, env, tmp, member_cookie: str) -> dict:
    """The second after a publish, with the single-render lock and without, in turn: each
    round serves with the lock on, then off (then the other way round, so that neither
    always goes first), and for each 'after publish' endpoint bumps the version and loads it
    for one second, --stampede times. Reports the median p50 and p99 over all those seconds."""
    figures: dict[str, dict[str, list[dict]]] = {"on": {}, "off": {}}
    for number in range(1, args.rounds + 1):
        order = ("on", "off") if number % 2 else ("off", "on")
        for lock in order:
            print(f"== round {number}/{args.rounds}, lock {lock}", flush=True)
            server_env = {**env, "PAGE_CACHE_LOCK": "1" if lock == "on" else "0"}
            with serving(args, server_env, tmp) as base:
                for name, path, member in PUBLISH_ENDPOINTS:
                    cookie = member_cookie if member else None
                    request = urllib.request.Request(base + path, headers={"Cookie": cookie or ""})
                    urllib.request.urlopen(request).read()  # warm: a previous copy exists
                    for _ in range(args.stampede):
                        publish(env)
                        result = wrk(base + path, args, cookie=cookie, duration=1)
                        figures[lock].setdefault(name, []).append(result)
    summary: dict[str, dict] = {}
    print(
        f"\n{'after a publish':<30} {'lock':>4} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8}"
        f" {'p99 min-max':>15} {'errors':>6}"
    )
    for name, path, _member in PUBLISH_ENDPOINTS:
        for lock in ("on", "off"):
            runs = figures[lock][name]
            p99s = [r["p99_ms"] for r in runs]
            row = {
                "path": path,
                "lock": lock,
                "rps": statistics.median(r["rps"] for r in runs),
                "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                "p99_ms": statistics.median(p99s),
                "errors": sum(r["errors"] for r in runs),
                "seconds": runs,
            }
            summary[f"{name} (lock {lock})"] = row
            print(
                f"{name:<30} {lock:>4} {row['rps']:>7.0f} {row['p50_ms']:>7.2f}"
                f" {row['p99_ms']:>8.2f} {min(p99s):>7.0f}-{max(p99s):<7.0f} {row['errors']:>6}"
            )
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d1s after each of {args.stampede}"
        f" publishes per endpoint, lock on and off, {args.rounds} rounds; gunicorn"
        f" {args.workers} sync workers; medians over all those seconds"
    )
    return {"settings": vars(args) | {"dataset": str(args.dataset)}, "stampede": summary}


def run(args, env, tmp, member_cookie: str) -> dict:
    with serving(args, env, tmp) as base:
        home = urllib.request.urlopen(base + "/").read().decode()
        static = _found(r'href="(/static/css/forge\.[0-9a-f]+\.css)"', home).group(1)
        visitor = [("static file", static), ("bare Django view", "/bench/bare/"), *ENDPOINTS]
        targets: list[tuple[str, str, str | None]] = [(name, path, None) for name, path in visitor]
        targets += [(name, path, member_cookie) for name, path in MEMBER_ENDPOINTS]
        for _, path, cookie in targets:  # each answers 200 and is warm before it is measured
            request = urllib.request.Request(base + path, headers={"Cookie": cookie or ""})
            page = urllib.request.urlopen(request)
            if page.status != 200:
                sys.exit(f"{path} answered {page.status}")
            if cookie and "Log out" not in page.read().decode():
                sys.exit(f"{path}: the member's cookie did not sign them in")
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"== round {number}/{args.rounds}", flush=True)
            figures = {}
            for name, path, cookie in targets:
                figures[name] = wrk(base + path, args, cookie=cookie)
                figures[name]["share"] = figures[name]["rps"] / figures["static file"]["rps"]
            if args.redis_url:
                for name, path, member in PUBLISH_ENDPOINTS:
                    publish(env)
                    cookie = member_cookie if member else None
                    figures[name] = wrk(base + path, args, cookie=cookie, duration=1)
                    figures[name]["share"] = figures[name]["rps"] / figures["static file"]["rps"]
            rounds.append(figures)
        if args.redis_url:
            targets += [
                (name, path, member_cookie if member else None)
                for name, path, member in PUBLISH_ENDPOINTS
            ]

    summary = {}
    print(
        f"\n{'endpoint':<18} {'path':<42} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'share':>6} {'errors':>6}"
    )
    for name, path, _cookie in targets:
        runs = [figures[name] for figures in rounds]
        row = {
            "path": path,
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "share": statistics.median(r["share"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "rounds": runs,
        }
        summary[name] = row
        print(
            f"{name:<18} {path[:42]:<42} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} "
            f"{row['p99_ms']:>7.2f} {row['share']:>6.0%} {row['errors']:>6}"
        )
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} rounds,"
        f" gunicorn {args.workers} sync workers; share = req/s / static file's req/s (median);"
        f" member rows send a member's session and CSRF cookies; 'after publish' rows: the"
        f" second after a version bump (lock {'off' if args.no_lock else 'on'})"
        + ("" if args.redis_url else "; no publish rows without --redis-url")
    )
    return {
        "settings": vars(args) | {"dataset": str(args.dataset)},
        "endpoints": summary,
    }


if __name__ == "__main__":
    main()
