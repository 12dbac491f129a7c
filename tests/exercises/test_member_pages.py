"""Members share the catalogue's cached pages: one copy per version and URL for every signed-in
member, each member's own parts (menu, log-out form and CSRF token, messages) put in per
request. Nothing personal is ever shared: not a member's token, email or messages, and
never a visitor's page or a member's page to a visitor."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client, RequestFactory

from exercises import services
from exercises.models import Exercise, Status
from exercises.selectors import catalogue_version
from forge.lib.members import member_tag
from forge.lib.pagecache import cache_key, versioned_get
from tests.factories import ExerciseFactory, UserFactory

PAGES = ["/", "/exercises/", "/exercises/legs/", "/exercises/equipment/", "/exercise/plank/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def plank(db):
    return ExerciseFactory(name="Plank")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_secret(html: str) -> str:
    """The CSRF secret behind the log-out form's (masked) token."""
    tokens = TOKEN.findall(html)
    assert len(tokens) == 1, "one form: the log-out button"
    return _unmask_cipher_token(tokens[0])


@pytest.mark.parametrize("path", PAGES)
def test_each_member_gets_their_own_csrf_token_in_the_shared_page(plank, member, path):
    alice, bob = _signed_in(member), _signed_in(UserFactory(email="bob@example.org"))
    first = alice.get(path)
    second = bob.get(path)  # from the copy Alice's request stored

    for client, response in ((alice, first), (bob, second)):
        assert response.status_code == 200
        assert _form_secret(response.content.decode()) == client.cookies["csrftoken"].value
        assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value
    assert "forge-personal" not in first.content.decode() + second.content.decode()


def test_the_shared_copy_holds_no_personal_part(plank, member):
    client = _signed_in(member)
    page = client.get("/exercise/plank/").content.decode()

    request = RequestFactory().get("/exercise/plank/")
    content, _headers = versioned_get(cache_key(request, catalogue_version(), "member"))
    assert "Log out" in page and "Log out" not in content
    assert "csrfmiddlewaretoken" not in content and member.email not in content
    assert "<!--forge-personal:0-->" in content  # the menu's place
    # The catalogue part is the member's: their save button opens the save dialog.
    assert "data-save-dialog" in content and "Log in to save it" not in content


def test_each_member_gets_their_own_offline_tag_in_the_shared_page(plank, member, other_member):
    # The tag says whose queued sessions this browser may send (static/js/session-queue.js):
    # a page shared between members must carry the reader's, never the first reader's.
    first = _signed_in(member).get("/exercise/plank/").content.decode()
    second = _signed_in(other_member).get("/exercise/plank/").content.decode()
    for user, page in ((member, first), (other_member, second)):
        assert f'<meta name="forge-member" content="{member_tag(user)}">' in page
    assert member_tag(member) not in second and member_tag(other_member) not in first

    request = RequestFactory().get("/exercise/plank/")
    content, _headers = versioned_get(cache_key(request, catalogue_version(), "member"))
    assert 'name="forge-member"' not in content and "<!--forge-personal:1-->" in content


def test_a_second_member_reads_only_their_session_and_account(
    plank, member, other_member, django_assert_num_queries
):
    for path in PAGES:
        _signed_in(member).get(path)
        other = _signed_in(other_member)
        # 1 the session, 2 the member: the page itself comes from the shared copy.
        with django_assert_num_queries(2, info=path):
            response = other.get(path)
        assert response.status_code == 200, path


def test_a_members_messages_stay_theirs(plank, member, other_member):
    alice, bob = _signed_in(member), _signed_in(other_member)
    bob.get("/exercise/plank/")  # the shared copy exists before Alice's message
    storage = CookieStorage(RequestFactory().get("/"))
    alice.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Saved to Alice's plan")]
    )

    alices = alice.get("/exercise/plank/").content.decode()
    bobs = bob.get("/exercise/plank/").content.decode()
    assert "Saved to Alice&#x27;s plan" in alices
    assert "Alice" not in bobs
    # Shown once: the next page no longer has it.
    assert "Saved to Alice" not in alice.get("/exercise/plank/").content.decode()


def test_visitors_and_members_never_get_each_others_copy(plank, member):
    visitor, alice = Client(), _signed_in(member)
    for path in PAGES:
        for first in (visitor, alice):  # each warms its own copy first
            first.get(path)
        visitor_html = visitor.get(path).content.decode()
        member_html = alice.get(path).content.decode()
        assert "Log out" not in visitor_html and "My plans" not in visitor_html, path
        assert "Log out" in member_html and ">Log in<" not in member_html, path
    exercise = alice.get("/exercise/plank/").content.decode()
    assert "Saving needs a free account" not in exercise


def test_an_edit_reaches_members_at_once(plank, member):
    alice = _signed_in(member)
    assert "Plank" in alice.get("/exercises/").content.decode()
    Exercise.objects.filter(pk=plank.pk).update(name="Forearm plank")
    services.catalogue_version_bump()

    assert "Forearm plank" in alice.get("/exercises/").content.decode()


def test_staff_get_their_own_page_with_drafts(plank, editor, member):
    ExerciseFactory(name="Side plank", status=Status.DRAFT)
    _signed_in(member).get("/exercise/side-plank/")  # 404 for members, nothing shared
    staff = _signed_in(editor)

    response = staff.get("/exercise/side-plank/")
    assert response.status_code == 200 and "Preview:" in response.content.decode()
    assert _signed_in(member).get("/exercise/side-plank/").status_code == 404


def test_an_invalid_listing_is_the_members_own_with_their_menu(plank, member):
    response = _signed_in(member).get("/exercises/?level=expert")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Log out" in html and "forge-personal" not in html


def test_without_the_page_cache_a_member_gets_a_fresh_page(plank, member, settings):
    settings.PAGE_CACHE = False
    alice = _signed_in(member)
    alice.get("/exercise/plank/")
    request = RequestFactory().get("/exercise/plank/")
    assert versioned_get(cache_key(request, catalogue_version(), "member")) is None
    assert "Log out" in alice.get("/exercise/plank/").content.decode()
