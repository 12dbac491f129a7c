"""Languages in Chromium (issue 23): a visitor switches to Spanish and follows an exercise
with the player in Spanish; a member's choice of German survives logging out and in."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

# Headless Chromium may have no voices, and the player says nothing then: this spy stands in
# for the speech engine (one voice) and records what the player asks it to say, and in
# which language.
SPEECH_SPY = """
(() => {
  window.__spoken = [];
  const fake = {
    speaking: false,
    pending: false,
    getVoices: () => [{ name: "Spy", lang: "es-ES", default: true }],
    speak: (utterance) => window.__spoken.push({ text: utterance.text, lang: utterance.lang }),
    cancel: () => {},
    pause: () => {},
    resume: () => {},
    addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
  if (!("SpeechSynthesisUtterance" in window)) {
    window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
  }
})();
"""


def test_a_visitor_switches_to_spanish_and_plays_an_exercise_in_spanish(
    page, live_server, catalogue
):
    page.add_init_script(SPEECH_SPY)
    page.goto(f"{live_server.url}/exercise/pigeon-pose/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The switcher is a list of plain links in the footer, reached with the keyboard.
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="Español").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/es/exercise/pigeon-pose/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Cómo se hace")).to_be_visible()

    start = datetime.now(UTC).replace(microsecond=0)
    page.clock.install(time=start)
    page.get_by_role("link", name=re.compile("Sigue la rutina")).click()
    expect(page).to_have_url(f"{live_server.url}/es/exercise/pigeon-pose/play/")
    page.clock.pause_at(start + timedelta(minutes=1))
    page.get_by_role("button", name="Empezar").click()

    phase = page.locator("#player-phase")
    expect(phase).to_have_text("Prepárate")
    expect(page.locator("#player-count-unit")).to_have_text("segundos")
    expect(page.locator("#player-announcer")).to_have_text(
        re.compile(r"^Prepárate\. Pigeon Pose en 5 segundos\.$")
    )
    page.clock.run_for(5_000)
    expect(phase).to_have_text("Mantén · Lado izquierdo")
    expect(page.locator("#player-position")).to_have_text("Ejercicio 1 de 1")
    expect(page.get_by_role("button", name="Pausa")).to_be_visible()
    page.get_by_role("button", name="Pausa").click()
    expect(phase).to_have_text("En pausa · Mantén · Lado izquierdo")

    spoken = page.evaluate("window.__spoken")
    assert spoken, "the player said nothing"
    assert {utterance["lang"] for utterance in spoken} == {"es"}
    assert spoken[0]["text"] == "Prepárate. Pigeon Pose en 5 segundos."
    assert any(u["text"].startswith("Pigeon Pose, lado izquierdo. Mantén") for u in spoken)


def test_a_members_language_survives_logging_out_and_in(page, live_server, catalogue):
    UserFactory(email="sprachen@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("sprachen@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/plans/")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(f"{live_server.url}/de/plans/")
    expect(page.get_by_role("heading", name="Deine Pläne")).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(f"{live_server.url}/de/")
    # A browser that remembers nothing: the choice must come from the account.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Email address").fill("sprachen@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/de/plans/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Verlauf")).to_be_visible()
