"""Members' privacy and the catalogue cache: nothing personal is ever served from the shared
cache."""

from django.test import Client

from plans.models import Plan
from tests.factories import ExerciseFactory

# --- Members' privacy ----------------------------------------------------------------------


def test_a_member_never_receives_the_page_cached_for_visitors(visitor_client, client, member):
    ExerciseFactory(name="Plank")
    for path in ["/", "/exercises/", "/exercise/plank/"]:
        visitor_page = visitor_client.get(path).content.decode()
        assert "Log out" not in visitor_page and "My plans" not in visitor_page

    client.force_login(member)
    for path in ["/", "/exercises/", "/exercise/plank/"]:
        response = client.get(path)
        html = response.content.decode()
        assert "Log out" in html and "My plans" in html, path
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_a_visitor_never_receives_a_page_rendered_for_a_member(visitor_client, client, member):
    ExerciseFactory(name="Plank")
    client.force_login(member)
    for path in ["/", "/exercises/", "/exercise/plank/"]:
        assert "Log out" in client.get(path).content.decode()

    pages = {
        path: visitor_client.get(path).content.decode()
        for path in ["/", "/exercises/", "/exercise/plank/"]
    }
    for path, html in pages.items():
        assert "Log out" not in html and "My plans" not in html, path
    # The visitor's exercise page offers to save it to a plan after signing up.
    assert "/accounts/signup/?next=/plans/save/plank/" in pages["/exercise/plank/"]


def test_a_member_never_receives_another_members_pages(client, member, other_member):
    ExerciseFactory(name="Plank")
    Plan.objects.create(owner=member, name="Alice's secret split")
    client.force_login(member)
    mine = client.get("/plans/")
    assert "Alice&#x27;s secret split" in mine.content.decode()

    other = Client()
    other.force_login(other_member)
    for path in ["/plans/", "/plans/save/plank/", "/exercise/plank/", "/"]:
        response = other.get(path)
        assert response.status_code == 200, path
        assert "secret split" not in response.content.decode(), path


def test_the_save_dialog_of_a_member_is_never_cached(client, member, other_member):
    ExerciseFactory(name="Plank")
    Plan.objects.create(owner=member, name="Alice's split").days.create(name="Day A", position=1)
    Plan.objects.create(owner=other_member, name="Bob's split").days.create(
        name="Day B", position=1
    )
    client.force_login(member)
    alice = client.get("/plans/save/plank/").content.decode()
    client.force_login(other_member)
    bob = client.get("/plans/save/plank/").content.decode()

    assert "Alice&#x27;s split" in alice and "Bob&#x27;s split" not in alice
    assert "Bob&#x27;s split" in bob and "Alice&#x27;s split" not in bob


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(visitor_client, member):
    ExerciseFactory(name="Plank")
    visitor_client.get("/")  # cached for visitors
    visitor_client.cookies["messages"] = "pending"

    response = visitor_client.get("/")

    # Rendered for this request (the message may be shown), never from or into the cache.
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_cached_api_reads_still_count_against_the_throttle(visitor_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/m"})
    ExerciseFactory(name="Plank")
    statuses = [visitor_client.get("/api/v1/exercises/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert visitor_client.get("/api/v1/exercises/").status_code == 429


def test_cards_cached_for_members_never_reach_visitors_and_back(visitor_client, client, member):
    ExerciseFactory(name="Plank")
    client.force_login(member)
    member_html = client.get("/exercises/").content.decode()
    visitor_html = visitor_client.get("/exercises/").content.decode()

    # Only a member's save button opens the save dialog in place.
    button = 'aria-label="Save to plan: Plank" data-save-dialog'
    assert button in member_html
    assert button not in visitor_html
    assert button in client.get("/exercises/").content.decode()


def test_a_page_holding_a_visitors_csrf_token_is_never_stored(rf, db):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from forge.lib.pagecache import visitor_page

    calls = []

    @visitor_page(version=lambda: 1)
    def form_page(request):
        calls.append(1)
        return HttpResponse(f"<input value='{get_token(request)}'>")

    first, second = form_page(rf.get("/form/")), form_page(rf.get("/form/"))

    assert len(calls) == 2
    assert first.content != second.content
