"""`make scaleout`: two Forge app servers behind nginx, sharing one PostgreSQL and one Redis.

Starts two gunicorn instances (forge/gunicorn_conf.py) and Debian's nginx on loopback, then
proves, failing loudly otherwise:
  1. nginx compresses HTML and serves static files with far-future cache headers;
  2. a login made through server A is valid on server B;
  3. an editor's publish through A shows at once on B (whose visitor cache held the old page);
  4. the API throttle counts requests sent to both servers together;
  5. draining one server (README.md: "Draining a server") while visitors read and a member
     logs sessions loses no request and no acknowledged write.
It stops everything it started (and drops its database) even when a check fails. The pieces
it shares with `make faults` (nginx's configuration, the servers, the drain) are in
bench/stack.py.

Environment: SCALEOUT_DATABASE_URL (a PostgreSQL database this script may drop and create,
default postgres://postgres@127.0.0.1:5432/forge_scaleout), SCALEOUT_REDIS_URL (default
redis://127.0.0.1:6379/11; keys get a fresh prefix and are deleted at the end),
SCALEOUT_PORT (nginx's port; the app servers take the next two; default 8100).
"""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script, bench/ is on the path: its shared pieces import as `stack`.
from stack import (
    Browser,
    CheckFailed,
    Stack,
    app_env,
    check,
    delete_redis_keys,
    manage,
    recreate_database,
    temporary_folder,
)

THROTTLE = 12  # anonymous API requests per minute, shared by both servers
PASSWORD = "scaleout-Pass-8472"


SETUP = """
from exercises.models import Exercise, Status
from forge.services import user_make_editor
from forge.models import User
from tests.factories import ExerciseFactory
user_make_editor(email="editor@scaleout.test", password="{password}")
from rest_framework.authtoken.models import Token
member = User.objects.create_user(email="member@scaleout.test", password="{password}")
print(Token.objects.create(user=member).key)
print(ExerciseFactory(name="Scaleout Draft Squat", status=Status.DRAFT).pk)
"""
# A published stretch of the starter catalogue, for the sessions logged during the drain.
DRAIN_EXERCISE = "seated-hamstring-stretch"


def run() -> None:
    database_url = os.environ.get(
        "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/forge_scaleout"
    )
    redis_url = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/11")
    port = int(os.environ.get("SCALEOUT_PORT", "8100"))
    prefix = f"scaleout-{secrets.token_hex(4)}"

    with ExitStack() as cleanup:
        # Entered first, so removed last: after every process using it has stopped.
        tmp = cleanup.enter_context(temporary_folder("forge-scaleout-"))
        env = app_env(
            database_url=database_url,
            redis_url=redis_url,
            prefix=prefix,
            static_root=Path(tmp) / "static",
            API_THROTTLE_ANON=f"{THROTTLE}/minute",
            # The throttle check sends requests straight to A and B, with no proxy between.
            TRUSTED_PROXY_COUNT="0",
        )
        started = time.monotonic()
        print(f"== database {urlsplit(database_url).path.lstrip('/')}, redis prefix {prefix}")
        recreate_database(database_url)
        cleanup.callback(recreate_database, database_url, drop_only=True)
        cleanup.callback(delete_redis_keys, redis_url, prefix)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "import_exercises", "exercises/data/starter_catalogue.json")
        token, draft_id = manage(env, "shell", "-c", SETUP.format(password=PASSWORD)).split()[-2:]

        stack = Stack(tmp=Path(tmp), env=env, port=port)
        cleanup.callback(stack.close)
        stack.start()
        port_a, port_b = stack.server_port("A"), stack.server_port("B")
        print(f"== nginx :{port} -> gunicorn A :{port_a}, B :{port_b}")

        try:
            checks(port, port_a, port_b, draft_id)
            drain_check(stack, env, token)
        except Exception:
            stack.dump_logs()
            raise
        print(f"== scaleout: every check passed in {time.monotonic() - started:.0f} s")


def checks(port: int, port_a: int, port_b: int, draft_id: str) -> None:
    print("1. nginx: gzip for HTML, far-future static files, no version shown")
    visitor = Browser()
    response, html = visitor.get(port, "/", headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, "the home page answers through nginx")
    check(response.getheader("Server") == "nginx", "the Server header names no version")
    check(response.getheader("Content-Encoding") == "gzip", "HTML is sent gzip-compressed")
    _, html = Browser().get(port, "/")
    css = re.search(r'href="(/static/css/forge\.[0-9a-f]+\.css)"', html)
    if css is None:
        raise CheckFailed("pages link hashed static file names")
    print("  ok  pages link hashed static file names")
    response, _ = visitor.get(port, css.group(1))
    check(response.status == 200, "nginx serves the static file itself")
    check(
        "max-age=31536000" in (response.getheader("Cache-Control") or "")
        and response.getheader("Expires") is not None,
        "static files carry far-future cache headers",
    )

    print("2. a login through A is valid on B")
    member = Browser()
    response, _ = member.post_form(
        port_a, "/accounts/login/", {"username": "member@scaleout.test", "password": PASSWORD}
    )
    check(response.status == 302 and "sessionid" in member.cookies, "member logs in on A")
    response, page = member.get(port_b, "/plans/")
    check(response.status == 200 and "Log out" in page, "B knows the member (their plans page)")
    response, _ = Browser().get(port_b, "/plans/")
    check(response.status == 302, "while a visitor on B is sent to the login page")

    print("3. an editor's publish through A shows at once on B")
    draft_path = "/exercise/scaleout-draft-squat/"
    onlooker = Browser()
    check(onlooker.get(port_b, draft_path)[0].status == 404, "B: the draft is not public")
    _, listing = onlooker.get(port_b, "/exercises/legs/?search=scaleout+draft+squat")
    check("Scaleout Draft Squat" not in listing, "B: the legs listing (now cached) lacks it")
    editor = Browser()
    response, _ = editor.post_form(
        port_a, "/admin/login/", {"username": "editor@scaleout.test", "password": PASSWORD}
    )
    check(response.status == 302, "editor logs in to the admin on A")
    response, _ = editor.post_form(
        port_a,
        "/admin/exercises/exercise/",
        {"action": "publish", "_selected_action": draft_id, "index": "0"},
    )
    check(response.status == 302, "editor publishes it through A")
    check(onlooker.get(port_b, draft_path)[0].status == 200, "B: the exercise page is public")
    # A search keeps it on the first page whatever the catalogue's size and order; B cached
    # this very listing (above) before the publish.
    _, listing = onlooker.get(port_b, "/exercises/legs/?search=scaleout+draft+squat")
    check("Scaleout Draft Squat" in listing, "B: the legs listing shows it at once")

    print(f"4. the API throttle ({THROTTLE}/minute) counts requests to both servers")
    client = Browser()
    statuses = [
        client.get(server, "/api/v1/exercises/?limit=5")[0].status
        for _ in range(THROTTLE // 2)
        for server in (port_a, port_b)
    ]
    check(statuses == [200] * THROTTLE, f"{THROTTLE} requests alternating A and B succeed")
    check(client.get(port_a, "/api/v1/exercises/?limit=5")[0].status == 429, "the next on A: 429")
    check(client.get(port_b, "/api/v1/exercises/?limit=5")[0].status == 429, "and on B: 429")


def drain_check(stack: Stack, env: dict[str, str], token: str) -> None:
    print("5. draining server B under load loses no request")
    port = stack.port
    member = Browser({"Authorization": f"Token {token}", "Accept": "application/json"})
    results: list[tuple[str, int | str, str | None]] = []  # (method, status, session id)
    lock = threading.Lock()
    stopping = threading.Event()

    def visitor_load() -> None:
        client = Browser()
        # Pages only: the visitor API quota went on check 4.
        paths = ["/", "/exercises/?page=2", "/exercise/seated-hamstring-stretch/", "/routines/"]
        n = 0
        while not stopping.is_set():
            path = paths[n % len(paths)]
            n += 1
            try:
                status: int | str = client.get(port, path, timeout=10)[0].status
            except OSError as error:
                status = type(error).__name__
            with lock:
                results.append(("GET", status, None))

    def member_load() -> None:
        while not stopping.is_set():
            session_id = str(uuid.uuid4())
            start = datetime.now(UTC) - timedelta(minutes=20)
            body = {
                "id": session_id,
                "started_at": start.isoformat(),
                "ended_at": (start + timedelta(minutes=5)).isoformat(),
                "entries": [{"exercise": DRAIN_EXERCISE, "hold_seconds": 30}],
            }
            try:
                status: int | str = member.request(
                    port, "POST", "/api/v1/sessions/", json_body=body, timeout=10
                )[0].status
            except OSError as error:
                status = type(error).__name__
            with lock:
                results.append(("POST", status, session_id))

    threads = [threading.Thread(target=visitor_load) for _ in range(3)]
    threads += [threading.Thread(target=member_load) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    seconds = stack.drain("B")
    time.sleep(1.5)
    stopping.set()
    for thread in threads:
        thread.join()

    gets = [status for method, status, _ in results if method == "GET"]
    posts = [(status, sid) for method, status, sid in results if method == "POST"]
    acknowledged = [sid for status, sid in posts if status == 201]
    print(f"     drained in {seconds:.2f} s; {len(gets)} GETs, {len(posts)} POSTs during the run")
    check(stack.servers["B"].poll() is not None, "server B has stopped")
    check(
        bool(gets) and all(status == 200 for status in gets),
        f"every GET answered 200 ({sorted(set(map(str, gets)))})",
    )
    check(
        bool(posts) and all(status == 201 for status, _ in posts),
        f"every POST was acknowledged ({sorted({str(s) for s, _ in posts})})",
    )
    script = "from plans.models import WorkoutSession; print(WorkoutSession.objects.count())"
    stored = int(manage(env, "shell", "-c", script).split()[-1])
    check(
        stored == len(acknowledged),
        f"all {len(acknowledged)} acknowledged sessions are stored, once each ({stored})",
    )


if __name__ == "__main__":
    try:
        run()
    except (CheckFailed, subprocess.CalledProcessError) as error:
        print(f"scaleout FAILED: {error}", file=sys.stderr)
        sys.exit(1)
