from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exercises.models import BodyPart, Category, Difficulty, Equipment, Exercise, Muscle


class SiteUrlSitemap(Sitemap):
    """Addresses on SITE_URL, the public address, whatever host the request came to; each
    page in every language, with its alternates (hreflang) and English as x-default."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ExerciseSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Exercise.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, exercise):
        return exercise.updated_at


class ListingSitemap(SiteUrlSitemap):
    """The home page, /exercises/ and every listing page of every vocabulary item."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        pages: list = [("home", ()), ("exercises:exercise-list", ())]
        for model in (BodyPart, Equipment, Muscle, Category):
            pages += list(model.objects.only("slug"))
        pages += [("exercises:level", (value,)) for value in Difficulty.values]
        return pages

    def location(self, page):
        # Reversed here, in the language the sitemap asks for (it activates each in turn).
        if isinstance(page, tuple):
            name, args = page
            return reverse(name, args=args)
        return page.get_absolute_url()


SITEMAPS = {"exercises": ExerciseSitemap, "listings": ListingSitemap}
