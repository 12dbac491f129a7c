"""Tests that need Redis: the suite's own database on it (DB 10), and a mark that skips them
where no Redis runs (never in CI, which has it)."""

import os
import socket

import pytest

REDIS_TEST_URL = "redis://127.0.0.1:6379/10"


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_is_up() and not os.environ.get("CI"),
    reason="needs Redis on 127.0.0.1:6379 (CI has it and runs this)",
)
