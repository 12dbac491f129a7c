from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from plans.models import Routine


class RoutineSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
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
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["plans:routine-list", "plans:generate"]

    def location(self, name):
        return reverse(name)  # in the language the sitemap asks for


SITEMAPS = {"routines": RoutineSitemap, "plan-pages": PlanPagesSitemap}
