"""`make scaleout`: two Forge app servers behind nginx, sharing one PostgreSQL and one Redis.

Starts two gunicorn instances (forge/gunicorn_conf.py) and Debian's nginx on loopback, then
proves, failing loudly otherwise:
  1. nginx compresses HTML and serves static files with far-future cache headers;
  2. a login made through server A is valid on server B;
  3. an editor's publish through A shows at once on B (whose visitor cache held the old page);
  4. the API throttle counts requests sent to both servers together.
It stops everything it started (and drops its database) even when a check fails.

Environment: SCALEOUT_DATABASE_URL (a PostgreSQL database this script may drop and create,
default postgres://postgres@127.0.0.1:5432/forge_scaleout), SCALEOUT_REDIS_URL (default
redis://127.0.0.1:6379/11; keys get a fresh prefix and are deleted at the end),
SCALEOUT_PORT (nginx's port; the app servers take the next two; default 8100).
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
THROTTLE = 12  # anonymous API requests per minute, shared by both servers
PASSWORD = "scaleout-Pass-8472"

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    # HTML is always compressed when gzip is on; add the other text types Forge serves.
    gzip on;
    gzip_proxied any;
    gzip_vary on;
    gzip_min_length 512;
    gzip_types text/css application/javascript application/json image/svg+xml text/plain;

    upstream forge {{
        server {host}:{port_a};
        server {host}:{port_b};
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        # Hashed file names (whitenoise's manifest): a file never changes under its URL.
        location /static/ {{
            alias {static_root}/;
            expires max;
            add_header Cache-Control "public, max-age=31536000, immutable";
        }}
        location / {{
            proxy_pass http://forge;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"  ok  {message}")


# --- A tiny HTTP client with a cookie jar --------------------------------------------------


class Browser:
    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port, method, path, *, form=None, headers=None):
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val in ('""', "") or "max-age=0" in value.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val
        connection.close()
        return response, content.decode("utf-8", "replace")

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post_form(self, port, path, form):
        """Post a form the way a browser does: fetch it first for its CSRF token."""
        _, page = self.get(port, path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise CheckFailed(f"no CSRF token on {path}")
        return self.request(
            port, "POST", path, form={"csrfmiddlewaretoken": match.group(1), **form}
        )


# --- Processes ---------------------------------------------------------------------------


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout=40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"{name} exited with status {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise CheckFailed(f"{name} did not listen on port {port} within {timeout:.0f} s")


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def manage(env, *args) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout


def recreate_database(url: str, *, drop_only=False) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def delete_redis_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


SETUP = """
from exercises.models import Exercise, Status
from forge.services import user_make_editor
from forge.models import User
from tests.factories import ExerciseFactory
user_make_editor(email="editor@scaleout.test", password="{password}")
User.objects.create_user(email="member@scaleout.test", password="{password}")
print(ExerciseFactory(name="Scaleout Draft Squat", status=Status.DRAFT).pk)
"""


def run() -> None:
    database_url = os.environ.get(
        "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/forge_scaleout"
    )
    redis_url = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/11")
    port = int(os.environ.get("SCALEOUT_PORT", "8100"))
    port_a, port_b = port + 1, port + 2
    prefix = f"scaleout-{secrets.token_hex(4)}"
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise CheckFailed("nginx is not installed: apt-get install -y nginx")

    with ExitStack() as cleanup, tempfile.TemporaryDirectory(prefix="forge-scaleout-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's worker reads the static files in here
        static_root = Path(tmp) / "static"
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "STATIC_ROOT": str(static_root),
            "API_THROTTLE_ANON": f"{THROTTLE}/minute",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
        }
        started = time.monotonic()
        print(f"== database {urlsplit(database_url).path.lstrip('/')}, redis prefix {prefix}")
        recreate_database(database_url)
        cleanup.callback(recreate_database, database_url, drop_only=True)
        cleanup.callback(delete_redis_keys, redis_url, prefix)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "import_exercises", "exercises/data/starter_catalogue.json")
        draft_id = manage(env, "shell", "-c", SETUP.format(password=PASSWORD)).split()[-1]

        logs = Path(tmp)
        for name, app_port in (("A", port_a), ("B", port_b)):
            log = open(logs / f"gunicorn-{name}.log", "w")  # noqa: SIM115 - closed by cleanup
            cleanup.callback(log.close)
            process = subprocess.Popen(
                [str(GUNICORN), "-c", "forge/gunicorn_conf.py", "forge.wsgi"],
                cwd=REPO,
                env={**env, "GUNICORN_BIND": f"{HOST}:{app_port}", "GUNICORN_WORKERS": "2"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            cleanup.callback(stop, process)
            wait_for_port(app_port, process, f"gunicorn {name}")
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=tmp,
                host=HOST,
                port=port,
                port_a=port_a,
                port_b=port_b,
                static_root=static_root,
            )
        )
        proxy = subprocess.Popen(
            [nginx, "-p", tmp, "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(logs / "nginx.log", "w"),  # noqa: SIM115 - lives as long as nginx
        )
        cleanup.callback(stop, proxy, signal.SIGQUIT)
        wait_for_port(port, proxy, "nginx")
        print(f"== nginx :{port} -> gunicorn A :{port_a}, B :{port_b}")

        try:
            checks(port, port_a, port_b, draft_id)
        except Exception:
            for log_path in sorted(Path(tmp).glob("*.log")):
                print(f"--- {log_path.name}\n{log_path.read_text()[-3000:]}", file=sys.stderr)
            raise
        print(f"== scaleout: every check passed in {time.monotonic() - started:.0f} s")


def checks(port: int, port_a: int, port_b: int, draft_id: str) -> None:
    print("1. nginx: gzip for HTML, far-future static files")
    visitor = Browser()
    response, html = visitor.get(port, "/", headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, "the home page answers through nginx")
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


if __name__ == "__main__":
    try:
        run()
    except (CheckFailed, subprocess.CalledProcessError) as error:
        print(f"scaleout FAILED: {error}", file=sys.stderr)
        sys.exit(1)
