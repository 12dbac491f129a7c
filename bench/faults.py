"""`make faults`: Forge under load while its parts fail, and what the members noticed.

Starts a private PostgreSQL cluster and Redis (never the shared ones), two gunicorn servers
behind nginx (bench/stack.py, as `make scaleout`), and members who log sessions and edit
their plans through the API while visitors read pages. Then, one after another:
  1. PostgreSQL restarts;
  2. Redis restarts;
  3. Redis stops (for a while) and comes back;
  4. a gunicorn worker is killed (SIGKILL) mid-run;
  5. server B stops (SIGTERM, without a drain).
Members behave like the player's queue: a session whose save failed (5xx, a dropped
connection) is sent again later with the same id; an edit that failed is simply made again.
For each fault it prints the requests made while it lasted, the errors and their statuses,
and the time to recover (from the fault until the last failed request); at the end, the
acknowledged writes found and lost, the duplicates, and the count of 500 responses. Exits
non-zero if a write was lost or duplicated, a response was a 500, or a recovery took over
2 s.

Environment: FAULTS_PORT (nginx; the servers take the next two; default 8600),
FAULTS_PG_PORT (5440), FAULTS_REDIS_PORT (6390), FAULTS_MEMBERS (12).
"""

import collections
import json
import os
import random
import signal
import sys
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from private import PrivatePostgres, PrivateRedis
from stack import Browser, CheckFailed, Stack, app_env, manage, temporary_folder

RECOVERY_LIMIT = 2.0
EXERCISE = "seated-hamstring-stretch"
SETUP = """
import json
from rest_framework.authtoken.models import Token
from exercises.models import Exercise
from forge.models import User
from plans.services import plans as plan_services
stretch = Exercise.objects.get(slug="{exercise}")
members = []
for n in range({count}):
    user = User.objects.create_user(email=f"member{{n}}@faults.test", password="x-Faults-1")
    plan = plan_services.plan_create(owner=user, name="Morning")
    item = plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    members.append([user.pk, Token.objects.create(user=user).key, item.pk])
print(json.dumps(members))
"""


@dataclass
class Log:
    """Every response (or connection error) with when it finished."""

    started: float = field(default_factory=time.monotonic)
    rows: list[tuple[float, str, str]] = field(default_factory=list)  # (t, kind, status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: str) -> None:
        with self.lock:
            self.rows.append((time.monotonic() - self.started, kind, status))

    def now(self) -> float:
        return time.monotonic() - self.started


def _ok(status: str) -> bool:
    return status.isdigit() and int(status) < 400


@dataclass
class Member:
    pk: int
    token: str
    item: int
    acknowledged: set[str] = field(default_factory=set)  # session ids answered 201/200
    unsent: list[str] = field(default_factory=list)  # ids whose save failed: send again
    bodies: dict[str, dict] = field(default_factory=dict)
    notes_acknowledged: list[str] = field(default_factory=list)
    notes_tried: list[str] = field(default_factory=list)  # in order, acknowledged or not


def _session_body(session_id: str) -> dict:
    start = datetime.now(UTC) - timedelta(minutes=30)
    return {
        "id": session_id,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=10)).isoformat(),
        "entries": [{"exercise": EXERCISE, "hold_seconds": 30}],
    }


def _call(client: Browser, port: int, method: str, path: str, body=None) -> str:
    try:
        response, _ = client.request(port, method, path, json_body=body, timeout=10)
        return str(response.status)
    except OSError as error:
        return type(error).__name__


def member_loop(member: Member, port: int, log: Log, stopping: threading.Event) -> None:
    client = Browser({"Authorization": f"Token {member.token}", "Accept": "application/json"})
    n = 0
    while not stopping.is_set():
        # A session: one kept from a failed save first (same id, as the queue sends it).
        if member.unsent:
            session_id = member.unsent.pop(0)
        else:
            session_id = str(uuid.uuid4())
            member.bodies[session_id] = _session_body(session_id)
        status = _call(client, port, "POST", "/api/v1/sessions/", member.bodies[session_id])
        log.add("session", status)
        if status in ("200", "201"):
            member.acknowledged.add(session_id)
        else:
            member.unsent.append(session_id)
        # A plan edit.
        n += 1
        notes = f"edit {n}"
        member.notes_tried.append(notes)
        status = _call(
            client, port, "PATCH", f"/api/v1/plan-items/{member.item}/", {"notes": notes}
        )
        log.add("plan edit", status)
        if status == "200":
            member.notes_acknowledged.append(notes)
        time.sleep(random.uniform(0.02, 0.08))


def visitor_loop(port: int, log: Log, stopping: threading.Event) -> None:
    client = Browser()
    paths = ["/", "/exercises/", "/exercises/legs/", f"/exercise/{EXERCISE}/", "/routines/"]
    while not stopping.is_set():
        log.add("page", _call(client, port, "GET", random.choice(paths)))
        time.sleep(random.uniform(0.02, 0.08))


def flush_unsent(members: list[Member], port: int, log: Log, deadline: float) -> None:
    """After the run, send every failed save again until it is acknowledged (the queue)."""
    for member in members:
        client = Browser({"Authorization": f"Token {member.token}", "Accept": "application/json"})
        while member.unsent and time.monotonic() < deadline:
            session_id = member.unsent[0]
            status = _call(client, port, "POST", "/api/v1/sessions/", member.bodies[session_id])
            log.add("session (resent)", status)
            if status in ("200", "201"):
                member.acknowledged.add(session_id)
                member.unsent.pop(0)
            else:
                time.sleep(0.5)


@dataclass
class Fault:
    name: str
    start: float
    end: float = 0.0
    took: float = 0.0  # how long the action itself took (a restart, a stop)


def report(faults: list[Fault], log: Log) -> bool:
    fine = True
    print("\n== faults")
    for fault in faults:
        rows = [row for row in log.rows if fault.start <= row[0] < fault.end]
        errors = [row for row in rows if not _ok(row[2])]
        by_status = collections.Counter(status for _, _, status in errors)
        by_kind = collections.Counter(kind for _, kind, _ in errors)
        recovery = max((t for t, _, _ in errors), default=fault.start) - fault.start
        statuses = ", ".join(f"{status} × {n}" for status, n in sorted(by_status.items())) or "-"
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())) or "-"
        verdict = "ok" if recovery <= RECOVERY_LIMIT else "TOO SLOW"
        fine &= recovery <= RECOVERY_LIMIT
        print(
            f"{fault.name:<28} {len(rows):>5} requests, {len(errors):>3} errors "
            f"[{statuses}] ({kinds}); action took {fault.took:.2f} s; "
            f"recovered in {recovery:.2f} s  {verdict}"
        )
    return fine


def verify(members: list[Member], database_url: str, log: Log) -> bool:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT owner_id, client_id::text FROM plans_workoutsession"
        ).fetchall()
        notes: dict[int, str] = {
            pk: text
            for pk, text in connection.execute("SELECT id, notes FROM plans_planitem").fetchall()
        }
    stored = collections.Counter(rows)
    duplicates = sum(count - 1 for count in stored.values())
    acknowledged = [(m.pk, sid) for m in members for sid in m.acknowledged]
    found = sum(1 for key in acknowledged if key in stored)
    unacknowledged = sum(len(m.unsent) for m in members)
    # A plan edit is lost if the item holds an older value than the last acknowledged one
    # (a later edit that failed to answer may have been applied: that is not a loss).
    edits = sum(len(m.notes_acknowledged) for m in members)
    edits_lost = 0
    for member in members:
        if not member.notes_acknowledged:
            continue
        last = member.notes_tried.index(member.notes_acknowledged[-1])
        if notes.get(member.item) not in member.notes_tried[last:]:
            edits_lost += 1
    server_errors = sum(1 for _, _, status in log.rows if status == "500")
    print("\n== writes")
    print(
        f"sessions acknowledged {len(acknowledged)}, found {found}, "
        f"lost {len(acknowledged) - found}, duplicates {duplicates} "
        f"(never acknowledged even after the run: {unacknowledged})"
    )
    print(
        f"plan edits acknowledged {edits}, members whose last acknowledged edit was lost "
        f"{edits_lost}"
    )
    statuses = collections.Counter(status for _, _, status in log.rows)
    print(f"responses: {dict(sorted(statuses.items()))}; status 500: {server_errors}")
    return (
        found == len(acknowledged)
        and duplicates == 0
        and edits_lost == 0
        and server_errors == 0
        and unacknowledged == 0
    )


def run() -> bool:
    port = int(os.environ.get("FAULTS_PORT", "8600"))
    pg_port = int(os.environ.get("FAULTS_PG_PORT", "5440"))
    redis_port = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
    count = int(os.environ.get("FAULTS_MEMBERS", "12"))

    with ExitStack() as cleanup:
        # Entered first, so removed last: after every process using it has stopped.
        tmp = cleanup.enter_context(temporary_folder("forge-faults-"))
        folder = Path(tmp)
        postgres = PrivatePostgres(folder, pg_port)
        cleanup.callback(postgres.stop)
        postgres.create()
        redis = PrivateRedis(folder, redis_port)
        cleanup.callback(redis.stop)
        redis.start()
        print(f"== private PostgreSQL :{pg_port}, Redis :{redis_port}")
        env = app_env(
            database_url=postgres.url,
            redis_url=redis.url,
            prefix="faults",
            static_root=folder / "static",
            API_THROTTLE_USER="100000/minute",
            API_THROTTLE_ANON="100000/minute",
        )
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "import_exercises", "exercises/data/starter_catalogue.json")
        manage(env, "load_routines")
        setup = manage(env, "shell", "-c", SETUP.format(exercise=EXERCISE, count=count))
        members = [Member(*row) for row in json.loads(setup.strip().splitlines()[-1])]

        stack = Stack(tmp=folder, env=env, port=port)
        cleanup.callback(stack.close)
        stack.start()
        print(f"== nginx :{port} -> gunicorn A :{port + 1}, B :{port + 2}; {count} members")

        log = Log()
        stopping = threading.Event()
        threads = [
            threading.Thread(target=member_loop, args=(m, port, log, stopping)) for m in members
        ]
        threads += [
            threading.Thread(target=visitor_loop, args=(port, log, stopping)) for _ in range(2)
        ]
        for thread in threads:
            thread.start()

        faults: list[Fault] = []

        def fault(name: str, action, hold: float, after=None) -> None:
            entry = Fault(name, log.now())
            began = time.monotonic()
            action()
            entry.took = time.monotonic() - began
            faults.append(entry)
            print(f"  {entry.start:6.1f} s  {name} ({entry.took:.2f} s)")
            time.sleep(hold)
            if after is not None:
                after()
            time.sleep(2.0)
            entry.end = log.now()

        try:
            time.sleep(3.0)  # warm up: caches filled, connections open
            baseline = Fault("(no fault: warm-up)", 0.0, log.now())
            fault("PostgreSQL restart", postgres.restart, 3.0)
            fault("Redis restart", redis.restart, 3.0)
            fault("Redis stopped (4 s)", redis.stop, 4.0, after=redis.start)
            fault(
                "gunicorn worker killed",
                lambda: os.kill(stack.worker_pids("A")[0], signal.SIGKILL),
                3.0,
            )
            fault("server B stopped", lambda: stack.servers["B"].terminate(), 3.0)
        finally:
            stopping.set()
            for thread in threads:
                thread.join()
        flush_unsent(members, port, log, time.monotonic() + 30)
        recovered = report([baseline, *faults], log)
        kept = verify(members, postgres.url, log)
        if not (recovered and kept):
            stack.dump_logs()
        return recovered and kept


if __name__ == "__main__":
    try:
        ok = run()
    except CheckFailed as error:
        print(f"faults FAILED: {error}", file=sys.stderr)
        sys.exit(1)
    print("\n== faults: " + ("every check passed" if ok else "FAILED"))
    sys.exit(0 if ok else 1)
