"""Languages (issue 23): URLs per language, the first visit's redirect, the switcher, a
member's language on the account, hreflang alternates, the sitemap and the page cache."""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forge.lib import pagecache
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def exercise(db):
    return ExerciseFactory(name="Standing Quad Stretch", target=["quadriceps"], stretch=True)


def _in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


# --- URLs ---------------------------------------------------------------------------------


def test_english_keeps_todays_urls_and_german_and_spanish_get_a_prefix(exercise):
    assert _in("en", "exercises:exercise-detail", exercise.slug) == (
        "/exercise/standing-quad-stretch/"
    )
    assert _in("de", "exercises:exercise-detail", exercise.slug) == (
        "/de/exercise/standing-quad-stretch/"
    )
    assert _in("es", "plans:routine-list") == "/es/routines/"
    assert _in("de", "home") == "/de/"
    # The API, the admin, the health check, robots.txt and the sitemap have no prefix.
    for name in ("api:exercise-list", "admin:index", "health", "robots-txt", "sitemap"):
        assert _in("de", name) == _in("en", name), name
        assert not _in("de", name).startswith("/de/"), name


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_prefixed_page_is_served_in_its_language(client, exercise, language):
    response = client.get(f"/{language}/exercise/{exercise.slug}/")
    assert response.status_code == 200
    assert response["Content-Language"] == language
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    # Links on the page stay in the page's language.
    assert f'href="/{language}/exercises/"' in content


def test_unprefixed_pages_are_english_and_the_api_has_no_language_versions(client, exercise):
    response = client.get(f"/exercise/{exercise.slug}/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/de/api/v1/exercises/").status_code == 404
    assert client.get("/de/admin/").status_code == 404


def test_robots_txt_keeps_private_pages_of_every_language_out(client, db):
    body = client.get("/robots.txt").content.decode()
    for line in ("Disallow: /plans/", "Disallow: /de/plans/", "Disallow: /es/accounts/"):
        assert line in body.splitlines()


# --- The first visit ---------------------------------------------------------------------


def test_a_german_browser_is_sent_to_the_german_page(client, exercise):
    response = client.get("/exercises/?level=beginner", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/de/exercises/?level=beginner"
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert "private" in response["Cache-Control"]


def test_an_english_or_unknown_browser_stays_and_the_page_varies_on_accept_language(
    client, exercise
):
    for header in ("en-GB,en;q=0.9,de;q=0.5", "fr-FR,fr;q=0.9", ""):
        response = client.get("/exercises/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200, header
        assert "Accept-Language" in response["Vary"]


def test_a_language_choice_cookie_wins_over_the_browser(client, exercise):
    client.cookies[COOKIE] = "en"
    response = client.get("/exercises/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 200
    client.cookies[COOKIE] = "es"
    response = client.get("/exercises/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response["Location"] == "/es/exercises/"


def test_no_redirect_for_the_api_posts_htmx_or_unknown_urls(client, exercise):
    german = {"HTTP_ACCEPT_LANGUAGE": "de"}
    assert client.get("/api/v1/exercises/", **german).status_code == 200
    assert client.get("/health/", **german).status_code == 200
    assert client.get("/no-such-page/", **german).status_code == 404
    assert client.get("/exercises/", HTTP_HX_REQUEST="true", **german).status_code == 200
    assert client.post(reverse("login"), {}, **german).status_code == 200


# --- The switcher --------------------------------------------------------------------------


def test_every_page_has_a_switcher_with_links_to_the_same_page(client, exercise):
    content = client.get("/exercises/?level=beginner").content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    assert 'aria-label="Language"' in nav
    assert '<a href="/exercises/" lang="en" aria-current="true">English</a>' in nav
    assert (
        '<a href="/language/de/?next=/exercises/%3Flevel%3Dbeginner" lang="de" hreflang="de">'
        "Deutsch</a>" in nav
    )
    assert 'lang="es" hreflang="es">Español</a>' in nav
    # No CSRF token in a visitor's (cached, shared) page.
    assert "csrfmiddlewaretoken" not in content


def test_switching_goes_to_the_same_page_and_remembers_the_choice(client, exercise):
    response = client.get("/language/es/", {"next": "/exercises/?level=beginner"})
    assert response.status_code == 302
    assert response["Location"] == "/es/exercises/?level=beginner"
    assert response.cookies[COOKIE].value == "es"
    assert "no-store" in response["Cache-Control"]
    # From a Spanish page back to English: the English URL, and English is remembered.
    response = client.get("/language/en/", {"next": f"/es/exercise/{exercise.slug}/"})
    assert response["Location"] == f"/exercise/{exercise.slug}/"
    assert response.cookies[COOKIE].value == "en"
    # So a German browser that chose English stays on the English pages.
    assert client.get("/exercises/", HTTP_ACCEPT_LANGUAGE="de").status_code == 200


def test_switching_refuses_unknown_languages_and_foreign_next_urls(client, db):
    assert client.get("/language/fr/", {"next": "/"}).status_code == 404
    response = client.get("/language/de/", {"next": "https://evil.example/"})
    assert response["Location"] == "/de/"
    assert client.post("/language/de/", {"next": "/"}).status_code == 405


# --- A member's language -------------------------------------------------------------------


def test_a_member_who_switches_keeps_the_language_on_the_account(member_client, member):
    member_client.get("/language/de/", {"next": "/plans/"})
    member.refresh_from_db()
    assert member.language == "de"


def test_the_profile_page_sets_the_language_and_answers_in_it(member_client, member):
    response = member_client.post(reverse("profile"), {"display_name": "Ana", "language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/profile/"
    assert response.cookies[COOKIE].value == "es"
    member.refresh_from_db()
    assert member.language == "es"
    page = member_client.get(response["Location"]).content.decode()
    assert "Tu perfil se ha guardado." in page


def test_signing_in_applies_the_members_language_after_logging_out(client, member):
    member.language = "es"
    member.save()
    response = client.post(
        reverse("login"), {"username": member.email, "password": PASSWORD, "next": "/exercises/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/exercises/"
    assert response.cookies[COOKIE].value == "es"
    client.post(reverse("logout"))
    # A new browser (no cookie) that signs in gets Spanish again, from the account.
    fresh = Client()
    response = fresh.post(reverse("login"), {"username": member.email, "password": PASSWORD})
    assert response["Location"] == "/es/plans/"


def test_signing_up_keeps_the_language_of_the_sign_up_page(client, db, mailoutbox):
    client.post(
        "/de/accounts/signup/",
        {
            "email": "neu@example.org",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    from forge.models import User

    assert User.objects.get(email="neu@example.org").language == "de"
    assert mailoutbox[0].subject == "Bestätige dein Forge-Konto"
    assert "/de/accounts/signup/confirm/" in mailoutbox[0].body


# --- hreflang, canonical and the sitemap -----------------------------------------------------


def _alternates(content):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', content))


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_hreflang_pairs_are_the_same_on_every_version_of_a_page(client, exercise, language):
    site = settings.SITE_URL
    url = _in(language, "exercises:exercise-detail", exercise.slug)
    content = client.get(url).content.decode()
    assert _alternates(content) == {
        "en": f"{site}/exercise/{exercise.slug}/",
        "de": f"{site}/de/exercise/{exercise.slug}/",
        "es": f"{site}/es/exercise/{exercise.slug}/",
        "x-default": f"{site}/exercise/{exercise.slug}/",
    }
    assert f'<link rel="canonical" href="{site}{url}">' in content


def test_the_sitemap_lists_every_page_in_every_language_with_alternates(client, exercise):
    xml = client.get("/sitemap.xml").content
    root = ElementTree.fromstring(xml)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    site = settings.SITE_URL
    urls = {url.find("s:loc", ns).text: url for url in root.findall("s:url", ns)}
    page = f"/exercise/{exercise.slug}/"
    for prefix in ("", "/de", "/es"):
        entry = urls[f"{site}{prefix}{page}"]
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
        assert links == {
            "en": f"{site}{page}",
            "de": f"{site}/de{page}",
            "es": f"{site}/es{page}",
            "x-default": f"{site}{page}",
        }
    assert f"{site}/de/exercises/legs/" in urls
    assert any(loc.endswith("/es/routines/") for loc in urls)  # the plans app's sitemap


# --- The page cache --------------------------------------------------------------------------


def test_the_page_cache_keys_on_the_language(rf, settings):
    request = rf.get("/exercises/")
    with translation.override("en"):
        english = pagecache.cache_key(request, 1)
    with translation.override("de"):
        german = pagecache.cache_key(request, 1)
    assert english != german


def test_cached_pages_stay_in_their_language(client, exercise, settings):
    settings.PAGE_CACHE = True
    english = client.get("/exercises/").content.decode()
    german = client.get("/de/exercises/").content.decode()
    again = client.get("/exercises/").content.decode()
    assert '<html lang="en">' in english and '<html lang="en">' in again
    assert '<html lang="de">' in german and "Alle Übungen" in german
    # The exercise cards (a per-process fragment cache) are per language too.
    assert "30 s halten" in client.get("/de/exercises/").content.decode()
    assert "Hold 30 s" in client.get("/exercises/?level=beginner").content.decode()
