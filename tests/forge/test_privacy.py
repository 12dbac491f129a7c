"""Privacy: sign-up tells nobody whether an address has an account, shared plans show only a
chosen name, and a deleted account leaves no login records or sessions behind."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from plans.services import plans as services
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "a-sturdy-passphrase-42"


def _signup(client, email, **extra):
    data = {"email": email, "password1": STRONG, "password2": STRONG, **extra}
    return client.post(reverse("signup"), data)


def _link(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    url = match.group(0)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_sign_up_answers_the_same_for_a_new_and_a_taken_address(client, member):
    new = _signup(client, "new@example.org")
    taken = _signup(Client(), "MEMBER@example.org")

    assert (new.status_code, new["Location"]) == (302, reverse("signup-sent"))
    assert (taken.status_code, taken["Location"]) == (302, reverse("signup-sent"))
    assert new.cookies.keys() == taken.cookies.keys()
    # Neither is logged in; the new address has an account waiting for its link.
    assert "_auth_user_id" not in client.session
    assert list(User.objects.order_by("email").values_list("email", "is_active")) == [
        ("member@example.org", True),
        ("new@example.org", False),
    ]
    # The owner of the taken address gets a note; nothing about the account changed.
    notes = {message.to[0]: message for message in mail.outbox}
    assert set(notes) == {"new@example.org", "member@example.org"}
    assert notes["member@example.org"].subject == "You already have a Forge account"
    assert reverse("password_reset") in notes["member@example.org"].body
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_confirmation_link_activates_logs_in_and_returns_to_next(client):
    next_url = reverse("plans:save-exercise", args=["plank"])
    _signup(client, "New@Example.org", next=next_url)
    (message,) = mail.outbox
    assert message.subject == "Confirm your Forge account"

    # Before the link, the account cannot log in (and the form does not say why).
    refused = client.post(reverse("login"), {"username": "new@example.org", "password": STRONG})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    response = client.get(_link(message))
    assert response.status_code == 302 and response["Location"] == next_url
    user = User.objects.get(email__iexact="new@example.org")
    assert user.is_active and client.session["_auth_user_id"] == str(user.pk)
    # The link works once.
    again = Client().get(_link(message))
    assert again.status_code == 400 and b"This link does not work" in again.content


def test_a_second_sign_up_for_an_unconfirmed_address_replaces_the_first_link(client):
    _signup(client, "new@example.org")
    _signup(client, "new@example.org", password1=STRONG + "!", password2=STRONG + "!")
    first, second = mail.outbox
    assert second.subject == "Confirm your Forge account"
    assert Client().get(_link(first)).status_code == 400
    assert client.get(_link(second)).status_code == 302
    assert User.objects.get(email="new@example.org").check_password(STRONG + "!")


def test_an_unsafe_next_url_is_dropped_from_the_link(client):
    _signup(client, "a@example.org", next="https://evil.example.com/")
    response = client.get(_link(mail.outbox[0]))
    assert response["Location"] == reverse("home")


def test_a_shared_plan_shows_the_chosen_name_or_a_forge_member_never_the_email(client, db):
    owner = UserFactory(email="zelda.quist@example.org", password=PASSWORD)
    plan = services.plan_share(plan=services.plan_create(owner=owner, name="Hips"))
    page = client.get(plan.get_share_url()).content.decode()
    assert "A plan shared by a Forge member" in page
    assert "zelda" not in page.lower() and "quist" not in page.lower()

    owner.display_name = "Ann B."
    owner.save()
    page = client.get(plan.get_share_url()).content.decode()
    assert "A plan shared by Ann B." in page and "zelda" not in page.lower()


def test_members_choose_their_display_name_on_the_profile_page(member_client, member):
    page = member_client.get(reverse("profile")).content.decode()
    assert 'name="display_name"' in page and "a Forge member" in page
    response = member_client.post(reverse("profile"), {"display_name": "Ann"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Ann"


def test_deleting_an_account_removes_its_login_records_and_every_session(member, other_member):
    phone, laptop, theirs = Client(), Client(), Client()
    phone.force_login(member)
    laptop.force_login(member)
    theirs.force_login(other_member)
    for email in (member.email, other_member.email):
        AccessAttempt.objects.create(username=email, ip_address="192.0.2.1", failures_since_start=1)
        AccessLog.objects.create(username=email, ip_address="192.0.2.1", user_agent="UA")
        AccessFailureLog.objects.create(username=email, ip_address="192.0.2.1", user_agent="UA")
    assert Session.objects.count() == 3

    response = laptop.post(reverse("account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        # (Logging in also writes an AccessLog row: the other member has two.)
        assert set(model.objects.values_list("username", flat=True)) == {other_member.email}
    # The phone's session is gone too, not only the one that asked; the other member's stays.
    assert Session.objects.count() == 1
    assert phone.get(reverse("profile")).status_code == 302
    assert theirs.get(reverse("profile")).status_code == 200
