"""Writes to accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from rest_framework.authtoken.models import Token

EDITORS_GROUP = "Editors"


@transaction.atomic
def user_make_editor(*, email: str, password: str | None = None):
    """Create (or promote) an account that can sign in to the admin as an editor.

    Returns (user, created). Without a password a new account gets an unusable one and sets
    its own through the password-reset page.
    """
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=User.objects.normalize_email(email))
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


@transaction.atomic
def user_signup(*, email: str, password: str):
    User = get_user_model()
    user = User(email=User.objects.normalize_email(email))
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete an account and everything it owns (plans, logs, tokens cascade with it)."""
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
