"""forge.lib.personal: a member's menu is rendered once per URL and language in each process
and each request gets its own CSRF token put in; nothing of one member or request reaches
another, and a member with messages or a staff member gets a full render."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client, RequestFactory

from forge.lib import personal
from tests.factories import ExerciseFactory, UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def plank(db):
    return ExerciseFactory(name="Plank")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _renders(path, *clients):
    """Each client's page at `path`, and how many times the menu template was rendered (the
    member's offline tag, includes/_member_meta.html, is rendered for every request)."""
    with mock.patch.object(personal, "render_to_string", wraps=personal.render_to_string) as render:
        pages = [client.get(path).content.decode() for client in clients]
    menus = [call for call in render.call_args_list if call.args[0] == "includes/_personal.html"]
    return pages, len(menus)


def test_the_menu_is_rendered_once_and_each_member_gets_their_own_token(plank, member):
    alice, bob = _signed_in(member), _signed_in(UserFactory(email="bob@example.org"))
    alice.get("/exercise/plank/")  # the shared copy and the menu are stored

    pages, renders = _renders("/exercise/plank/", alice, bob)

    assert renders == 0
    for client, page in zip((alice, bob), pages, strict=True):
        (token,) = TOKEN.findall(page)
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        assert "csrf-placeholder" not in page
        assert "Log out" in page
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value


def test_the_menu_follows_the_url(plank, member):
    client = _signed_in(member)
    listing = client.get("/exercises/?search=plank").content.decode()
    other = client.get("/exercises/?search=curl").content.decode()
    home = client.get("/").content.decode()

    assert 'value="plank"' in listing and 'value="curl"' not in listing
    assert 'value="curl"' in other and 'value="plank"' not in other
    assert re.search(r'href="/exercises/" aria-current="page"', listing)
    assert not re.search(r'href="/exercises/" aria-current="page"', home)


def _request(user, path="/exercises/"):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = None
    request.session = {}
    request._messages = mock.MagicMock(__len__=lambda self: 0)
    return request


def test_visitors_and_staff_get_a_full_render(db):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    for user in (AnonymousUser(), staff):
        with mock.patch.object(personal, "render_to_string", return_value="full") as render:
            assert personal.render_personal(_request(user), "includes/_personal.html") == "full"
        assert render.call_args.kwargs == {"request": mock.ANY}  # no placeholder token
    assert not personal._rendered


def test_a_member_with_messages_gets_a_full_render(member):
    request = _request(member)
    request._messages = mock.MagicMock(__len__=lambda self: 1)
    with mock.patch.object(personal, "render_to_string", return_value="full") as render:
        assert personal.render_personal(request, "includes/_personal.html") == "full"
    assert render.call_args.kwargs == {"request": mock.ANY}
    assert not personal._rendered


def test_a_part_that_asks_for_the_members_own_token_is_not_kept(member):
    """Only `{% csrf_token %}` (given the placeholder) may carry the token; a part whose
    rendering asked for the request's own token is rendered for each request."""
    own = _request(member)
    with mock.patch.object(personal, "render_to_string") as render:

        def asks(template_name, context=None, request=None):
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token() does
            return "secret"

        render.side_effect = asks
        assert personal.render_personal(own, "own_token.html") == "secret"
    assert not personal._rendered


def test_a_part_not_known_to_be_the_same_for_every_member_is_never_kept(member):
    """Only the menu is kept: any other personal part (say, one with the member's own tag)
    is rendered for each request."""
    with mock.patch.object(personal, "render_to_string", return_value="theirs") as render:
        for _ in range(2):
            assert personal.render_personal(_request(member), "includes/_other.html") == "theirs"
    assert render.call_count == 2
    assert render.call_args.kwargs == {"request": mock.ANY}
    assert not personal._rendered


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_part_with_its_own_context_renders_as_with_every_context_processor(
    member, signed_in, settings
):
    from django.template.loader import render_to_string

    settings.SECRET_KEY = "another-secret-for-a-different-tag-0123456789abcdef"
    request = RequestFactory().get("/exercises/")
    request.user = member if signed_in else AnonymousUser()
    for template_name in personal.OWN_CONTEXT:
        full = render_to_string(template_name, request=request)
        assert personal.render_personal(request, template_name) == full
        assert ("forge-member" in full) is signed_in
