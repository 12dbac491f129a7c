"""Benchmark Forge's exercise API against the free-exercise-db catalogue.

Builds a throwaway database, imports the catalogue into it (timed), serves the site with
gunicorn on 127.0.0.1, loads the exercise list and detail endpoints from concurrent client
threads (each reusing its connection while the server keeps it open), and reports requests
per second and latency percentiles. The results are also written as JSON to
bench/results/<timestamp>.json.

    .venv/bin/python bench/api_bench.py [--requests N] [--concurrency C] [--workers W]
        [--database-url URL] [--dataset PATH]

Uses the standard library only, plus gunicorn and psycopg from the project's virtualenv.
"""

import argparse
import http.client
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATASET = Path("../shared/datasets/free-exercise-db/exercises.json")

HOST = "127.0.0.1"
WARMUP_REQUESTS = 50
TIME_LIMIT_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 30.0
STARTUP_TIMEOUT_SECONDS = 30.0

LIST_ENDPOINTS = [
    ("list limit=20", "/api/v1/exercises/?limit=20"),
    ("list limit=100", "/api/v1/exercises/?limit=100"),
    ("search curl, arms", "/api/v1/exercises/?search=curl&body_part=arms"),
]
DETAIL_NAME = "detail /<slug>/"


class BenchError(Exception):
    """A problem that stops the benchmark, with a message for the person running it."""


# --- Options ------------------------------------------------------------------------------


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Requests/second and latency percentiles for the exercise API.",
    )
    parser.add_argument(
        "--requests",
        type=positive_int,
        default=2000,
        help=f"Requests per endpoint, after {WARMUP_REQUESTS} warm-up requests (default 2000).",
    )
    parser.add_argument(
        "--concurrency", type=positive_int, default=8, help="Client threads (default 8)."
    )
    parser.add_argument(
        "--workers", type=positive_int, default=2, help="Gunicorn worker processes (default 2)."
    )
    parser.add_argument(
        "--database-url",
        help="A database to create, fill and drop, e.g. "
        "postgres://postgres@127.0.0.1:5432/forge_bench (it must not exist yet). "
        "Default: a temporary SQLite file.",
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        default=DEFAULT_DATASET,
        help="free-exercise-db's exercises.json; a relative path is taken from the repository "
        f"(default {DEFAULT_DATASET}).",
    )
    return parser.parse_args(argv)


def resolve_dataset(path: Path) -> Path:
    dataset = (REPO / path).resolve()  # an absolute path stays as it is
    if not dataset.is_file():
        raise BenchError(
            f"The free-exercise-db catalogue is not at {dataset}. Put a copy of "
            "https://github.com/yuhonas/free-exercise-db beside this repository "
            "(../shared/datasets/free-exercise-db/) or pass --dataset PATH/exercises.json."
        )
    return dataset


# --- The throwaway database ---------------------------------------------------------------


@dataclass
class Database:
    url: str
    kind: str  # "sqlite" or "postgresql"
    version: str


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


@contextmanager
def throwaway_database(url: str | None):
    """Yield an empty database, and remove it afterwards. Never reuses an existing one."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="forge-bench-") as folder:
            path = Path(folder) / "bench.sqlite3"
            yield Database(f"sqlite:///{path}", "sqlite", f"SQLite {sqlite_version()}")
        return
    scheme = urlsplit(url).scheme
    if scheme in {"postgres", "postgresql", "pgsql"}:
        with postgres_database(url) as database:
            yield database
    elif scheme == "sqlite":
        path = REPO / sqlite_path(url)  # Django resolves a relative name from the repository
        if path.exists():
            raise BenchError(f"{path} already exists; the benchmark only uses a new database.")
        try:
            yield Database(url, "sqlite", f"SQLite {sqlite_version()}")
        finally:
            for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
                leftover.unlink(missing_ok=True)
    else:
        raise BenchError(f"Unsupported database URL scheme {scheme!r}: use sqlite or postgres.")


def sqlite_path(url: str) -> Path:
    import dj_database_url

    name = dj_database_url.parse(url)["NAME"]
    if not name or name == ":memory:":
        raise BenchError("An in-memory SQLite database cannot be shared with gunicorn.")
    return Path(name)


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


@contextmanager
def postgres_database(url: str):
    """CREATE DATABASE for the run and DROP it afterwards, via the server's postgres db."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"Name the benchmark database in the URL: {redact(url)}")
    admin_url = urlunsplit(parts._replace(path="/postgres", query=""))
    try:
        admin = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as error:
        raise BenchError(f"Cannot connect to PostgreSQL at {redact(admin_url)}: {error}") from None
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            raise BenchError(
                f"Database {name!r} already exists. The benchmark creates and drops its own "
                "database: drop that one or name another in --database-url."
            )
        row = admin.execute("SHOW server_version").fetchone()
        version = row[0] if row else "unknown"
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield Database(url, "postgresql", f"PostgreSQL {version}")
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# --- Django commands and the server -------------------------------------------------------


def site_environment(database_url: str, media_root: str) -> dict[str, str]:
    """Production-like settings on loopback, with the API throttles out of the way."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {args[0]} failed:\n{result.stderr or result.stdout}")
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(env: dict[str, str], workers: int, log_path: Path):
    """Run gunicorn until the block ends, whatever happens in it; yield its port."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        raise BenchError(f"{gunicorn} not found: run `make install` first.")
    port = free_port()
    command = [
        str(gunicorn),
        "forge.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
    try:
        wait_until_serving(process, port, log_path)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_serving(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited at start-up:\n{log_path.read_text()}")
        try:
            status, _ = get(port, "/api/v1/exercises/?limit=1")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise BenchError(f"gunicorn answered {status} at start-up:\n{log_path.read_text()}")
    raise BenchError(f"gunicorn did not answer within {STARTUP_TIMEOUT_SECONDS:.0f} s.")


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def all_slugs(port: int) -> list[str]:
    slugs: list[str] = []
    path = "/api/v1/exercises/?limit=100"
    while path:
        status, body = get(port, path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status} while collecting slugs.")
        page = json.loads(body)
        slugs += [exercise["slug"] for exercise in page["results"]]
        next_url = page.get("next")
        path = urlunsplit(urlsplit(next_url)._replace(scheme="", netloc="")) if next_url else ""
    if not slugs:
        raise BenchError("The API lists no exercises: did the import publish them?")
    return slugs


# --- Load ---------------------------------------------------------------------------------


@dataclass
class EndpointResult:
    endpoint: str
    path: str
    requests: int
    errors: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    stopped_by_time_limit: bool
    error_statuses: dict[str, int] = field(default_factory=dict)


def run_load(port: int, paths: list[str], total: int, concurrency: int) -> dict:
    """Send `total` GETs (cycling over `paths`) from `concurrency` threads, each keeping its
    connection open; stop early at the time limit. Returns latencies and failures."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    timed_out = threading.Event()

    def next_index() -> int | None:
        nonlocal issued
        with lock:
            if issued >= total:
                return None
            if time.monotonic() >= deadline:
                timed_out.set()
                return None
            issued += 1
            return issued - 1

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
        mine: list[float] = []
        mine_failed: Counter[str] = Counter()
        while (index := next_index()) is not None:
            start = time.perf_counter()
            try:
                connection.request("GET", paths[index % len(paths)])
                response = connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                connection.close()  # reconnects on the next request
                status = type(error).__name__
            mine.append(time.perf_counter() - start)
            if status != "200":
                mine_failed[status] += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures.update(mine_failed)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": time.perf_counter() - start,
        "latencies": latencies,
        "failures": failures,
        "timed_out": timed_out.is_set(),
    }


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def benchmark_endpoint(
    port: int, name: str, paths: list[str], total: int, concurrency: int
) -> EndpointResult:
    run_load(port, paths, WARMUP_REQUESTS, concurrency)
    run = run_load(port, paths, total, concurrency)
    ordered = sorted(seconds * 1000 for seconds in run["latencies"])
    count = len(ordered)
    return EndpointResult(
        endpoint=name,
        path=paths[0] if len(paths) == 1 else "/api/v1/exercises/<slug>/",
        requests=count,
        errors=sum(run["failures"].values()),
        seconds=round(run["seconds"], 3),
        requests_per_second=round(count / run["seconds"], 1),
        p50_ms=round(percentile(ordered, 0.50), 2),
        p90_ms=round(percentile(ordered, 0.90), 2),
        p99_ms=round(percentile(ordered, 0.99), 2),
        max_ms=round(ordered[-1], 2) if ordered else float("nan"),
        stopped_by_time_limit=run["timed_out"],
        error_statuses=dict(run["failures"]),
    )


# --- Report -------------------------------------------------------------------------------


def cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


COLUMNS = [
    ("endpoint", "endpoint", "<20", "{}"),
    ("requests", "requests", ">8", "{}"),
    ("errors", "errors", ">6", "{}"),
    ("req/s", "requests_per_second", ">8", "{:.1f}"),
    ("p50 ms", "p50_ms", ">8", "{:.1f}"),
    ("p90 ms", "p90_ms", ">8", "{:.1f}"),
    ("p99 ms", "p99_ms", ">8", "{:.1f}"),
    ("max ms", "max_ms", ">8", "{:.1f}"),
]


def format_report(report: dict) -> str:
    lines = [
        f"Forge API benchmark, {report['started_at']}",
        f"machine:     {report['machine']['nproc']} CPUs (nproc), {report['machine']['platform']}, "
        f"Python {report['machine']['python']}",
        f"load:        1-minute load average {report['machine']['load_average_before']:.2f} "
        f"before the run, {report['machine']['load_average_after']:.2f} at its end",
        f"database:    {report['database']['version']} ({report['database']['url']})",
        f"server:      gunicorn, {report['workers']} sync workers, DEBUG=0, loopback, "
        f"DATABASE_CONN_MAX_AGE={report['database']['conn_max_age']}",
        f"client:      {report['concurrency']} threads, {report['requests_per_endpoint']} requests "
        f"per endpoint after {WARMUP_REQUESTS} warm-up, {TIME_LIMIT_SECONDS:.0f} s limit each",
        f"import:      {report['exercises_imported']} exercises in "
        f"{report['import_seconds']:.2f} s (import_exercises, including Django start-up)",
        "",
    ]
    lines.append("  ".join(f"{title:{align}}" for title, _, align, _ in COLUMNS))
    lines.append("  ".join("-" * len(f"{title:{align}}") for title, _, align, _ in COLUMNS))
    for result in report["endpoints"]:
        cells = [f"{fmt.format(result[key]):{align}}" for _, key, align, fmt in COLUMNS]
        note = []
        if result["stopped_by_time_limit"]:
            note.append("stopped at time limit")
        if result["error_statuses"]:
            note.append(
                "errors: " + ", ".join(f"{k}×{v}" for k, v in result["error_statuses"].items())
            )
        lines.append("  ".join(cells) + (f"  ({'; '.join(note)})" if note else ""))
    return "\n".join(lines)


def write_results(report: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


# --- Main ---------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace) -> dict:
    dataset = resolve_dataset(args.dataset)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="forge-bench-"))
    try:
        with throwaway_database(args.database_url) as database:
            env = site_environment(database.url, str(work / "media"))
            print(f"Migrating a new {database.kind} database …", flush=True)
            manage(env, "migrate", "--no-input", "--verbosity", "0")

            print(f"Importing {dataset} …", flush=True)
            start = time.perf_counter()
            summary = manage(
                env,
                "import_exercises",
                str(dataset),
                "--format",
                "free-exercise-db",
                "--status",
                "published",
            )
            import_seconds = time.perf_counter() - start
            print(f"  {summary} ({import_seconds:.2f} s)", flush=True)

            print(f"Starting gunicorn with {args.workers} workers …", flush=True)
            with gunicorn_server(env, args.workers, work / "gunicorn.log") as port:
                slugs = all_slugs(port)
                endpoints = [(name, [path]) for name, path in LIST_ENDPOINTS]
                endpoints.append((DETAIL_NAME, [f"/api/v1/exercises/{s}/" for s in slugs]))
                results = []
                for name, paths in endpoints:
                    print(f"  {name} …", flush=True)
                    results.append(
                        benchmark_endpoint(port, name, paths, args.requests, args.concurrency)
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    return {
        "started_at": started_at,
        "machine": {
            "nproc": cpu_count(),
            "platform": platform.platform(terse=True),
            "python": platform.python_version(),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        },
        "database": {
            "kind": database.kind,
            "version": database.version,
            "url": redact(database.url),
            "conn_max_age": os.environ.get("DATABASE_CONN_MAX_AGE") or "0",
        },
        "dataset": str(dataset),
        "exercises_imported": len(slugs),
        "import_seconds": round(import_seconds, 3),
        "workers": args.workers,
        "concurrency": args.concurrency,
        "requests_per_endpoint": args.requests,
        "warmup_requests": WARMUP_REQUESTS,
        "time_limit_seconds": TIME_LIMIT_SECONDS,
        "endpoints": [asdict(result) for result in results],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain `kill` unwinds like Ctrl-C, so gunicorn is stopped and the database dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        report = benchmark(args)
    except BenchError as error:
        print(f"api_bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("api_bench: interrupted; gunicorn stopped and the database removed.", file=sys.stderr)
        return 130
    print()
    print(format_report(report))
    print(f"\nResults written to {write_results(report).relative_to(REPO)}")
    return 1 if any(result["errors"] for result in report["endpoints"]) else 0


if __name__ == "__main__":
    sys.exit(main())
