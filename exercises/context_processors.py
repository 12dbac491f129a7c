from exercises.selectors import catalogue_version


def catalogue(request):
    # The version is a callable: templates read it (one cache get) only where they use it,
    # as the key of cached catalogue fragments.
    return {"catalogue_version": catalogue_version}
