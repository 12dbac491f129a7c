"""forge.lib.urls: the same URLs as reverse(), with the pattern resolved once."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from forge.lib.urls import one_argument_url, one_argument_urls, plain_url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("plans:item-move", 7),
        ("plans:item-edit", 123456),
        ("plans:day-play", 1),
        ("plans:exercise-history", "lying-glutes-stretch"),
        ("exercises:exercise-detail", "wall-sit_2"),
    ],
)
def test_it_builds_what_reverse_builds(name, value):
    assert one_argument_url(name, value) == reverse(name, args=[value])
    assert one_argument_urls(name)(value) == reverse(name, args=[value])


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_builder_for_many_values_writes_each_language_s_urls(language):
    with translation.override(language):
        url = one_argument_urls("plans:item-move")
        assert [url(3), url(45)] == [reverse("plans:item-move", args=[n]) for n in (3, 45)]


def test_an_argument_the_pattern_refuses_is_refused_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        one_argument_url("plans:item-move", "not a number")
    with pytest.raises(NoReverseMatch):
        one_argument_url("plans:item-move", "abc")
    with pytest.raises(NoReverseMatch):
        one_argument_urls("plans:item-move")("abc")


def test_a_url_without_one_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        one_argument_url("plans:plan-list", 3)


def test_the_template_tag_writes_the_same_url():
    rendered = Template("{% load forge_tags %}{% url_with 'plans:item-delete' 42 %}").render(
        Context()
    )
    assert rendered == reverse("plans:item-delete", args=[42]) == "/plans/items/42/delete/"


@pytest.mark.parametrize(
    "name", ["home", "exercises:exercise-list", "plans:history", "login", "logout", "profile"]
)
def test_a_url_without_arguments_is_what_reverse_gives(name):
    assert plain_url(name) == reverse(name)
    assert plain_url(name) == plain_url(name)


def test_the_menu_links_are_the_same_with_url_with():
    rendered = Template(
        "{% load forge_tags %}{% url_with 'home' %} "
        "{% url_with 'exercises:category' 'stretching' %}"
    ).render(Context())
    assert rendered == "/ /exercises/category/stretching/"
