"""The main pages in German and Spanish show none of the interface's English strings
(issue 23). The strings come from the committed catalogue: every msgid whose translation
differs, cut at its placeholders and markup into phrases of three words of two letters or
more; the catalogue's content (exercise names, steps, routines) is English until it is
translated, so single words are left out rather than matched inside it."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from exercises.models import Exercise
from plans.services import plans as plan_services

LOCALE = Path(settings.BASE_DIR) / "locale"
CUT = re.compile(r"%\(\w+\)s|<[^>]+>|\n|&\w+;|[“”„«»]")


# The catalogue's own text, English until its translation is loaded: an interface phrase that
# also occurs there ("Lying on your back") cannot tell an untranslated label from content.
CONTENT = " ".join(
    " ".join(path.read_text().split())
    for path in (
        Path(settings.BASE_DIR) / "exercises" / "data" / "starter_catalogue.json",
        Path(settings.BASE_DIR) / "plans" / "data" / "routines.json",
    )
)


def _english_phrases(language: str) -> set[str]:
    phrases = set()
    for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
        texts = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            texts = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        for english, translated in texts:
            if english == translated:
                continue
            for phrase in CUT.split(english):
                phrase = " ".join(phrase.split()).strip(" .,:;·—()?")
                if sum(len(word) > 1 for word in phrase.split()) >= 3 and phrase not in CONTENT:
                    phrases.add(phrase)
    return phrases


def _visible_text(content: str) -> str:
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', content))
    text = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(f"{text} {attributes}").split())


@pytest.fixture
def plan(starter, member):
    plan = plan_services.plan_create(owner=member, name="Mi plan")
    for slug in ("standing-quad-stretch", "childs-pose"):
        exercise = Exercise.objects.filter(slug=slug).first() or Exercise.objects.first()
        plan_services.plan_add_exercise(plan=plan, exercise=exercise)
    return plan


def _visitor_pages(language):
    exercise = Exercise.objects.published().filter(category__slug="stretching").first()
    with translation.override(language):
        return [
            reverse("home"),
            reverse("exercises:exercise-list"),
            reverse("exercises:category", args=["stretching"]) + "?search=zzzzqqq",
            reverse("exercises:equipment-index"),
            reverse("exercises:exercise-detail", args=[exercise.slug]),
            reverse("plans:exercise-play", args=[exercise.slug]),
            reverse("plans:routine-list"),
            reverse("plans:routine-detail", args=["desk-reset"]),
            reverse("plans:routine-play", args=["desk-reset"]),
            reverse("plans:generate")
            + "?goal=flexibility&minutes=15&days_per_week=2&level=beginner&seed=1",
            reverse("login"),
            reverse("signup"),
            reverse("password_reset"),
            "/" + ("" if language == "en" else f"{language}/") + "no-such-page/",
        ]


def _member_pages(language, plan):
    with translation.override(language):
        return [
            reverse("plans:plan-list"),
            reverse("plans:plan-detail", args=[plan.pk]),
            reverse("plans:plan-print", args=[plan.pk]),
            reverse("plans:day-play", args=[plan.days.first().pk]),
            reverse("plans:session-log", args=[plan.days.first().pk]),
            reverse("plans:history"),
            reverse("profile"),
            reverse("account-delete"),
            reverse("password_change"),
        ]


@pytest.mark.parametrize("language", ["de", "es"])
def test_main_pages_show_no_english_interface_strings(starter, client, member, plan, language):
    english = _english_phrases(language)
    assert len(english) > 300
    found = {}
    visitor = Client()
    for url in _visitor_pages(language):
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        assert f'<html lang="{language}"' in response.content.decode(), url
        text = _visible_text(response.content.decode())
        found.update({f"{url}: {p}": p for p in english if p in text})
    client.force_login(member)
    for url in _member_pages(language, plan):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        found.update({f"{url}: {p}": p for p in english if p in text})
    assert "\n".join(sorted(found)) == ""


def test_the_check_finds_english_on_english_pages(starter, client):
    # The same check on the English pages finds the phrases: it can fail.
    english = _english_phrases("de")
    text = _visible_text(client.get(reverse("plans:routine-list")).content.decode())
    assert any(phrase in text for phrase in english)
