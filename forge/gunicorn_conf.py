"""Gunicorn settings for Forge in production: `gunicorn -c forge/gunicorn_conf.py forge.wsgi`.

Every value can be changed by an environment variable of the same name (GUNICORN_BIND …);
gunicorn's own command-line flags still win over this file.
"""

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: Forge's requests are short and mostly served from the cache.
workers = _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Behind nginx on the same machine, keep its upstream connections open between requests.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 500)
# Load Django once in the master; workers fork from it (faster start, shared memory).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# The proxy in front sets X-Forwarded-For / X-Forwarded-Proto; trust it on loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
