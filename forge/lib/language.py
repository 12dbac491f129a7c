"""The interface language: which one a request gets, and the same page in the others.

Pages live under `i18n_patterns(prefix_default_language=False)`: English at today's URLs,
German under /de/, Spanish under /es/. The API, the admin, /health/, robots.txt, the sitemap,
/media/ and static files have no prefix (and are English).

A GET of an unprefixed page is redirected to the same page in another language when the
visitor chose that language (the language cookie, set by the switcher and at sign-in) or,
with no choice made, when the browser's Accept-Language prefers it. That redirect depends
on both headers, so it says `Vary: Accept-Language, Cookie` and is never stored by a shared
cache (`private`). An explicit choice of English is a cookie too, so a German browser that
picked English stays on the English URLs. This module imports no app.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def preferred_language(request) -> str:
    """The language cookie if it names a language, else the browser's best match."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in LANGUAGE_CODES:
        return chosen
    return translation.get_language_from_request(request, check_path=False)


def page_in(url: str, code: str) -> str:
    """This URL (path and query) in another language; itself when it is no translated page.
    The URL is read in the language its prefix names (none: English), whatever is active."""
    return _page_in(url, code, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=1024)
def _page_in(url: str, code: str, script_prefix: str, urlconf) -> str:
    # Kept per URLconf and script prefix, like forge.lib.urls: every page asks for itself in
    # each language twice (the hreflang links and the switcher), each a resolve and a reverse.
    source = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(source):
        return translate_url(url, code)


def alternates(request) -> list[dict]:
    """The current page in every language, for the switcher and hreflang links: [{code,
    name, path, current}], or [] when the page has no language versions (an error page, a
    URL outside the translated patterns)."""
    path = request.path
    current = translation.get_language()
    # Asked twice a page (the hreflang links and the switcher); each asks resolve() and
    # reverse() once per language, so the answer is kept on the request.
    kept = getattr(request, "forge_alternates", None)
    if kept is not None and kept[0] == (path, current):
        return kept[1]
    versions = [
        {"code": code, "name": name, "path": page_in(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    if len({version["path"] for version in versions}) != len(versions):
        versions = []
    request.forge_alternates = ((path, current), versions)
    return versions


def set_language_cookie(response, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def apply_on_response(request, code: str) -> None:
    """Ask the middleware to set the language cookie on this request's response (and to send
    a redirect to the same page in that language): used when a member signs in."""
    request.forge_language = code


def no_language_redirect(view):
    """A page whose unprefixed address always answers in the default language, whatever
    the visitor chose: the offline page, which the service worker fetches once per language."""
    view.language_redirect_exempt = True
    return view


def _exempt(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "language_redirect_exempt", False)


class LanguageRedirectMiddleware:
    """After LocaleMiddleware: the first visit's redirect (see the module docstring), and the
    language a member's sign-in applied (`apply_on_response`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._redirect(request) or self.get_response(request)
        code = getattr(request, "forge_language", None)
        if code in LANGUAGE_CODES:
            set_language_cookie(response, code)
            location = response.get("Location") if response.status_code in (301, 302) else None
            if location and location.startswith("/"):
                response["Location"] = page_in(location, code)
        return response

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
            return None
        if translation.get_language_from_path(request.path_info):
            return None  # the URL names its language
        code = preferred_language(request)
        if code == settings.LANGUAGE_CODE:
            return None
        if _exempt(request.path_info):
            return None
        here = request.get_full_path()
        target = page_in(here, code)
        if target == here:
            return None  # not a translated page (the API, the admin, an unknown URL)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        patch_cache_control(response, private=True, no_cache=True)
        return response
