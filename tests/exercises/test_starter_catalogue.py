"""The starter catalogue shipped in the repo, checked through the real importer."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from exercises.models import BodyPart, Exercise, Status
from exercises.selectors import exercise_export_list

pytestmark = pytest.mark.django_db

STARTER = Path(__file__).resolve().parents[2] / "exercises" / "data" / "starter_catalogue.json"
STRENGTH_CLAIM = re.compile(r"\b(build|builds|building) (strength|muscle)", re.IGNORECASE)


@pytest.fixture
def catalogue():
    call_command("import_exercises", str(STARTER), verbosity=0)
    return list(exercise_export_list())


def test_starter_catalogue_is_large_enough_and_covers_every_body_part(catalogue):
    assert len(catalogue) >= 60
    assert all(exercise.status == Status.PUBLISHED for exercise in catalogue)
    categories = Counter(exercise.category.slug for exercise in catalogue)
    assert categories["stretching"] + categories["mobility"] >= 30
    assert {e.body_part.slug for e in catalogue} == set(
        BodyPart.objects.values_list("slug", flat=True)
    )


def test_every_starter_exercise_has_every_section(catalogue):
    for exercise in catalogue:
        assert exercise.summary, exercise.slug
        assert exercise.target_muscles, exercise.slug
        assert len(exercise.steps.all()) >= 4, exercise.slug
        assert len(exercise.tips.all()) >= 3, exercise.slug
        assert len(exercise.mistakes.all()) >= 3, exercise.slug
        assert len(exercise.faqs.all()) >= 4, exercise.slug


def test_stretches_hold_for_a_time_and_never_claim_to_build_strength(catalogue):
    for exercise in catalogue:
        if exercise.category.slug != "stretching":
            continue
        assert exercise.is_timed, exercise.slug
        texts = [exercise.summary, *(t.text for t in exercise.tips.all())]
        texts += [f.answer for f in exercise.faqs.all()]
        for text in texts:
            assert not STRENGTH_CLAIM.search(text) or "not" in text.lower(), (exercise.slug, text)


def test_lying_glutes_stretch_carries_the_seed_pages_facts(catalogue):
    exercise = next(e for e in catalogue if e.slug == "lying-glutes-stretch")
    assert exercise.name == "Lying Glutes Stretch"
    assert exercise.body_part.slug == "legs"
    assert exercise.equipment.slug == "machine"
    assert [m.slug for m in exercise.target_muscles] == ["glutes"]
    assert [m.slug for m in exercise.secondary_muscles] == ["hamstrings"]
    assert exercise.difficulty == "beginner"
    assert exercise.category.slug == "stretching"
    assert (exercise.hold_seconds_min, exercise.hold_seconds_max) == (20, 60)
    assert exercise.per_side


def test_loading_the_starter_catalogue_twice_changes_nothing(catalogue):
    before = list(Exercise.objects.values("pk", "updated_at").order_by("pk"))
    call_command("import_exercises", str(STARTER), verbosity=0)
    assert list(Exercise.objects.values("pk", "updated_at").order_by("pk")) == before
