import json

from django import template
from django.utils.safestring import mark_safe

from forge.lib.dates import duration_text
from forge.lib.language import alternates
from forge.lib.pagecache import personal_marker
from forge.lib.personal import render_member_part
from forge.lib.urls import one_argument_url, plain_url

register = template.Library()

# The characters that could end a <script> element or open a comment inside one.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Render data as the body of a <script type="application/ld+json"> element, safely."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


@register.simple_tag
def seconds(value: int) -> str:
    """90 -> "1 min 30 s"; 45 -> "45 s" (in the active language: "1 Min. 30 s")."""
    return duration_text(value)


@register.simple_tag
def url_with(name: str, value=None) -> str:
    """{% url_with 'plans:item-edit' item.pk %}: {% url %} for one int or slug argument,
    without resolving the pattern each time (see forge.lib.urls); {% url_with 'home' %} for a
    URL without arguments."""
    return plain_url(name) if value is None else one_argument_url(name, value)


@register.simple_tag(takes_context=True)
def personal(context, template_name: str) -> str:
    """{% personal "includes/_nav.html" %}: an include of the member's own part of a page. When
    the page is rendered to be shared by members (forge.lib.pagecache), a marker stands in
    for it, and each member's request renders it into the shared copy."""
    request = getattr(context, "request", None)
    marker = personal_marker(request, template_name)
    if marker is not None:
        return mark_safe(marker)
    # A member's menu is the same on every member's copy of a URL: rendered once per URL.
    text = render_member_part(request, template_name)
    if text is not None:
        return mark_safe(text)
    return context.template.engine.get_template(template_name).render(context)


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """{% language_versions as versions %}: this page in every language, for the switcher and
    the hreflang links ([] on a page without language versions)."""
    request = context.get("request")
    return alternates(request) if request is not None else []
