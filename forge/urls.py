from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from exercises.api.urls import urlpatterns as exercise_api
from exercises.sitemaps import SITEMAPS as EXERCISE_SITEMAPS
from forge import pwa, views
from forge.lib import api
from plans.api.urls import urlpatterns as plan_api
from plans.sitemaps import SITEMAPS as PLAN_SITEMAPS

# A database outage is a 503 (with Retry-After), and a 500 under /api/ is JSON.
handler500 = "forge.lib.outage.server_error"

api_v1 = [*exercise_api, *plan_api]
SITEMAPS = {**EXERCISE_SITEMAPS, **PLAN_SITEMAPS}

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("health/", views.health, name="health"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("accounts/", include("forge.accounts_urls")),
    path("", include("plans.urls")),
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
    path("", include("exercises.urls")),
]

if settings.BENCH:
    urlpatterns.insert(0, path("bench/bare/", views.bench_bare, name="bench-bare"))

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media),
    ]
