"""Concurrent writes to one plan, on PostgreSQL (SQLite: tests/plans/test_concurrency_sqlite.py)."""

import threading

import pytest
from django.db import connection

from plans.models import PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="row locks are tested on PostgreSQL"
)


def _run_at_once(jobs):
    """Run each job in its own thread and connection, all released together; their errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


# Real transactions (threads need them); serialized_rollback restores the seeded vocabulary.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_of_one_item_never_fail_and_keep_both_days_gap_free(member):
    plan = plan_services.plan_create(owner=member, name="Busy")
    monday = plan.days.get()
    tuesday = plan_services.plan_day_add(plan=plan, name="Tuesday")
    for name in ["A", "B", "C"]:
        plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name=name), day=monday)
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="D"), day=tuesday)
    moved = monday.items.get(exercise__name="B")

    def job(i):
        # Each request read the item before the others moved it (as a view would have).
        stale = PlanItem.objects.select_related("day").get(pk=moved.pk)
        if i % 3 == 0:
            return lambda: plan_services.plan_item_move_to_day(
                item=stale, day=tuesday if i % 2 else monday
            )
        return lambda: plan_services.plan_item_move(item=stale, direction="up" if i % 2 else "down")

    errors = _run_at_once([job(i) for i in range(12)])

    assert errors == []
    for day in (monday, tuesday):
        assert sorted(day.items.values_list("position", flat=True)) == list(
            range(1, day.items.count() + 1)
        )
    assert PlanItem.objects.filter(day__plan=plan).count() == 4
