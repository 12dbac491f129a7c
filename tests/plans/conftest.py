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
    """Load the catalogue and routines once per test module, in a transaction rolled back
    when the module is done; each test's own transaction (the `db` fixture) nests inside it.

    Not pytest-django's "populate the test database" recipe (an override of the
    session-scoped django_db_setup): that would leave the catalogue in the one test
    database for every later test of the run, including tests/forge and the tests here
    that expect an empty catalogue, and a transactional test's flush would wipe it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_exercises", str(STARTER_CATALOGUE), "--format", "forge", verbosity=0)
        call_command("load_routines", verbosity=0)
        # Between the tests the database is blocked again, as it is for any test without `db`.
        with django_db_blocker.block():
            yield
        transaction.set_rollback(True)


@pytest.fixture
def starter(_starter_in_module, db):
    """The starter catalogue and the shipped routines, as `make starter` loads them."""
