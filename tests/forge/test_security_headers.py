"""The Content-Security-Policy and Permissions-Policy on every response, and what they allow."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_get_a_strict_policy_with_no_inline_code_allowed(client, db):
    directives = _directives(client.get("/"))
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": f"'self' {settings.CSP_500_STYLE_HASH}",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "manifest-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    assert "unsafe" not in client.get("/").headers["Content-Security-Policy"]


def test_api_responses_carry_the_policy_too(client, db):
    response = client.get("/api/v1/exercises/")
    assert response.status_code == 200
    assert _directives(response)["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("page", ["500.html", "503.html"])
def test_the_error_pages_inline_style_is_the_one_the_policy_allows_by_hash(page):
    style = re.search(r"<style>(.*?)</style>", (TEMPLATES / page).read_text(), re.S)
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.CSP_500_STYLE_HASH


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        # <script> with no src and not a JSON data block; style="…"; on…="…" handlers.
        for match in re.finditer(r"<script(?![^>]*(\bsrc=|type=\"application/ld\+json\"))", text):
            offenders.append(f"{path.name}: inline <script> at {match.start()}")
        if re.search(r"\sstyle=\"", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: style or event-handler attribute")
        if "<style" in text and path.name not in ("500.html", "503.html"):
            offenders.append(f"{path.name}: <style> element")
    assert offenders == []


def test_permissions_policy_allows_only_the_wake_lock_sound_and_fullscreen_here(client, db):
    features = dict(
        part.strip().split("=", 1)
        for part in client.get("/").headers["Permissions-Policy"].split(",")
    )
    allowed = {name for name, origins in features.items() if origins != "()"}
    assert allowed == {"screen-wake-lock", "autoplay", "fullscreen"}
    assert features["screen-wake-lock"] == "(self)"
    assert features["camera"] == features["geolocation"] == features["microphone"] == "()"
    assert "vibrate" not in features  # not a Permissions-Policy feature: nothing to allow
