"""Concurrent writes on a SQLite file (Forge's default database): two saves of one session at
the same moment both succeed, one stores it. The suite's own SQLite database lives in memory
(shared-cache, with other locking rules), so this runs Forge's settings against a file of its
own in a separate process."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import threading, uuid
from datetime import timedelta

import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

call_command("migrate", verbosity=0)
from forge.models import User
from plans.services import sessions
from tests.factories import ExerciseFactory

member = User.objects.create_user(email="race@example.com", password="x-long-password-1")
exercise = ExerciseFactory()
created, errors = [], []


def save(session_id, barrier):
    try:
        barrier.wait()
        now = timezone.now()
        entry = sessions.EntryInput(exercise=exercise, side="both", reps=5)
        _session, new = sessions.session_log(
            owner=member, started_at=now - timedelta(minutes=5), ended_at=now,
            entries=[entry], session_id=session_id,
        )
        created.append(new)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()


for _ in range(PAIRS):
    session_id, barrier = uuid.uuid4(), threading.Barrier(2)
    threads = [threading.Thread(target=save, args=(session_id, barrier)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
print(len(created), sum(created), len(errors), errors[:3])
"""


def test_two_saves_of_one_session_at_once_both_succeed_on_a_sqlite_file(tmp_path):
    pairs = 15
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forge.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'forge.sqlite3'}",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("PAIRS", str(pairs))],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answered, stored, failed, examples = result.stdout.strip().splitlines()[-1].split(" ", 3)
    # Every request answered, one session stored per pair, and no "database is locked".
    assert (int(answered), int(stored), int(failed)) == (2 * pairs, pairs, 0), examples
