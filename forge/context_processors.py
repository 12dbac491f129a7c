from django.conf import settings
from django.utils.functional import SimpleLazyObject

from forge.lib.members import member_tag


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        # Files what the browser keeps offline under the signed-in member (forge.lib.members).
        "MEMBER_TAG": SimpleLazyObject(lambda: member_tag(user)),
    }
