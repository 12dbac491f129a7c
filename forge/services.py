"""Writes to accounts."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from rest_framework.authtoken.models import Token

EDITORS_GROUP = "Editors"


@transaction.atomic
def user_make_editor(*, email: str, password: str | None = None):
    """Create (or promote) an account that can sign in to the admin as an editor.

    Returns (user, created). Without a password a new account gets an unusable one and sets
    its own through the password-reset page.
    """
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    created = existing is None
    user = existing or User(email=User.objects.normalize_email(email))
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = True
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user, created


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm a sign-up: they stop working once the account is active (or its
    password changes, e.g. by a second sign-up with the same address), and expire with
    PASSWORD_RESET_TIMEOUT like reset links."""

    key_salt = "forge.services.SignupTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


signup_token_generator = SignupTokenGenerator()


def _is_unconfirmed(user) -> bool:
    """Signed up but never confirmed (an admin's deactivated account has logged in before)."""
    return not user.is_active and user.last_login is None


def _send(*, to: str, template: str, context: dict) -> None:
    subject, body = render_to_string(template, context).split("\n", 1)
    send_mail(subject.strip(), body.lstrip(), settings.DEFAULT_FROM_EMAIL, [to])


@transaction.atomic
def user_signup(*, email: str, password: str, next_url: str = "") -> None:
    """Start a sign-up; its outcome is told only by email, so the page answers the same
    whether or not the address has an account.

    A new address gets an inactive account and a link to confirm it. An address that has an
    account gets a note saying so (with links to log in or reset the password), and nothing
    changes. A second sign-up for a still-unconfirmed address replaces the password and sends
    a fresh link (the old one stops working), so nobody can hold an address they do not own.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    site = settings.SITE_URL
    if user is not None and not _is_unconfirmed(user):
        _send(
            to=user.email,
            template="registration/signup_taken_email.txt",
            context={
                "login_url": site + reverse("login"),
                "reset_url": site + reverse("password_reset"),
            },
        )
        return
    user = user or User(email=email, is_active=False)
    # The language of the sign-up page is the new member's first choice.
    user.language = translation.get_language() or ""
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    path = reverse(
        "signup-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": signup_token_generator.make_token(user),
        },
    )
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    _send(
        to=user.email,
        template="registration/signup_confirm_email.txt",
        context={"confirm_url": f"{site}{path}{query}"},
    )


@transaction.atomic
def user_signup_confirm(*, uidb64: str, token: str):
    """Activate the account a confirmation link names; None when the link is not valid."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not _is_unconfirmed(user) or not signup_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete an account and everything it owns (plans, logs, tokens cascade with it), every
    session it has on any device, and the login records (django-axes) under its address."""
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            session.delete()
    user.delete()


@transaction.atomic
def api_token_create(*, user) -> Token:
    """A new API token for the member; any previous one stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


def user_language_set(*, user, code: str) -> None:
    """Store the member's interface language (one of settings.LANGUAGES)."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language: {code!r}")
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])
