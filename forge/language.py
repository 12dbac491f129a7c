"""Language choice: the switcher's endpoint, and the member's language applied at sign-in.
The rest (the redirect, the same page in another language) is in forge/lib/language.py."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from forge import services
from forge.lib.language import (
    LANGUAGE_CODES,
    apply_on_response,
    page_in,
    set_language_cookie,
)


@require_GET
def switch_language(request, code):
    """/language/<code>/?next=<page>: the switcher's link. Remembers the choice (a cookie; and
    on the account of a signed-in member) and goes to the same page in that language.

    A plain link, not a form: visitors' pages are cached and shared, so they cannot carry a
    CSRF token. Choosing a language changes nothing but the language, and the session cookie
    is SameSite=Lax, so no other site's image or form can switch a member's account."""
    if code not in LANGUAGE_CODES:
        raise Http404("No such language.")
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(page_in(target, code))
    set_language_cookie(response, code)
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, code=code)
    add_never_cache_headers(response)
    return response


@receiver(user_logged_in, dispatch_uid="forge-member-language")
def _apply_member_language(sender, request, user, **kwargs):
    """Signing in applies the member's stored language: the cookie is set on the response,
    and its redirect goes to the page in that language (LanguageRedirectMiddleware)."""
    if request is not None and user.language in LANGUAGE_CODES:
        apply_on_response(request, user.language)
