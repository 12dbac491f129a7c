"""The pieces `make scaleout` and `make faults` share: Forge's app servers (gunicorn) behind
nginx on loopback, a tiny HTTP client, and the drain. (The private PostgreSQL and Redis that
`make faults` breaks are in bench/private.py.)

nginx's configuration here is the one README.md recommends: version hidden
(`server_tokens off`), static files served by nginx, everything else passed to the
gunicorn servers, and a request that could not reach one server (refused, reset before an
answer, timed out) passed to the other — nginx does that for GET and HEAD always, and for a
POST only when it never reached the first server, so a write is never applied twice. A
server is skipped only after 3 failures within a second, and for a second (nginx's default,
one failure and ten seconds, let a single killed worker take a whole server out, and a
second fault then left no server at all).

Draining a server (`Stack.drain`): mark it `down` in the upstream and reload nginx, whose
old workers finish the requests in flight while new ones go to the other server; then stop
gunicorn gracefully (SIGTERM: it finishes its current requests). No request is lost.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running this script
PYTHON = BIN / "python"
GUNICORN = BIN / "gunicorn"
HOST = "127.0.0.1"

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    # No version in the Server header or on nginx's own error pages.
    server_tokens off;
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
{servers}
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
            # A server that refuses or drops the connection: try the other one (see above).
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
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
    def __init__(self, headers: dict[str, str] | None = None):
        self.cookies: dict[str, str] = {}
        self.headers = dict(headers or {})

    def request(self, port, method, path, *, form=None, json_body=None, headers=None, timeout=30):
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val in ('""', "") or "max-age=0" in value.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val
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


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def wait_for_port(port: int, process: subprocess.Popen | None, name: str, timeout=40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise CheckFailed(f"{name} exited with status {process.returncode}")
        if port_open(port):
            return
        time.sleep(0.1)
    raise CheckFailed(f"{name} did not listen on port {port} within {timeout:.0f} s")


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
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

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.exceptions.ConnectionError:
        pass  # a private Redis already stopped: nothing to clean


def app_env(*, database_url, redis_url, prefix, static_root, **extra) -> dict[str, str]:
    """Forge as in production (DEBUG off), for loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(REPO),
        **extra,
    }


# --- Two gunicorn servers behind nginx ------------------------------------------------------


@dataclass
class Stack:
    """nginx on `port`, gunicorn servers on the next ports ("A", "B", …)."""

    tmp: Path
    env: dict[str, str]
    port: int
    names: tuple[str, ...] = ("A", "B")
    workers: int = 2
    servers: dict[str, subprocess.Popen] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    proxy: subprocess.Popen | None = None
    _logs: list = field(default_factory=list)

    def server_port(self, name: str) -> int:
        return self.port + 1 + self.names.index(name)

    def start_server(self, name: str) -> None:
        log = open(self.tmp / f"gunicorn-{name}.log", "a")  # noqa: SIM115 - closed in close()
        self._logs.append(log)
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "forge/gunicorn_conf.py", "forge.wsgi"],
            cwd=REPO,
            env={
                **self.env,
                "GUNICORN_BIND": f"{HOST}:{self.server_port(name)}",
                "GUNICORN_WORKERS": str(self.workers),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.servers[name] = process
        wait_for_port(self.server_port(name), process, f"gunicorn {name}")

    def worker_pids(self, name: str) -> list[int]:
        master = self.servers[name].pid
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(master)], text=True, stdout=subprocess.PIPE
        ).stdout
        return [int(pid) for pid in out.split()]

    def _write_conf(self) -> Path:
        servers = "\n".join(
            f"        server {HOST}:{self.server_port(name)} max_fails=3 fail_timeout=1s"
            f"{' down' if name in self.down else ''};"
            for name in self.names
        )
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=self.tmp,
                host=HOST,
                port=self.port,
                servers=servers,
                static_root=self.env["STATIC_ROOT"],
            )
        )
        return conf

    def start(self) -> None:
        for name in self.names:
            self.start_server(name)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise CheckFailed("nginx is not installed: apt-get install -y nginx")
        conf = self._write_conf()
        error_log = open(self.tmp / "nginx.log", "w")  # noqa: SIM115 - closed in close()
        self._logs.append(error_log)
        self.proxy = subprocess.Popen(
            [nginx, "-p", str(self.tmp), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=error_log,
        )
        wait_for_port(self.port, self.proxy, "nginx")

    def reload_nginx(self) -> None:
        self._write_conf()
        assert self.proxy is not None
        self.proxy.send_signal(signal.SIGHUP)
        time.sleep(0.3)  # new workers take over; old ones finish their requests

    def drain(self, name: str) -> float:
        """Take a server out without losing a request: nginx stops sending it new ones
        (reload), then gunicorn finishes what it has and exits. Returns the seconds taken."""
        started = time.monotonic()
        self.down.add(name)
        self.reload_nginx()
        stop(self.servers[name])
        return time.monotonic() - started

    def close(self) -> None:
        if self.proxy is not None:
            stop(self.proxy, signal.SIGQUIT)
        for process in self.servers.values():
            stop(process)
        for log in self._logs:
            log.close()

    def dump_logs(self) -> None:
        for log_path in sorted(self.tmp.glob("*.log")):
            print(f"--- {log_path.name}\n{log_path.read_text()[-3000:]}", file=sys.stderr)


def temporary_folder(prefix: str) -> tempfile.TemporaryDirectory:
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    os.chmod(folder.name, 0o755)  # nginx's worker reads the static files in here
    return folder
