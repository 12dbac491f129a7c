"""Account pages: sign up, profile and account deletion. Log in/out and passwords are Django's
(signing out adds one header)."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from forge import services
from forge.forms import AccountDeleteForm, ProfileForm, SignupForm
from forge.lib import confirm
from forge.lib.language import set_language_cookie

# Signing out (or deleting the account) wipes what this browser keeps for the site: the
# service worker's caches (plans kept offline, pages visited) and its storage (sessions
# waiting to be sent, the worker itself), so the next person on the device finds none of it.
CLEAR_SITE_DATA = '"cache", "storage"'


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def signup(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account: the email tells.
        services.user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            next_url=_next_url(request, ""),
        )
        return redirect("signup-sent")
    return render(
        request, "registration/signup.html", {"form": form, "next": _next_url(request, "")}
    )


def signup_sent(request):
    return render(request, "registration/signup_sent.html")


def signup_confirm(request, uidb64, token):
    user = services.user_signup_confirm(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "registration/signup_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to Forge! Your account is ready."))
    return redirect(_next_url(request))


def _render_profile(request, form=None, new_token=None):
    context = {
        "form": form or ProfileForm(instance=request.user),
        "token": Token.objects.filter(user=request.user).first(),
        "new_token": new_token,
    }
    return render(request, "registration/profile.html", context)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        code = user.language or get_language()
        # The page comes back in the language just chosen, and the cookie follows it.
        with translation.override(code):
            messages.success(request, _("Your profile is saved."))
            response = redirect("profile")
        set_language_cookie(response, code)
        return response
    return _render_profile(request, form)


@login_required
@require_POST
def api_token_create(request):
    # Rendered, not redirected: the key is shown this once and never stored in a message.
    token = services.api_token_create(user=request.user)
    return _render_profile(request, new_token=token.key)


@login_required
@require_POST
def api_token_revoke(request):
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Revoke your API token?"),
                message=_(
                    "Programs that use it will be locked out at once. You can create a new "
                    "token afterwards, but it will have a different value."
                ),
                button=_("Revoke the token"),
                action=request.path,
                cancel_url=reverse("profile"),
                cancel=_("Keep it"),
            ),
        )
    if services.api_token_revoke(user=request.user):
        messages.success(request, _("Your API token is revoked; programs using it are locked out."))
    return confirm.done(request, "profile")


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        response = redirect("home")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    return render(request, "registration/account_delete.html", {"form": form})
