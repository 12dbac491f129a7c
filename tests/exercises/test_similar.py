"""Similar exercises: the ranking, and the bounded candidate pools that keep it flat."""

import pytest

from exercises import selectors
from exercises.models import Category, Equipment
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def _stretch(name, **kwargs):
    return ExerciseFactory(
        name=name, category=Category.objects.get(slug="stretching"), stretch=True, **kwargs
    )


def test_similar_ranks_category_then_shared_targets_then_equipment():
    seed = _stretch("Seed Stretch", target=["hamstrings", "glutes"])
    both = _stretch("Both Muscles Stretch", target=["hamstrings", "glutes"])
    one = _stretch("One Muscle Stretch", target=["hamstrings"])
    kit = _stretch(
        "Machine One Muscle Stretch",
        target=["hamstrings"],
        equipment=Equipment.objects.get(slug="machine"),
    )
    strength = ExerciseFactory(name="Strength Both Muscles", target=["hamstrings", "glutes"])
    ExerciseFactory(name="Unrelated Press", target=["chest"], body_part=seed.body_part)

    similar = selectors.exercise_similar(exercise=seed)

    # Same category first; more shared targets; then the same equipment (the seed's).
    assert [e.name for e in similar] == [both.name, one.name, kit.name, strength.name]


def test_similar_scores_only_the_newest_candidates_of_each_pool(monkeypatch):
    seed = _stretch("Seed Stretch", target=["hamstrings"])
    oldest = _stretch("Oldest Hamstring Stretch", target=["hamstrings"])
    newer = [_stretch(f"Newer Hamstring Stretch {n}", target=["hamstrings"]) for n in range(3)]
    monkeypatch.setattr(selectors, "SIMILAR_CANDIDATES", 3)

    similar = selectors.exercise_similar(exercise=seed)

    assert oldest not in similar
    assert sorted(e.pk for e in similar) == sorted(e.pk for e in newer)
    monkeypatch.setattr(selectors, "SIMILAR_CANDIDATES", 200)
    assert oldest in selectors.exercise_similar(exercise=seed)


def test_similar_takes_a_constant_number_of_queries(django_assert_num_queries):
    seed = _stretch("Seed Stretch", target=["hamstrings"])
    for n in range(8):
        _stretch(f"Hamstring Stretch {n}", target=["hamstrings"])
    seed = selectors.exercise_detail(slug=seed.slug)
    # pools by muscle and by kind, then the six rows (exercises.cards reads their card data)
    with django_assert_num_queries(3):
        assert len(selectors.exercise_similar(exercise=seed)) == 6
