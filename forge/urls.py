from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from exercises.api.urls import urlpatterns as exercise_api
from exercises.sitemaps import SITEMAPS as EXERCISE_SITEMAPS
from forge import language, pwa, views
from forge.lib import api
from plans.api.urls import urlpatterns as plan_api
from plans.sitemaps import SITEMAPS as PLAN_SITEMAPS

# A database outage is a 503 (with Retry-After), and a 500 under /api/ is JSON.
handler500 = "forge.lib.outage.server_error"

api_v1 = [*exercise_api, *plan_api]
SITEMAPS = {**EXERCISE_SITEMAPS, **PLAN_SITEMAPS}

# Pages are under a language prefix, except English (today's URLs); everything else is not
# (forge/lib/language.py).
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("health/", views.health, name="health"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("language/<str:code>/", language.switch_language, name="switch-language"),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    re_path(r"^api/", api.api_not_found),
    *i18n_patterns(
        path("", views.home, name="home"),
        # One offline page per language: the service worker keeps each (forge/pwa.py).
        path("offline/", pwa.offline, name="offline"),
        path("accounts/", include("forge.accounts_urls")),
        # The interface's JavaScript strings, as a script file (the CSP allows no inline one).
        path(
            "jsi18n/",
            cache_control(max_age=60 * 60, public=True)(JavaScriptCatalog.as_view()),
            name="javascript-catalog",
        ),
        # The catalogue first: its pages are most of the traffic, and Django tries patterns
        # in order (the two lists share no URL, so the order changes nothing else).
        path("", include("exercises.urls")),
        path("", include("plans.urls")),
        prefix_default_language=False,
    ),
]

if settings.BENCH:
    urlpatterns.insert(0, path("bench/bare/", views.bench_bare, name="bench-bare"))

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media),
    ]
