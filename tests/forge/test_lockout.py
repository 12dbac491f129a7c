"""Login lock-out (django-axes) on the pair (account, client address), behind a proxy too."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from forge.lib.client_ip import client_ip
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"  # every request behind the proxy comes from here


def _login(client, email, password, *, forwarded=None, remote=PROXY, url=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        url or reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=remote,
        headers=headers,
    )


def _fail(client, email, *, times, **where):
    """`times` wrong passwords: the form again each time, and the lock-out page on the last."""
    statuses = [_login(client, email, "wrong", **where).status_code for _ in range(times)]
    assert statuses == [200] * (times - 1) + [429]


def test_failures_for_a_made_up_account_behind_a_proxy_lock_nobody_else(
    client, member, other_member, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = "203.0.113.9"
    _fail(client, "ghost@example.org", times=settings.AXES_FAILURE_LIMIT, forwarded=attacker)

    # The made-up account is locked from the attacker's address …
    locked = _login(client, "ghost@example.org", "wrong", forwarded=attacker)
    assert locked.status_code == 429
    # … but members, even from that same address and through the same proxy, still log in.
    assert _login(client, member.email, PASSWORD, forwarded=attacker).status_code == 302
    client.logout()
    neighbour = "198.51.100.7"
    assert _login(client, other_member.email, PASSWORD, forwarded=neighbour).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("ghost@example.org", attacker)
    ]


def test_a_locked_account_still_logs_in_from_another_address(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, member.email, times=settings.AXES_FAILURE_LIMIT, forwarded="203.0.113.9")
    assert _login(client, member.email, PASSWORD, forwarded="203.0.113.9").status_code == 429
    assert "_auth_user_id" not in client.session

    assert _login(client, member.email, PASSWORD, forwarded="192.0.2.44").status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lock(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, member.email, "wrong", forwarded=f"192.0.2.{i}", remote="198.51.100.1")
    response = _login(
        client, member.email, PASSWORD, forwarded="192.0.2.200", remote="198.51.100.1"
    )
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.1"]


def test_the_admin_login_shares_the_rule(client, editor, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    admin_login = reverse("admin:login")
    _fail(
        client,
        editor.email,
        times=settings.AXES_FAILURE_LIMIT,
        forwarded="203.0.113.9",
        url=admin_login,
    )
    # Locked on the admin and on the site alike, for that account from that address …
    assert (
        _login(client, editor.email, PASSWORD, forwarded="203.0.113.9", url=admin_login).status_code
        == 429
    )
    assert _login(client, editor.email, PASSWORD, forwarded="203.0.113.9").status_code == 429
    # … while another account from the same address signs in.
    assert _login(client, member.email, PASSWORD, forwarded="203.0.113.9").status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not to be trusted
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_end_of_the_header(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_spellings_of_one_email_share_one_count(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spellings = [
        "Member@example.org",
        "MEMBER@example.org",
        "member@EXAMPLE.org",
        " member@example.org ",
        "mEmBeR@example.org",
    ]
    statuses = [
        _login(client, email, "wrong", forwarded="203.0.113.9").status_code for email in spellings
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Locked under every spelling, the right password included.
    for email in (member.email, "MEMBER@EXAMPLE.ORG"):
        assert _login(client, email, PASSWORD, forwarded="203.0.113.9").status_code == 429
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["member@example.org"]


def test_password_spraying_from_one_address_reaches_the_address_ceiling(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    sprayer = "203.0.113.66"
    # Two guesses each on ten accounts, under the per-account limit every time: the 20th
    # failure from the address reaches its ceiling …
    statuses = [
        _login(client, f"user{n}@example.org", guess, forwarded=sprayer).status_code
        for n in range(10)
        for guess in ("Summer2024!", "Password1")
    ]
    assert statuses == [200] * 19 + [429]
    # … and the next account is refused at once, a real member's right password included,
    assert _login(client, "user10@example.org", "Summer2024!", forwarded=sprayer).status_code == 429
    assert _login(client, member.email, PASSWORD, forwarded=sprayer).status_code == 429
    # while from any other address the member logs in.
    assert _login(client, member.email, PASSWORD, forwarded="192.0.2.44").status_code == 302
    # Ten sprayed accounts, plus the two refused attempts (recorded too, as axes does).
    assert AccessAttempt.objects.filter(ip_address=sprayer).count() == 12


def test_an_office_behind_one_address_does_not_reach_the_ceiling(client, settings):
    """Forty colleagues behind one address each mistype twice, then log in."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    office = "198.51.100.20"
    colleagues = [
        UserFactory(email=f"colleague{n}@office.example", password=PASSWORD) for n in range(40)
    ]
    statuses = []
    for colleague in colleagues:
        statuses.append(_login(client, colleague.email, "typo", forwarded=office).status_code)
        statuses.append(_login(client, colleague.email, "typ0", forwarded=office).status_code)
        statuses.append(_login(client, colleague.email, PASSWORD, forwarded=office).status_code)
        client.logout()
    assert statuses == [200, 200, 302] * 40
    assert AccessAttempt.objects.count() == 0  # each success cleared its account's failures
