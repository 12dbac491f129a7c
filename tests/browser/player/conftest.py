"""The player's cast: a member and a day of one per-side stretch and one reps exercise."""

import pytest

from exercises.models import Exercise
from plans.services import plans as services
from tests.conftest import PASSWORD
from tests.factories import UserFactory


@pytest.fixture
def member(catalogue):
    return UserFactory(email="player@example.org", password=PASSWORD)


@pytest.fixture
def day(member):
    """A day of one per-side stretch (30 s, then 20 s rest) and one reps exercise (10)."""
    plan = services.plan_create(owner=member, name="Hips and legs")
    day = plan.days.get()
    pigeon = services.plan_add_exercise(
        plan=plan, exercise=Exercise.objects.get(slug="pigeon-pose"), day=day
    )
    services.plan_item_update(
        item=pigeon, sets=1, hold_seconds=30, reps=None, per_side=True, rest_seconds=20
    )
    squat = services.plan_add_exercise(
        plan=plan, exercise=Exercise.objects.get(slug="bodyweight-squat"), day=day
    )
    services.plan_item_update(
        item=squat, sets=1, reps=10, hold_seconds=None, per_side=False, rest_seconds=0
    )
    return day
