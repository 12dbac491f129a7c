from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import ExerciseFactory


@pytest.fixture
def stretch():
    """A timed, per-side stretch: its default plan item is a 30 s hold on each side."""
    return ExerciseFactory(name="Lying Glutes Stretch", stretch=True)


STARTER_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "exercises" / "data" / "starter_catalogue.json"
)


@pytest.fixture(scope="module")
def _starter_in_module(django_db_setup, django_db_blocker):
    """Load the catalogue and routines once per test module, inside a transaction that is
    rolled back when the module is done; each test's own transaction nests inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command(
                "import_exercises", str(STARTER_CATALOGUE), "--format", "forge", verbosity=0
            )
            call_command("load_routines", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def starter(_starter_in_module, db):
    """The starter catalogue and the shipped routines, as `make starter` loads them."""
