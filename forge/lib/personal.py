"""A member's personal part of a page (the menu and messages, see forge.lib.pagecache), rendered
cheaply: the same for every member on the same URL but for the CSRF token.

Without messages, a signed-in member's menu depends only on the URL (which link is current,
the search box's words) and the language, never on who the member is, apart from the CSRF
token of the log-out form. So this process renders it once per (template, language, URL)
with a placeholder where the token goes and puts each request's own token in. A request with
messages to show, or whose user is not a signed-in member who is not staff, renders in full.
Entries come from templates and the URL only (nothing from the database), so a per-process
memory is right; it holds at most MAX_ENTRIES (the oldest go first).
"""

import secrets
import threading
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from forge.lib.members import member_tag

MAX_ENTRIES = 512
# The only parts whose render is the same for every member on a URL (but for the CSRF
# token). Any other personal part (one carrying something of the member's own) is rendered
# in full for each request: add a template here only if nothing in it depends on the member.
SAME_FOR_EVERY_MEMBER = frozenset({"includes/_personal.html"})
# Random per process: no page content can contain it by chance or by design.
_TOKEN_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"
_rendered: OrderedDict = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    with _lock:
        _rendered.clear()


def _shareable(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return False
    # len() loads the pending messages without marking them as shown.
    return len(get_messages(request)) == 0


# Personal parts that use nothing but this context: rendered with it alone, without running
# every context processor for a line of markup (tests/forge/test_personal.py compares).
OWN_CONTEXT = {
    "includes/_member_meta.html": lambda request: {
        "MEMBER_TAG": member_tag(getattr(request, "user", None))
    },
}


def render_personal(request, template_name: str) -> str:
    """`template_name` rendered for this request (see the module docstring)."""
    text = render_member_part(request, template_name)
    if text is not None:
        return text
    own_context = OWN_CONTEXT.get(template_name)
    if own_context is not None and request is not None:
        return render_to_string(template_name, own_context(request))
    return render_to_string(template_name, request=request)


def render_member_part(request, template_name: str) -> str | None:
    """`template_name` for this request from the copy rendered once per URL, or None when it
    must be rendered in full (a part not the same for every member, a visitor, staff, or
    messages to show). The {% personal %} tag uses it on every page, shared or not."""
    if request is None or template_name not in SAME_FOR_EVERY_MEMBER or not _shareable(request):
        return None
    match = request.resolver_match
    key = (
        template_name,
        get_language(),
        request.get_full_path(),
        match.namespace if match else None,
        match.url_name if match else None,
    )
    with _lock:
        text = _rendered.get(key)
        if text is not None:
            _rendered.move_to_end(key)
    if text is None:
        token_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        text = render_to_string(template_name, {"csrf_token": _TOKEN_PLACEHOLDER}, request=request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_used:
            # Something in the template asked for this member's own token: not shareable.
            return text
        with _lock:
            _rendered[key] = text
            while len(_rendered) > MAX_ENTRIES:
                _rendered.popitem(last=False)
    if _TOKEN_PLACEHOLDER not in text:
        return text
    return text.replace(_TOKEN_PLACEHOLDER, get_token(request))
