import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from plans.models import Plan, PlanDay, PlanItem
from plans.services import plans as services
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "a-sturdy-passphrase-42"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-email", "password1": STRONG, "password2": STRONG}, "email"),
        ({"email": "b@example.org", "password1": "password", "password2": "password"}, "password2"),
        ({"email": "b@example.org", "password1": STRONG, "password2": STRONG + "x"}, "password2"),
    ],
)
def test_signup_errors_are_shown_by_the_field(client, member, data, field):
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == 1


def test_login_with_email_and_logout_by_post(client, member):
    response = client.post(
        reverse("login"), {"username": "member@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405  # no logging out by a link
    client.post(reverse("logout"))
    assert client.get(reverse("profile")).status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(client, member):
    response = client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.org"] and "Reset your Forge password" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG}
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(STRONG)


def test_password_change(member_client, member):
    response = member_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(STRONG)


def test_profile_update(member_client, member):
    response = member_client.post(reverse("profile"), {"display_name": "Ann"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Ann"


def test_profile_needs_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_deleting_the_account_leaves_nothing_of_the_member(client, member, other_member):
    plan = services.plan_create(owner=member, name="Mine")
    services.plan_add_exercise(plan=plan, exercise=ExerciseFactory(name="Plank"))
    services.plan_share(plan=plan)
    theirs = services.plan_create(owner=other_member, name="Theirs")
    client.force_login(member)

    wrong = client.post(reverse("account-delete"), {"password": "not-it"})
    assert "password" in wrong.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()

    response = client.post(reverse("account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not PlanDay.objects.filter(plan_id=plan.pk).exists()
    assert not PlanItem.objects.filter(day__plan_id=plan.pk).exists()
    assert Plan.objects.filter(pk=theirs.pk).exists()
    assert "_auth_user_id" not in client.session


def test_every_account_form_carries_a_csrf_token(member_client):
    from django.test import Client

    for name in ["login", "signup", "password_reset"]:
        assert b"csrfmiddlewaretoken" in Client().get(reverse(name)).content
    for name in ["profile", "account-delete", "password_change"]:
        assert b"csrfmiddlewaretoken" in member_client.get(reverse(name)).content


def test_posts_without_a_csrf_token_are_refused(member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.post(reverse("plans:plan-list"), {"name": "Sneaky"})
    assert response.status_code == 403
    assert not Plan.objects.filter(name="Sneaky").exists()
