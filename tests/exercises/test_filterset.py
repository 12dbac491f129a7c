"""The exercise FilterSet copies its declared filters shallowly and its form keeps its fields
as made: each instance still has filters, fields and choices of its own."""

from django.http import QueryDict
from django.utils import translation

from exercises import selectors
from exercises.api.filters import ExerciseFilterSet
from exercises.models import BodyPart
from exercises.services import catalogue_version_bump


def filterset(query: str) -> ExerciseFilterSet:
    return ExerciseFilterSet(QueryDict(query), queryset=selectors.exercise_list())


def test_each_instance_has_its_own_filters_fields_and_choices(db):
    first, second = filterset("body_part=legs"), filterset("level=beginner")
    for name, declared in ExerciseFilterSet.base_filters.items():
        assert first.filters[name] is not declared
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first and second.filters[name].parent is second
        assert first.form.fields[name] is not second.form.fields[name]
        assert first.form.fields[name] is first.filters[name].field
    assert first.form.fields["body_part"].lazy_choices is not (
        second.form.fields["body_part"].lazy_choices
    )
    assert not hasattr(ExerciseFilterSet.base_filters["body_part"], "_field")


def test_method_filters_run_on_their_own_filterset(db):
    legs = filterset("no_partner=true&muscle=hamstrings&muscle_role=target")
    assert legs.is_valid()
    method = legs.filters["no_partner"].filter
    assert method.f is legs.filters["no_partner"]
    sql = str(legs.qs.query)
    assert "needs_partner" in sql and "muscle_role_rank" in sql


def test_choices_follow_the_language_and_the_catalogue(db):
    with translation.override("de"):
        german = dict(filterset("").form.fields["body_part"].choices)
    english = dict(filterset("").form.fields["body_part"].choices)
    assert german.keys() == english.keys()
    BodyPart.objects.create(slug="new-part", name="New part")
    catalogue_version_bump()
    assert "new-part" in dict(filterset("").form.fields["body_part"].choices)


def test_only_a_difficulty_ordering_reads_the_difficulty_rank(db):
    assert "difficulty_rank" not in str(filterset("").qs.query)
    assert "difficulty_rank" not in str(filterset("ordering=name").qs.query)
    assert "difficulty_rank" in str(filterset("ordering=-difficulty").qs.query)
