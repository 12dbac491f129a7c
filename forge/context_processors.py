from django.conf import settings


def _catalogue_version():
    from exercises.selectors import catalogue_version

    return catalogue_version()


def site(request):
    # The version is a callable: templates read it (one cache get) only where they use it,
    # as the key of cached catalogue fragments.
    return {"SITE_URL": settings.SITE_URL, "catalogue_version": _catalogue_version}
