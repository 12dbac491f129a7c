from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from exercises import selectors
from exercises.models import BodyPart, Category, Equipment, Muscle


def home(request):
    context = {
        "body_parts": selectors.taxonomy_with_counts(BodyPart),
        "equipment": selectors.taxonomy_with_counts(Equipment),
        "muscles": selectors.taxonomy_with_counts(Muscle),
        "categories": selectors.taxonomy_with_counts(Category),
        "featured": selectors.exercise_featured(),
    }
    return render(request, "home.html", context)


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /plans/",
        "Disallow: /api/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
