from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def run(*args, passwords=("Str0ng-enough-pass", "Str0ng-enough-pass")):
    out = StringIO()
    with mock.patch("getpass.getpass", side_effect=list(passwords)):
        call_command("create_editor", *args, stdout=out)
    return out.getvalue()


def test_create_editor_makes_a_staff_account_in_the_editors_group(client):
    output = run("New.Editor@Example.org")

    user = User.objects.get(email__iexact="new.editor@example.org")
    assert "Created editor" in output
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.check_password("Str0ng-enough-pass")
    # Axes checks every authentication against the request it comes with.
    assert client.login(
        request=HttpRequest(), username="new.editor@example.org", password="Str0ng-enough-pass"
    )
    assert client.get("/admin/exercises/exercise/").status_code == 200


def test_create_editor_promotes_an_existing_member():
    member = UserFactory(email="ann@example.org")

    run("ann@example.org", "--no-input")

    member.refresh_from_db()
    assert member.is_staff and member.groups.filter(name="Editors").exists()
    assert member.has_usable_password()  # the member keeps the password they had


def test_create_editor_without_input_leaves_no_usable_password():
    run("bob@example.org", "--no-input")
    assert not User.objects.get(email="bob@example.org").has_usable_password()


def test_create_editor_refuses_a_bad_email_and_creates_nothing():
    with pytest.raises(CommandError, match="valid email"):
        run("not-an-email", "--no-input")
    assert not User.objects.exists()


def test_create_editor_refuses_mismatched_or_weak_passwords():
    with pytest.raises(CommandError, match="differ"):
        run("c@example.org", passwords=("one-password-1", "another-password-2"))
    with pytest.raises(CommandError, match="too common"):
        run("c@example.org", passwords=("password", "password"))
    assert not User.objects.exists()
