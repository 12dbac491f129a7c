"""Whole-response caching for catalogue pages and API reads, keyed by the catalogue version.

A cached response is stored under (version, path, normalised query, variant). Any catalogue
write bumps the version (exercises.services.catalogue_version_bump), so the next request
misses and renders the new content; old entries simply expire. A conditional GET whose
If-None-Match names the current version's ETag is answered 304 before anything is rendered.

HTML pages (`visitor_page`) are cached only for visitors: a request carrying a session or a
messages cookie is rendered for that person, marked private, and never stored. A response
that sets a cookie (a CSRF token, a message) is never stored either. API reads
(`cached_api_read`) hold only public catalogue data, so they are cached for everyone, after
DRF has authenticated and throttled the request.

While the database is down, a visitor's page or an API read whose URL was stored before is
answered from its last stored copy (stale if error), marked with the `Forge-Stale` header:
`serve_cached` notes on the request where that copy lives, and forge.lib.outage serves it
when the request fails for want of a database.

The caller says what a page depends on: `@visitor_page(version=catalogue_version)`, or a
callable over several versions when a page depends on more than the catalogue
(`version=lambda: (catalogue_version(), routines_version())`). This module imports no app.

Members share the catalogue's work too (`visitor_page(..., members=True)`): the page is
rendered once per version for all signed-in members (staff excepted: they may preview
drafts) with each personal part (the menu with its log-out form and CSRF token, the messages)
left as a marker by the `{% personal %}` tag; each member's request then renders only those
parts and puts them in place (`assemble`). A shared copy that holds the CSRF token or the
email of the member it was rendered for is never stored.

A miss renders once (forge.lib.singleflight): the other requests for the same URL get the
previous version's copy (with Redis, the last one this process stored or served, from its
memory; else the shared cache's), or wait briefly for the new one.

Every key is built by `catalogue_key` (kind, version, language, then what names the entry).
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import cache as memoize
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from forge.lib import singleflight
from forge.lib.members import member_tag
from forge.lib.personal import render_personal
from forge.lib.release import release

PAGE_TIMEOUT = 60 * 60  # an entry outlives its version only until then
STALE_TIMEOUT = 60 * 60 * 24  # the last copy of a URL, for when the database is down
STALE_HEADER = "Forge-Stale"
# Headers a stored response keeps; the rest (cookies, Vary, caching) are set on the way out.
_KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language", "Allow", "HX-Push-Url")
_MESSAGES_COOKIE = "messages"


_LOCAL_ENTRIES = 256
_local: OrderedDict = OrderedDict()
# The last copy this process stored or served for each URL (its stale key), with when it was
# noted: what a request waiting on another's render gets at once, without asking Redis.
_latest: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


@memoize
def _local_tier() -> bool:
    """With a shared cache (Redis), keep recent entries in this process's memory as well.
    Safe because the keys given here carry the version: an entry never changes under its
    key, and a bump makes readers ask for new keys. (A local-memory cache needs no tier.)"""
    return "locmem" not in str(settings.CACHES["default"]["BACKEND"]).lower()


def clear_local_tier() -> None:
    """Forget this process's copies and whether it keeps any (tests switch caches)."""
    with _local_lock:
        _local.clear()
        _latest.clear()
    _local_tier.cache_clear()


def versioned_get(key: str):
    """cache.get for a key that names a version: this process's copy, else the shared one."""
    if _local_tier():
        with _local_lock:
            value = _local.get(key)
            if value is not None:
                _local.move_to_end(key)
                return value
    value = cache.get(key)
    if value is not None and _local_tier():
        _remember(key, value)
    return value


def versioned_set(key: str, value, timeout) -> None:
    cache.set(key, value, timeout=timeout)
    if _local_tier():
        _remember(key, value)


def _remember(key, value) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > _LOCAL_ENTRIES:
            _local.popitem(last=False)


def _note_latest(stale_key: str, entry) -> None:
    """Remember `entry` as this process's latest copy of the URL (with a shared cache)."""
    if _local_tier():
        with _local_lock:
            _latest[stale_key] = (time.monotonic(), entry)
            _latest.move_to_end(stale_key)
            while len(_latest) > _LOCAL_ENTRIES:
                _latest.popitem(last=False)


def _previous_copy(stale_key: str):
    """The URL's last copy for a request that waits on another's render: this process's own
    if it noted one within PAGE_TIMEOUT (no round trip, and no 50 kB page over the network
    for each waiter in the second after a publish), else the shared cache's."""
    if _local_tier():
        with _local_lock:
            noted = _latest.get(stale_key)
        if noted is not None and time.monotonic() - noted[0] < PAGE_TIMEOUT:
            return noted[1]
    return cache.get(stale_key)


def is_visitor(request) -> bool:
    """Nobody signed in and nothing personal pending, decided from cookies alone (no query)."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _MESSAGES_COOKIE not in request.COOKIES
    )


def _digest(request, variant: str) -> str:
    """This URL's name: the query string is normalised (order of parameters), and the
    interface language is part of it (a page's body is in the active language)."""
    query = "&".join(
        f"{name}={value}"
        for name, values in sorted(request.GET.lists())
        for value in sorted(values)
    )
    name = f"{get_language()}:{request.path}?{query}#{variant}"
    return hashlib.blake2b(name.encode(), digest_size=12).hexdigest()


def catalogue_key(kind: str, version, *parts) -> str:
    """The one place the keys of cached catalogue work are built (pages, members' shared
    copies, cards, catalogue data): what kind of entry, the version it was rendered from,
    the release that rendered it (forge.lib.release), the language it was rendered in, then
    what names it."""
    return ":".join((kind, str(version), release(), get_language() or "", *map(str, parts)))


def cache_key(request, version, variant: str = "", *, digest: str | None = None) -> str:
    """The entry for this URL under this version (`digest`: this URL's, if already known)."""
    return catalogue_key("page", version, digest or _digest(request, variant))


def _stale_key(digest: str) -> str:
    return f"stale:{get_language()}:{digest}"


def stale_response(request) -> HttpResponse | None:
    """The last stored copy of this request's URL, if `serve_cached` handled it and one was
    stored; marked with the Forge-Stale header. For answering while the database is down."""
    key = getattr(request, "forge_stale_key", None)
    entry = cache.get(key) if key else None
    if entry is None:
        return None
    response = _from_cache(entry)
    response[STALE_HEADER] = "database-unavailable"
    patch_cache_control(response, no_cache=True)
    return response


def _etag(key: str) -> str:
    return f'"{key.removeprefix("page:").replace(":", "-")}"'


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _from_cache(entry) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def _store(request, key: str, stale_key: str, response) -> None:
    # A page that used a CSRF token holds this visitor's token: never share it.
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    entry = (response.content, headers)
    versioned_set(key, entry, timeout=PAGE_TIMEOUT)
    cache.set(stale_key, entry, timeout=STALE_TIMEOUT)
    _note_latest(stale_key, entry)


def _finish(response, etag: str | None, vary: list[str], **cache_control):
    if etag is not None and response.status_code in (200, 304):
        response["ETag"] = etag
    patch_vary_headers(response, vary)
    patch_cache_control(response, **cache_control)
    return response


def _lookup(request, version, variant: str):
    """(a 304 or the stored copy, or None; the key; its ETag; the URL's stale key)."""
    digest = _digest(request, variant)
    stale_key = _stale_key(digest)
    # A DRF Request hands attribute reads to Django's request, but not writes.
    getattr(request, "_request", request).forge_stale_key = stale_key
    if callable(version):
        version = version()
    key = cache_key(request, version, digest=digest)
    etag = _etag(key)
    if _not_modified(request, etag):
        return HttpResponseNotModified(), key, etag, stale_key
    entry = versioned_get(key)
    if entry is not None:
        _note_latest(stale_key, entry)
        return _from_cache(entry), key, etag, stale_key
    return None, key, etag, stale_key


def stored_response(request, *, version, variant="") -> tuple[HttpResponse | None, str]:
    """What `serve_cached` answers without rendering anything, if it can: a 304 for the
    current version's ETag or the stored copy (else None), and the ETag. Nothing is claimed,
    built or stored."""
    response, _key, etag, _stale_key = _lookup(request, version, variant)
    return response, etag


def serve_cached(request, build: Callable[[], HttpResponse], *, version, variant="", vary=()):
    """The response for a cacheable request: 304, a stored copy, or `build()` (then stored).
    `version` is the version or a callable giving it (called after the stale copy is noted,
    so that a database outage while reading it can still be answered from that copy).

    On a miss only one request renders (see forge.lib.singleflight); one that gets the
    previous version's copy meanwhile is answered with it and no ETag (the third value is
    then None), so that no browser keeps it under the new version's name."""
    response, key, etag, stale_key = _lookup(request, version, variant)
    if response is not None:
        return response, key, etag
    claimed = singleflight.claim(key)
    if not claimed:
        entry, previous = singleflight.wait(key, versioned_get, lambda: _previous_copy(stale_key))
        if entry is not None:
            return _from_cache(entry), key, None if previous else etag
    try:
        response = build()
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
        _store(request, key, stale_key, response)
    finally:
        if claimed:  # never another request's lock (this one waited in vain)
            singleflight.release(key)
    return response, key, etag


def visitor_page(*, version: Callable[[], object], members: bool = False):
    """Cache a public HTML page for visitors (see the module docstring). With members=True,
    signed-in members (not staff) share one copy per version, their personal parts put in
    per request; otherwise, and for staff, they get a fresh, private render."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            cacheable = settings.PAGE_CACHE and request.method in ("GET", "HEAD")
            if cacheable and is_visitor(request):
                # htmx asks for the results fragment only: a different body for the same URL.
                variant = "htmx" if request.headers.get("HX-Request") else ""
                response, _key, etag = serve_cached(
                    request,
                    lambda: view(request, *args, **kwargs),
                    version=version,
                    variant=variant,
                )
                # Browsers revalidate every time (an editor's change shows at once); a 304.
                return _finish(response, etag, ["Cookie", "HX-Request"], no_cache=True)
            if cacheable and members and shares_with_members(request):
                response = serve_member(request, lambda: view(request, *args, **kwargs), version)
            else:
                response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            if not is_visitor(request):
                patch_cache_control(response, private=True)
            return response

        return wrapper

    return decorate


# --- Members: one shared copy per version, personal parts put in per request -------------

# The menu and the messages; the member's offline tag (whose queued sessions this browser sends).
PERSONAL_TEMPLATES = ("includes/_personal.html", "includes/_member_meta.html")
_PERSONAL_MARK = "<!--forge-personal:{}-->"
_PERSONAL_PATTERN = re.compile(r"<!--forge-personal:(\d+)-->")


def shares_with_members(request) -> bool:
    """A signed-in member who is not staff (staff may see drafts and admin links)."""
    user = request.user
    return user.is_authenticated and not user.is_staff


def personal_marker(request, template_name: str) -> str | None:
    """What `{% personal %}` writes instead of rendering `template_name`: a marker while the
    page is rendered to be shared by members, else None (render it as usual)."""
    if not getattr(request, "forge_shared_render", False):
        return None
    return _PERSONAL_MARK.format(PERSONAL_TEMPLATES.index(template_name))


def assemble(request, content: str) -> str:
    """The shared copy with this request's own personal parts in place of the markers."""
    parts: dict[str, str] = {}

    def part(match) -> str:
        index = match.group(1)
        if index not in parts:
            parts[index] = render_personal(request, PERSONAL_TEMPLATES[int(index)])
        return parts[index]

    return _PERSONAL_PATTERN.sub(part, content)


def _holds_personal_data(request, content: str) -> bool:
    """A shared copy must hold nothing of the member it was rendered for."""
    token = request.META.get("CSRF_COOKIE")
    email = getattr(request.user, "email", "")
    tag = member_tag(getattr(request, "user", None))
    return any(secret and secret in content for secret in (token, email, tag))


def _render_shared(request, build):
    """(the response, the entry to share or None): `build()` with personal parts as markers."""
    token_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    request.forge_shared_render = True
    try:
        response = build()
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
    finally:
        request.forge_shared_render = False
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or (request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_used)
    ):
        return response, None
    content = response.content.decode(response.charset)
    if _holds_personal_data(request, content):
        return response, None
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    return response, (content, headers)


def serve_member(request, build: Callable[[], HttpResponse], version) -> HttpResponse:
    """A member's page: the members' shared copy for this URL and version (rendered once,
    see `_render_shared`), with this member's personal parts put in."""
    variant = "member-htmx" if request.headers.get("HX-Request") else "member"
    digest = _digest(request, variant)
    key = cache_key(request, version() if callable(version) else version, digest=digest)
    stale_key = _stale_key(digest)
    entry = versioned_get(key)
    if entry is not None:
        _note_latest(stale_key, entry)
    claimed = entry is None and singleflight.claim(key)
    if entry is None and not claimed:
        entry, _previous = singleflight.wait(key, versioned_get, lambda: _previous_copy(stale_key))
    if entry is None:
        try:
            response, entry = _render_shared(request, build)
            if entry is None:
                # Not shareable (an error page, a redirect, something personal): this
                # member's alone, with their personal parts put in.
                if not response.streaming and response.content:
                    response.content = assemble(request, response.content.decode(response.charset))
                return response
            versioned_set(key, entry, timeout=PAGE_TIMEOUT)
            cache.set(stale_key, entry, timeout=STALE_TIMEOUT)
            _note_latest(stale_key, entry)
        finally:
            if claimed:
                singleflight.release(key)
    content, headers = entry
    response = HttpResponse(assemble(request, content))
    for name, value in headers.items():
        response[name] = value
    return response
