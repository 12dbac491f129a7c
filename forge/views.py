from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

from exercises import selectors
from exercises.cards import exercise_cards
from exercises.models import BodyPart, Category, Equipment, Muscle
from exercises.selectors import catalogue_version
from forge.lib.pagecache import visitor_page


@visitor_page(version=catalogue_version, members=True)
def home(request):
    context = {
        "body_parts": selectors.vocabulary_with_counts(BodyPart),
        "equipment": selectors.vocabulary_with_counts(Equipment),
        "muscles": selectors.vocabulary_with_counts(Muscle),
        "categories": selectors.vocabulary_with_counts(Category),
        "featured": exercise_cards(
            selectors.exercise_featured(), user=request.user, eager_first=True
        ),
    }
    return render(request, "home.html", context)


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    private = ("/accounts/", "/plans/")
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES[1:]]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {prefix}{path}" for prefix in prefixes for path in private),
        "Disallow: /api/",
        "Disallow: /language/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def health(request):
    """For load balancers and the drain: 200 when this server can answer requests (its
    database answers), else 503. The cache is reported but never makes it fail: Forge works
    without it. Nothing here is cached, and nothing about the setup is revealed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    available = getattr(cache, "available", None)
    cache_state = "ok" if available is None or available() else "unavailable"
    healthy = database == "ok"
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "cache": cache_state},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    if not healthy:
        response["Retry-After"] = "5"
    return response


def bench_bare(request):
    """The benchmark's floor: the whole middleware stack and nothing else. Only routed when
    settings.BENCH is on (see forge/urls.py); 404 otherwise."""
    if not settings.BENCH:
        raise Http404("Not found.")
    return HttpResponse(b"ok", content_type="text/plain")


@require_GET
def media(request, path):
    """An uploaded file, when Django serves them itself (SERVE_MEDIA): with far-future caching,
    since a stored picture or rendition never changes under its name (see README for nginx)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        patch_cache_control(
            response, public=True, max_age=settings.MEDIA_CACHE_SECONDS, immutable=True
        )
    return response
