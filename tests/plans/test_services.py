import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from forge.lib.errors import InvalidInput, LimitReached
from plans import timeline
from plans.models import Plan, PlanDay, PlanItem
from plans.services import plans as plan_services
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def positions(day) -> list[tuple[str, int]]:
    return list(day.items.order_by("position").values_list("exercise__name", "position"))


@pytest.fixture
def plan(member):
    return plan_services.plan_create(owner=member, name="Morning")


def test_plan_create_makes_a_plan_with_a_first_day(member):
    plan = plan_services.plan_create(owner=member, name="  Morning  ")
    assert plan.name == "Morning" and plan.owner == member
    assert list(plan.days.values_list("name", "position")) == [("Day 1", 1)]


def test_plan_create_rejects_an_empty_name(member):
    with pytest.raises(ValidationError):
        plan_services.plan_create(owner=member, name="   ")
    assert not Plan.objects.exists()


def test_adding_an_exercise_uses_its_default_prescription(plan, stretch):
    item = plan_services.plan_add_exercise(plan=plan, exercise=stretch)

    item.refresh_from_db()
    assert (item.hold_seconds, item.reps, item.per_side, item.sets) == (30, None, True, 1)
    assert item.day == plan.days.get() and item.position == 1


def test_adding_a_rep_exercise_prefills_sets_and_reps(plan):
    push_up = ExerciseFactory(name="Push-Up")
    item = plan_services.plan_add_exercise(plan=plan, exercise=push_up)
    assert (item.sets, item.reps, item.hold_seconds) == (3, 10, None)


def test_items_are_appended_in_order(plan, stretch):
    other = ExerciseFactory(name="Plank")
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_add_exercise(plan=plan, exercise=other)
    assert positions(plan.days.get()) == [("Lying Glutes Stretch", 1), ("Plank", 2)]


def test_a_day_of_another_plan_is_refused(plan, stretch, member):
    other_plan = plan_services.plan_create(owner=member, name="Other")
    with pytest.raises(InvalidInput, match="That day belongs to another plan"):
        plan_services.plan_add_exercise(plan=plan, exercise=stretch, day=other_plan.days.get())
    assert not PlanItem.objects.exists()


def _three_items(plan):
    for name in ["A", "B", "C"]:
        plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name=name))
    return plan.days.get()


def test_moving_items_keeps_positions_gap_free(plan):
    day = _three_items(plan)
    c = day.items.get(exercise__name="C")

    plan_services.plan_item_move(item=c, direction="up")
    assert positions(day) == [("A", 1), ("C", 2), ("B", 3)]
    plan_services.plan_item_move(item=c, direction="up")
    plan_services.plan_item_move(item=c, direction="up")  # already first: stays put
    assert positions(day) == [("C", 1), ("A", 2), ("B", 3)]


def test_removing_an_item_closes_the_gap(plan):
    day = _three_items(plan)
    plan_services.plan_item_remove(item=day.items.get(exercise__name="A"))
    assert positions(day) == [("B", 1), ("C", 2)]


def test_moving_an_item_to_another_day_renumbers_both_days(plan):
    day = _three_items(plan)
    evening = plan_services.plan_day_add(plan=plan, name="Evening")
    plan_services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="D"), day=evening)

    plan_services.plan_item_move_to_day(item=day.items.get(exercise__name="A"), day=evening)

    assert positions(day) == [("B", 1), ("C", 2)]
    assert positions(evening) == [("D", 1), ("A", 2)]


def test_an_item_cannot_move_to_another_members_day(plan, other_member):
    day = _three_items(plan)
    foreign = plan_services.plan_create(owner=other_member, name="Theirs").days.get()
    with pytest.raises(InvalidInput, match="only move between days of its own plan"):
        plan_services.plan_item_move_to_day(item=day.items.first(), day=foreign)
    assert foreign.items.count() == 0


def test_reorder_puts_items_in_the_given_order_and_rejects_partial_lists(plan):
    day = _three_items(plan)
    a, b, c = day.items.order_by("position")
    plan_services.plan_reorder_items(day=day, item_ids=[c.pk, a.pk, b.pk])
    assert positions(day) == [("C", 1), ("A", 2), ("B", 3)]
    with pytest.raises(InvalidInput, match="Give every item of the day exactly once") as error:
        plan_services.plan_reorder_items(day=day, item_ids=[a.pk, b.pk])
    assert error.value.field == "item_ids"
    assert positions(day) == [("C", 1), ("A", 2), ("B", 3)]


def test_day_add_rename_and_remove(plan):
    evening = plan_services.plan_day_add(plan=plan, name="")
    assert evening.name == "Day 2" and evening.position == 2
    plan_services.plan_day_rename(day=evening, name="Evening")
    plan_services.plan_day_remove(day=plan.days.get(position=1))
    assert list(plan.days.values_list("name", "position")) == [("Evening", 1)]
    with pytest.raises(LimitReached, match="A plan needs at least one day"):
        plan_services.plan_day_remove(day=plan.days.get())
    assert plan.days.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hold_seconds": -5}, "hold_seconds"),
        ({"hold_seconds": 99_999}, "hold_seconds"),
        ({"rest_seconds": 10_000}, "rest_seconds"),
        ({"sets": 0}, "sets"),
        ({"reps": 10}, "reps"),  # reps on a held stretch makes no sense
        ({"hold_seconds": None}, "reps"),  # neither reps nor a hold
    ],
)
def test_invalid_prescriptions_are_refused_by_field(plan, stretch, fields, field):
    item = plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_item_update(item=item, **fields)
    assert field in error.value.message_dict
    item.refresh_from_db()
    assert (item.hold_seconds, item.reps, item.rest_seconds, item.sets) == (30, None, 30, 1)


def test_plan_copy_duplicates_days_and_items_for_the_new_owner(plan, stretch, other_member):
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    evening = plan_services.plan_day_add(plan=plan, name="Evening")
    item = plan_services.plan_add_exercise(
        plan=plan, exercise=ExerciseFactory(name="Plank"), day=evening
    )
    plan_services.plan_item_update(item=item, notes="Keep the hips level.")

    copy = plan_services.plan_copy(plan=plan, owner=other_member)

    assert copy.owner == other_member and copy.name == "Copy of Morning"
    assert list(copy.days.values_list("name", "position")) == [("Day 1", 1), ("Evening", 2)]
    copied = PlanItem.objects.filter(day__plan=copy).order_by("day__position")
    assert [(i.exercise.name, i.notes) for i in copied] == [
        ("Lying Glutes Stretch", ""),
        ("Plank", "Keep the hips level."),
    ]
    assert PlanItem.objects.filter(day__plan=plan).count() == 2  # the original is untouched


def test_share_gives_an_unguessable_token_and_unshare_removes_it(plan):
    plan_services.plan_share(plan=plan)
    token = Plan.objects.get(pk=plan.pk).share_token
    assert token and len(token) >= 32
    plan_services.plan_unshare(plan=plan)
    assert Plan.objects.get(pk=plan.pk).share_token is None
    plan_services.plan_share(plan=plan)
    assert Plan.objects.get(pk=plan.pk).share_token != token


def test_deleting_a_plan_deletes_its_days_and_items(plan, stretch):
    plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_delete(plan=plan)
    assert not PlanDay.objects.exists() and not PlanItem.objects.exists()


def test_an_items_estimate_comes_from_the_timeline(plan, stretch):
    item = plan_services.plan_add_exercise(plan=plan, exercise=stretch)
    plan_services.plan_item_update(item=item, sets=2, rest_seconds=20)
    # 2 sets × (30 s left + 5 s switch + 30 s right) + 1 rest of 20 s between the sets
    assert timeline.item_seconds(PlanItem.objects.get(pk=item.pk)) == 150


# Real transactions (threads need them); serialized_rollback restores the seeded vocabulary
# that an earlier transactional test may have flushed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_additions_neither_collide_nor_get_lost(member):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock is tested on PostgreSQL.")
    plan = plan_services.plan_create(owner=member, name="Busy")
    exercises = [ExerciseFactory(name=f"E{i}") for i in range(8)]
    barrier = threading.Barrier(len(exercises))
    errors = []

    def add(exercise):
        try:
            barrier.wait()
            plan_services.plan_add_exercise(plan=plan, exercise=exercise)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(exercise,)) for exercise in exercises]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    day = plan.days.get()
    assert sorted(day.items.values_list("position", flat=True)) == list(range(1, 9))


def test_save_to_a_new_plan_creates_the_plan_and_the_item_together(member, stretch):
    item = plan_services.plan_save_exercise(owner=member, exercise=stretch, new_plan_name=" Hips ")
    assert item.day.plan.name == "Hips" and item.day.plan.owner == member
    assert list(PlanItem.objects.values_list("exercise__name", "day__name")) == [
        ("Lying Glutes Stretch", "Day 1")
    ]


def test_save_without_a_target_or_a_name_is_refused_and_creates_nothing(member, stretch):
    with pytest.raises(InvalidInput, match="Name the new plan") as error:
        plan_services.plan_save_exercise(owner=member, exercise=stretch, new_plan_name="  ")
    assert error.value.field == "new_plan_name"
    assert not Plan.objects.exists() and not PlanItem.objects.exists()


def test_save_to_someone_elses_plan_is_refused(plan, stretch, other_member):
    with pytest.raises(InvalidInput, match="You have no plan with this id"):
        plan_services.plan_save_exercise(owner=other_member, exercise=stretch, plan=plan)
    assert not PlanItem.objects.exists()


def test_save_onto_a_full_day_rolls_back_entirely(plan, stretch, member, monkeypatch):
    monkeypatch.setattr(plan_services, "MAX_ITEMS_PER_DAY", 0)
    with pytest.raises(LimitReached, match="at most 0 exercises"):
        plan_services.plan_save_exercise(owner=member, exercise=stretch, plan=plan)
    assert not PlanItem.objects.exists()
