from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from plans.models import Routine


class RoutineSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Routine.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, routine):
        return routine.updated_at


class PlanPagesSitemap(Sitemap):
    """The public pages of the plans app: the routines list and the generator."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [reverse("plans:routine-list"), reverse("plans:generate")]

    def location(self, path):
        return path


SITEMAPS = {"routines": RoutineSitemap, "plan-pages": PlanPagesSitemap}
