"""Installing Forge as an app: the web app manifest, the service worker and the offline page.

The service worker is served from the site root (/sw.js) so that it may control every page.
Its text lists the static files it keeps (the precache) with a revision for each, and a
version made from them and PWA_RELEASE: a release that changes any of those files changes
the worker's bytes, so browsers install the new one and open pages offer to reload
(static/js/pwa.js). The worker itself is templates/pwa/sw.js.
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from forge.lib.language import no_language_redirect

# What every page may need with no connection. Admin, API-docs and import screens are left
# out: they are no use offline.
PRECACHE_DIRS = ("css/", "js/", "img/", "icons/", "vendor/htmx/")
PRECACHE_SKIP = ("css/admin-", "css/swagger", "js/admin-", "js/import-progress")
WORKBOX_MODULES = (
    "core",
    "routing",
    "strategies",
    "precaching",
    "expiration",
    "cacheable-response",
)
THEME_COLOUR = "#9a3412"
BACKGROUND_COLOUR = "#fafaf9"


def _wanted(path: str) -> bool:
    return path.startswith(PRECACHE_DIRS) and not path.startswith(PRECACHE_SKIP)


def _static_files() -> list[tuple[str, str]]:
    """(path under static/, md5 of its content) for each file to keep, sorted."""
    found: dict[str, str] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["*.map", "LICENSE", "VERSION", "*.md"]):
            path = path.replace("\\", "/")
            if path in found or not _wanted(path):
                continue
            with storage.open(path) as handle:
                found[path] = hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()
    return sorted(found.items())


@lru_cache(maxsize=1)
def _static_files_cached() -> tuple[tuple[str, str], ...]:
    return tuple(_static_files())


def precache_entries() -> list[dict[str, str]]:
    """Workbox precache entries: each file at the address pages use ({% static %}, hashed in
    production), and the JavaScript also at its plain address, which the modules use when
    they import one another."""
    files = _static_files() if settings.DEBUG else _static_files_cached()
    entries: dict[str, str] = {}
    for path, revision in files:
        entries[static(path)] = revision
        if path.endswith(".js"):
            entries[settings.STATIC_URL.rstrip("/") + "/" + path] = revision
    if not settings.STATIC_URL.startswith("/"):
        entries = {("/" + url if not url.startswith("/") else url): r for url, r in entries.items()}
    return [{"url": url, "revision": revision} for url, revision in sorted(entries.items())]


def worker_version(entries: list[dict[str, str]]) -> str:
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True).encode())
    digest.update(settings.PWA_RELEASE.encode())
    return digest.hexdigest()[:16]


@require_safe
def service_worker(request):
    entries = precache_entries()
    version = worker_version(entries)
    # The offline page in each language (the default one unprefixed): the worker shows the
    # one of the language the visitor was reading in.
    offline_urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offline_urls[code] = reverse("offline")
    offline_url = offline_urls[settings.LANGUAGE_CODE]
    config = {
        "version": version,
        "precache": [
            *entries,
            *({"url": url, "revision": version} for url in offline_urls.values()),
        ],
        "offlineUrl": offline_url,
        "offlineUrls": offline_urls,
        "bundleUrl": reverse("plans:offline-bundle"),
        "saveUrl": reverse("api:session-list"),
        # Never kept as visited pages: members' own pages (kept per plan instead), accounts,
        # the admin and the API.
        "privatePrefixes": ["/plans/", "/accounts/", "/admin/", "/api/"],
    }
    context = {
        "version": version,
        "workbox": [static(f"vendor/workbox/workbox-{name}.prod.js") for name in WORKBOX_MODULES],
        "queue_core": static("js/queue-core.js"),
        "config_json": json.dumps(config, indent=2),
    }
    response = HttpResponse(
        render_to_string("pwa/sw.js", context), content_type="text/javascript; charset=utf-8"
    )
    # Browsers check for a new worker on navigation; an HTTP cache must not hide one.
    response["Cache-Control"] = "no-cache, max-age=0"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    icon = "icons/forge-{}.png"
    data = {
        "id": "/",
        "name": "Forge: exercise and stretching library",
        "short_name": "Forge",
        "description": "Your plans, the follow-along player and your log, also with no "
        "connection for the plans you keep offline.",
        "start_url": reverse("plans:plan-list"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(icon.format(192)), "sizes": "192x192", "type": "image/png"},
            {"src": static(icon.format(512)), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(icon.format("maskable-512")),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


@no_language_redirect
@require_safe
@never_cache
def offline(request):
    """What the service worker shows when a page is not kept and there is no connection. It
    is kept in the browser for everyone alike, so it is drawn as for a visitor: a member's
    name must not stay in a copy another person may see."""
    request.user = AnonymousUser()
    return render(request, "pwa/offline.html")
