"""Production settings: the deploy checks pass, and bad configuration fails loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
