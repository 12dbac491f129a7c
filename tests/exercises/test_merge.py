"""Folding a twin into an exercise: the service, the admin action and the old address."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from exercises.models import (
    Exercise,
    ExerciseSource,
    ExerciseStep,
    ExerciseVariation,
    SlugRedirect,
)
from exercises.services import exercise_merge, exercises_refresh_search_text
from forge.lib.errors import InvalidInput
from plans.models import PlanItem, SessionEntry
from plans.services import plans as plan_services
from plans.services import sessions as session_services
from tests.factories import ExerciseFactory, complete_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    rich = complete_exercise(name="Plank", aliases="Front plank", target=["abdominals"])
    thin = ExerciseFactory(
        name="Planks",
        source="free-exercise-db",
        source_id="Plank",
        aliases="Forearm plank",
        target=["abdominals", "shoulders"],
    )
    ExerciseStep.objects.create(exercise=thin, position=1, text="A thin step.")
    other = ExerciseFactory(name="Side Plank")
    ExerciseVariation.objects.create(exercise=other, variation=thin, kind="harder")
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    return rich, thin, other


def test_merging_folds_the_twin_in_and_keeps_the_targets_text(twins, member):
    rich, thin, other = twins
    plan = plan_services.plan_create(owner=member, name="Core")
    item = plan_services.plan_add_exercise(plan=plan, exercise=thin)
    start = timezone.now() - timedelta(hours=1)
    session, _ = session_services.session_log(
        owner=member,
        started_at=start,
        ended_at=start + timedelta(minutes=5),
        entries=[session_services.EntryInput(exercise=thin, hold_seconds=40)],
    )

    exercise_merge(source=thin, target=rich)

    assert not Exercise.objects.filter(pk=thin.pk).exists()
    rich = Exercise.objects.get(pk=rich.pk)
    # "Planks" is the target's own name once normalised, so only the new name is added.
    assert rich.alias_list == ["Front plank", "Forearm plank"]
    # The target had steps and muscles of its own: the twin's do not replace them.
    assert list(rich.steps.values_list("text", flat=True)) == [f"Step {i}." for i in range(1, 5)]
    assert sorted(m.slug for m in rich.muscles.all()) == ["abdominals", "hamstrings"]
    # Members' plans and logs now use the exercise that stays.
    assert PlanItem.objects.get(pk=item.pk).exercise == rich
    assert SessionEntry.objects.get(session=session).exercise == rich
    # Links to the twin now lead to it; the twin's record is a linked source.
    assert ExerciseVariation.objects.get(exercise=other).variation == rich
    assert list(rich.linked_sources.values_list("source", "source_id", "name")) == [
        ("free-exercise-db", "Plank", "Planks")
    ]
    assert SlugRedirect.objects.get(old_slug="planks").exercise == rich
    # And search finds it by the twin's name.
    assert rich.search_terms.filter(term="forearm plank").exists()


def test_the_twins_old_address_redirects_for_good(client, twins):
    rich, thin, _ = twins
    exercise_merge(source=thin, target=rich)
    response = client.get("/exercise/planks/")
    assert response.status_code == 301 and response.url == "/exercise/plank/"


def test_an_exercise_cannot_be_merged_into_itself(twins):
    rich, _, _ = twins
    with pytest.raises(InvalidInput):
        exercise_merge(source=rich, target=rich)
    assert Exercise.objects.filter(pk=rich.pk).exists()


def test_a_superuser_merges_from_the_admin_after_choosing_what_stays(admin_client, twins):
    rich, thin, _ = twins
    url = reverse("admin:exercises_exercise_changelist")
    ask = admin_client.post(url, {"action": "merge", ACTION_CHECKBOX_NAME: [rich.pk, thin.pk]})
    assert ask.status_code == 200 and b"Choose the exercise to keep" in ask.content
    assert Exercise.objects.filter(pk=thin.pk).exists()
    done = admin_client.post(
        url,
        {
            "action": "merge",
            ACTION_CHECKBOX_NAME: [rich.pk, thin.pk],
            "confirm": "yes",
            "target": rich.pk,
        },
    )
    assert done.status_code == 302
    assert not Exercise.objects.filter(pk=thin.pk).exists()
    assert ExerciseSource.objects.get().exercise_id == rich.pk


def test_editors_cannot_merge_because_merging_deletes_an_exercise(editor_client, twins):
    rich, thin, _ = twins
    url = reverse("admin:exercises_exercise_changelist")
    editor_client.post(
        url,
        {
            "action": "merge",
            ACTION_CHECKBOX_NAME: [rich.pk, thin.pk],
            "confirm": "yes",
            "target": rich.pk,
        },
    )
    assert Exercise.objects.filter(pk=thin.pk).exists()
