"""An exercise's front and back muscle map (includes/_muscle_map.html), drawn once per
language and set of muscles in this process.

The drawing is some 30 kB of SVG that depends only on which muscles are tinted, the
language and the accessible label. Exercises share a few hundred sets of muscles, so the
drawing is kept per set and the label (the exercise's name) is put in afterwards, escaped
as the template would escape it.
"""

import functools

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

MAP_TEMPLATE = "includes/_muscle_map.html"
# Stands in for the label while a drawing is kept: letters and dashes, unchanged by escaping.
_LABEL = "forge-muscle-map-label-placeholder"


@register.simple_tag
def muscle_map(target_slugs, secondary_slugs, label: str) -> SafeString:
    """{% muscle_map targets secondaries label %}: the map without links, as
    {% include "includes/_muscle_map.html" with … muscle_links=False %} draws it."""
    if not label:  # the template's own default label: nothing to put in
        return mark_safe(_render(tuple(target_slugs), tuple(secondary_slugs), label))
    drawing = _drawing(get_language(), tuple(target_slugs), tuple(secondary_slugs))
    return mark_safe(drawing.replace(_LABEL, conditional_escape(label)))  # escaped above


@functools.lru_cache(maxsize=512)
def _drawing(language: str, targets: tuple[str, ...], secondaries: tuple[str, ...]) -> str:
    """The drawing with the placeholder label, rendered in `language` (the active one)."""
    return _render(targets, secondaries, _LABEL)


def _render(targets: tuple[str, ...], secondaries: tuple[str, ...], label: str) -> str:
    return render_to_string(
        MAP_TEMPLATE,
        {
            "target_slugs": targets,
            "secondary_slugs": secondaries,
            "muscle_links": False,
            "map_label": label,
        },
    )
