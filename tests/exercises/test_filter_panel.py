"""The listing's filter panel: widgets kept per catalogue version and language are the very
widgets the form draws, whatever the request sets."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from exercises import selectors
from exercises.api.filters import ExerciseFilterSet
from exercises.filter_panel import filter_panel
from exercises.models import BodyPart
from exercises.services import catalogue_version_bump

pytestmark = pytest.mark.django_db


def form_of(query: str):
    request = RequestFactory().get(f"/exercises/?{query}")
    filterset = ExerciseFilterSet(
        QueryDict(query), queryset=selectors.exercise_listing(), request=request
    )
    filterset.is_valid()
    return filterset.form


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "body_part=legs",
        "body_part=legs,back&level=beginner",
        "level=&muscle_role=&no_partner=",
        "muscle=glutes&muscle_role=target&no_partner=on&ordering=-name",
        "search=glute&equipment=body-weight&position=standing",
        "level=legendary&ordering=price",
    ],
)
def test_the_panel_draws_each_field_as_the_form_does(language, query):
    with translation.override(language):
        form_of("")  # the blank widgets are cached by a first request
        form = form_of(query)
        panel = filter_panel(form)
        expected = [field for field in form if field.name != "q"]
        assert [field.name for field in panel] == [field.name for field in expected]
        for drawn, field in zip(panel, expected, strict=True):
            assert drawn.label == str(field.label) and drawn.id == field.id_for_label
            assert drawn.errors == list(field.errors) and drawn.value == field.value()
            assert drawn.widget == ("" if field.name == "search" else str(field)), field.name


def test_blank_widgets_are_kept_per_language():
    with translation.override("de"):
        german = {field.name: field.widget for field in filter_panel(form_of(""))}
    english = {field.name: field.widget for field in filter_panel(form_of(""))}
    assert "Best match" in english["ordering"] and "Best match" not in german["ordering"]


def test_a_new_catalogue_version_draws_new_widgets():
    filter_panel(form_of(""))
    BodyPart.objects.filter(slug="legs").update(name="Lower body")
    catalogue_version_bump()
    panel = {field.name: field.widget for field in filter_panel(form_of(""))}
    assert '<option value="legs">Lower body</option>' in panel["body_part"]
