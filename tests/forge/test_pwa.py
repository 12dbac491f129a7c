"""Installing Forge (issue 22): the manifest, the service worker, the offline page, the icons,
and signing out wiping what the browser kept."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from forge import pwa
from forge.icons import ICONS

pytestmark = pytest.mark.django_db


def worker_config(response) -> dict:
    text = response.content.decode()
    return json.loads(text.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])


def test_the_manifest_makes_forge_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/plans/", "/", "standalone")
    assert (data["name"], data["short_name"]) == ("Forge: exercise and stretching library", "Forge")
    assert [(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]] == [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ]
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_from_the_root_fresh_and_under_the_csp(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache, max-age=0"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    text = response.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox-core.prod.js");' in text
    assert 'importScripts("/static/js/queue-core.js");' in text
    assert "https://" not in text  # nothing from a CDN


def test_the_worker_keeps_every_site_script_and_style_with_a_revision(client):
    config = worker_config(client.get("/sw.js"))
    urls = {entry["url"]: entry["revision"] for entry in config["precache"]}
    for path in ("js/player.js", "js/player/cues.js", "js/pwa.js", "css/forge.css",
                 "vendor/htmx/htmx.min.js", "icons/forge-192.png"):  # fmt: skip
        assert len(urls[f"/static/{path}"]) == 32
    assert urls["/offline/"] == config["version"]
    assert not [url for url in urls if "/admin-" in url or url.endswith((".map", "LICENSE"))]
    assert (config["bundleUrl"], config["saveUrl"]) == ("/plans/offline.json", "/api/v1/sessions/")


def test_a_new_release_makes_a_new_worker(client, settings):
    first = worker_config(client.get("/sw.js"))["version"]
    assert worker_config(client.get("/sw.js"))["version"] == first
    settings.PWA_RELEASE = "2"
    assert worker_config(client.get("/sw.js"))["version"] != first


def test_the_offline_page_is_the_same_for_everyone(client, member):
    client.force_login(member)
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "No connection" in content and "Plans kept offline" in content
    assert member.email not in content and "forge-member" not in content
    assert "no-store" in response["Cache-Control"]


def test_pages_link_the_manifest_and_members_pages_carry_their_tag(client, member):
    visitor_page = client.get("/accounts/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in visitor_page
    assert 'name="forge-member"' not in visitor_page
    client.force_login(member)
    member_page = client.get(reverse("plans:plan-list")).content.decode()
    assert 'name="forge-member"' in member_page
    assert "A new version of Forge is ready." in member_page


def test_signing_out_tells_the_browser_to_wipe_what_it_kept(client, member):
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_make_app_icons_draws_each_size(tmp_path):
    call_command("make_app_icons", folder=str(tmp_path), verbosity=0)
    for name, options in ICONS.items():
        with Image.open(tmp_path / name) as image:
            assert image.size == (options["size"], options["size"])
            assert image.getpixel((options["size"] // 2, 2))[:3] == (0x9A, 0x34, 0x12)


def test_the_committed_icons_are_the_ones_the_command_draws(tmp_path, settings):
    call_command("make_app_icons", folder=str(tmp_path), verbosity=0)
    for name in ICONS:
        committed = settings.BASE_DIR / "static" / "icons" / name
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), name


def test_precache_entries_skip_nothing_a_page_needs():
    paths = {entry["url"] for entry in pwa.precache_entries()}
    assert "/static/js/offline-page.js" in paths and "/static/img/favicon.svg" in paths


def test_the_worker_keeps_an_offline_page_per_language(client):
    config = worker_config(client.get("/sw.js"))
    assert config["offlineUrls"] == {"en": "/offline/", "de": "/de/offline/", "es": "/es/offline/"}
    urls = {entry["url"] for entry in config["precache"]}
    assert {"/offline/", "/de/offline/", "/es/offline/"} <= urls


def test_the_offline_page_speaks_the_language_of_its_address(client):
    german = client.get("/de/offline/").content.decode()
    spanish = client.get("/es/offline/").content.decode()
    assert "Keine Verbindung" in german and "No connection" not in german
    assert "Sin conexión" in spanish and "No connection" not in spanish


def test_the_unprefixed_offline_page_stays_english_whatever_the_visitor_chose(client):
    # The worker fetches it as the default language's copy: a language cookie must not
    # turn it into another language's page.
    client.cookies["django_language"] = "de"
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "No connection" in response.content.decode()
