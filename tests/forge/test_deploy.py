"""Production settings: the deploy checks pass, and bad configuration fails loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.redis_support import REDIS_TEST_URL, needs_redis

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-test-only-" + "y" * 20,
    "ALLOWED_HOSTS": "forge.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | (env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("DATABASE_CONN_MAX_AGE", "soon")])
def test_a_malformed_setting_fails_loudly(name, value):
    result = manage("check", env={name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_static_files_collect_into_a_compressed_hashed_manifest(tmp_path):
    result = manage("collectstatic", "--no-input", "-v0", env={"STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").is_file()
    assert list(tmp_path.glob("admin/css/base.*.css.gz"))


SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}), s.BENCH]))"
)


def settings_under(env) -> list:
    import json

    result = manage("shell", "-c", SHOW_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_shares_redis_and_keeps_checked_database_connections_open():
    backend, location, max_age, health_checks, options, bench = settings_under(
        PRODUCTION
        | {
            "REDIS_URL": REDIS_TEST_URL,
            "DATABASE_URL": "postgres://forge@127.0.0.1:5432/forge",
        }
    )
    assert backend == "forge.lib.cache.RedisCache"
    assert location == REDIS_TEST_URL
    assert (max_age, health_checks) == (600, True)
    # Short index reads: no JIT compile and no parallel workers (their start-up costs more).
    assert options == {"options": "-c jit=off -c max_parallel_workers_per_gather=0"}
    assert bench is False


def test_development_caches_in_memory_and_opens_a_connection_per_request():
    backend, _, max_age, _, options, bench = settings_under({"REDIS_URL": ""})
    assert backend == "forge.lib.cache.LocMemCache"
    assert max_age == 0 and bench is False
    # SQLite: writers queue at BEGIN, readers never wait for them (WAL).
    assert (
        options["transaction_mode"] == "IMMEDIATE" and "journal_mode=WAL" in options["init_command"]
    )


def test_the_bare_benchmark_view_is_not_routed_unless_bench_is_on(client):
    assert client.get("/bench/bare/").status_code == 404


@needs_redis
def test_the_redis_cache_reuses_one_client_and_works(settings):
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from forge.lib.cache import RedisCache

    backend = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": "forge-test-reuse"})
    assert isinstance(backend, DjangoRedisCache)
    client = backend._cache
    assert client.get_client() is client.get_client(write=True)
    # Redis runs beside PostgreSQL wherever the suite runs (DB 10 is this suite's).
    backend.set("answer", {"n": 42}, timeout=30)
    assert backend.get("answer") == {"n": 42}
    backend.delete("answer")
    assert backend.get("answer") is None


def test_env_example_can_be_sourced_and_passes_the_deploy_checks():
    shell = subprocess.run(
        ["bash", "-c", "set -euo pipefail; set -a; . ./.env.example; set +a; env -0"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert shell.returncode == 0, shell.stderr.decode()
    loaded = dict(
        entry.split("=", 1) for entry in shell.stdout.decode().split("\0") if "=" in entry
    )
    assert loaded["DEFAULT_FROM_EMAIL"] == "Forge <noreply@forge.example.org>"
    assert loaded["TRUSTED_PROXY_COUNT"] == "1"
    example = {
        name: loaded[name]
        for name in (ROOT / ".env.example").read_text().split()
        for name in [name.split("=", 1)[0]]
        if name in loaded and name.isupper()
    }
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        # The example's secret is a placeholder to replace; its database is not there.
        env=example
        | {"DATABASE_URL": "sqlite:///:memory:", "SECRET_KEY": PRODUCTION["SECRET_KEY"]},
    )
    assert result.returncode == 0, result.stdout + result.stderr
