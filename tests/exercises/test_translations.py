"""The catalogue in German and Spanish: loading the translation files, pages and API answers
in the active language with English where a text is missing, search per language, and the
admin's per-language history."""

import json

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.utils import translation
from reversion.models import Version

from exercises.content_translations import TranslationLoadError
from exercises.models import (
    BodyPart,
    Exercise,
    ExerciseMistake,
    ExerciseStep,
    ExerciseTip,
    Synonym,
)
from exercises.search import RANK_ORDER, search
from exercises.services import exercises_refresh_search_text
from exercises.translation import exercise_fallbacks
from exercises.translation_status import (
    exercise_revert_language,
    translation_label,
    with_translation_missing,
)
from plans.content_translations import load_translations
from tests.factories import complete_exercise

NOTICE = "Parts of this page are not translated yet; they are shown in English."
# The notice as German and Spanish readers see it (locale/*/LC_MESSAGES/django.po).
NOTICE_DE = "Teile dieser Seite sind noch nicht übersetzt; sie werden auf Englisch angezeigt."
NOTICE_ES = "Partes de esta página aún no están traducidas; se muestran en inglés."


def german(exercise: Exercise, **overrides) -> dict:
    """A whole German record for a complete_exercise (4 steps, 3 tips, 3 mistakes, 4 FAQ)."""
    record = {
        "name": "Gesäßbrücke",
        "aliases": ["Brücke", "Beckenheben"],
        "summary": "Hebt das Becken und kräftigt das Gesäß.",
        "steps": [f"Schritt {i}." for i in range(1, 5)],
        "tips": [f"Tipp {i}." for i in range(1, 4)],
        "mistakes": [f"Fehler {i}." for i in range(1, 4)],
        "faq": [{"question": f"Frage {i}?", "answer": f"Antwort {i}."} for i in range(1, 5)],
        "precautions": "",
        "breathing": "",
    }
    return record | overrides


def write_files(tmp_path, language: str, exercises: dict, vocabulary: dict | None = None):
    folder = tmp_path / "exercises" / language
    folder.mkdir(parents=True, exist_ok=True)
    header = {"format": "forge-translations", "version": 1, "language": language}
    (folder / "stretching.json").write_text(
        json.dumps(header | {"exercises": exercises}, ensure_ascii=False), encoding="utf-8"
    )
    if vocabulary is not None:
        (folder / "vocabulary.json").write_text(
            json.dumps(header | vocabulary, ensure_ascii=False), encoding="utf-8"
        )
    (tmp_path / "plans").mkdir(exist_ok=True)


def untranslate_tips(exercise):
    """An editor cleared the German of the second and third tip."""
    ExerciseTip.objects.filter(exercise=exercise, position__gte=2).update(text_de=None)


def load(tmp_path, **kwargs):
    return load_translations(
        exercises_dir=tmp_path / "exercises", plans_dir=tmp_path / "plans", **kwargs
    )


@pytest.fixture
def bridge(db):
    exercise = complete_exercise(name="Glute Bridge", slug="glute-bridge")
    exercises_refresh_search_text(exercises=Exercise.objects.filter(pk=exercise.pk))
    return exercise


# --- Loading ---------------------------------------------------------------------------------


def test_loading_writes_each_language_and_a_second_run_changes_nothing(tmp_path, bridge):
    write_files(
        tmp_path,
        "de",
        {"glute-bridge": german(bridge)},
        {
            "vocabulary": {"body_parts": {"legs": {"name": "Beine", "description": "Die Beine."}}},
            "synonyms": [{"term": "Po", "means": "Gesäß"}],
        },
    )
    write_files(tmp_path, "es", {"glute-bridge": german(bridge, name="Puente de glúteos")})
    first = load(tmp_path)
    assert first.changed > 0
    bridge.refresh_from_db()
    assert (bridge.name_de, bridge.name_es, bridge.name_en) == (
        "Gesäßbrücke",
        "Puente de glúteos",
        "Glute Bridge",
    )
    assert bridge.aliases_de == "Brücke\nBeckenheben"
    assert [s.text_de for s in bridge.steps.all()] == [f"Schritt {i}." for i in range(1, 5)]
    assert BodyPart.objects.get(slug="legs").name_de == "Beine"
    assert Synonym.objects.get(language="de", term="po").means == "Gesäß"
    # English reads as before.
    assert Exercise.objects.get(pk=bridge.pk).name == "Glute Bridge"

    again = load(tmp_path)
    assert again.changed == 0


def test_a_bad_file_names_every_problem_and_writes_nothing(tmp_path, bridge):
    good = german(bridge)
    write_files(
        tmp_path,
        "de",
        {
            "glute-bridge": good,
            "no-such-exercise": good,
        },
        {"vocabulary": {"muscles": {"no-such-muscle": {"name": "X", "description": ""}}}},
    )
    write_files(
        tmp_path,
        "es",
        {"glute-bridge": german(bridge, steps=["Uno.", "Dos."], summary=None)},
    )
    with pytest.raises(TranslationLoadError) as raised:
        load(tmp_path)
    errors = "\n".join(raised.value.errors)
    assert "de/stretching.json: exercise “no-such-exercise”: no exercise has this slug." in errors
    assert "de/vocabulary.json: muscles “no-such-muscle”: no such muscle slug." in errors
    assert (
        "es/stretching.json: exercise “glute-bridge”: steps: 2 entries, the English page has 4."
        in (errors)
    )
    assert "es/stretching.json: exercise “glute-bridge”: summary: missing." in errors
    # The good German record was not written either.
    bridge.refresh_from_db()
    assert bridge.name_de is None


def test_the_command_reports_the_problems_and_fails(tmp_path, bridge):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge, faq=[])})
    with pytest.raises(CommandError, match="faq: 0 entries, the English page has 4"):
        call_command(
            "load_translations",
            exercises_dir=tmp_path / "exercises",
            plans_dir=tmp_path / "plans",
        )


def test_a_file_for_another_language_is_refused(tmp_path, bridge):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    path = tmp_path / "exercises" / "de" / "stretching.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data | {"language": "es"}), encoding="utf-8")
    with pytest.raises(TranslationLoadError, match="the file says “es”, its place says “de”"):
        load(tmp_path)


# --- Pages -----------------------------------------------------------------------------------


def test_a_translated_page_reads_german_without_the_english_notice(client, tmp_path, bridge):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    load(tmp_path)
    with translation.override("de"):
        content = client.get(bridge.get_absolute_url()).content.decode()
    assert "<h1>Gesäßbrücke</h1>" in content and "Schritt 3." in content
    assert NOTICE not in content and NOTICE_DE not in content


def test_a_partly_translated_page_says_once_that_parts_are_in_english(client, tmp_path, bridge):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    load(tmp_path)
    untranslate_tips(bridge)
    with translation.override("de"):
        content = client.get(bridge.get_absolute_url()).content.decode()
    assert content.count(NOTICE_DE) == 1
    assert "Tipp 1." in content and "Tip 2." in content  # the missing ones in English
    with translation.override("es"):
        assert client.get(bridge.get_absolute_url()).content.decode().count(NOTICE_ES) == 1
    assert NOTICE not in client.get(bridge.get_absolute_url()).content.decode()


def test_the_fallback_names_the_sections_in_english(tmp_path, bridge):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    load(tmp_path)
    Exercise.objects.filter(pk=bridge.pk).update(summary_de="")
    ExerciseMistake.objects.filter(exercise=bridge, position=2).update(text_de=None)
    exercise = Exercise.objects.prefetch_related("steps", "tips", "mistakes", "faqs").get(
        pk=bridge.pk
    )
    assert exercise_fallbacks(exercise, "de") == ["summary", "mistakes"]
    assert exercise_fallbacks(exercise, "en") == []


# --- API -------------------------------------------------------------------------------------


def test_the_api_answers_in_the_language_asked_for(api_client, tmp_path, bridge, settings):
    settings.PAGE_CACHE = True
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    load(tmp_path)
    untranslate_tips(bridge)
    url = "/api/v1/exercises/glute-bridge/"
    german_answer = api_client.get(url, {"lang": "de"})
    data = german_answer.json()
    assert german_answer["Content-Language"] == "de"
    assert data["name"] == "Gesäßbrücke" and data["language"] == "de"
    assert data["tips"] == ["Tipp 1.", "Tip 2.", "Tip 3."]
    assert data["fallback"]["tips"] == "en"
    assert "steps" not in data["fallback"] and "name" not in data["fallback"]

    # Accept-Language when there is no ?lang=, and the cached English answer is not reused.
    english = api_client.get(url).json()
    assert english["name"] == "Glute Bridge" and english["fallback"] == {}
    spanish = api_client.get(url, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert spanish["Content-Language"] == "es"
    assert spanish.json()["fallback"]["name"] == "en"  # nothing is in Spanish yet
    listing = api_client.get("/api/v1/exercises/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert listing["results"][0]["name"] == "Gesäßbrücke"


def test_an_unknown_language_is_a_400_naming_the_field(api_client, db):
    response = api_client.get("/api/v1/exercises/", {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


# --- Search ----------------------------------------------------------------------------------


def test_search_finds_german_names_with_german_synonyms_and_typos(tmp_path, bridge):
    complete_exercise(name="Standing Calf Stretch", slug="standing-calf-stretch")
    write_files(
        tmp_path,
        "de",
        {"glute-bridge": german(bridge)},
        {"vocabulary": {}, "synonyms": [{"term": "Po", "means": "Gesäß"}]},
    )
    load(tmp_path)

    def top(query, language):
        result = search(Exercise.objects.published(), query, language)
        return [e.slug for e in result.queryset.order_by(*RANK_ORDER)][:1], result

    assert top("Gesäßbrücken", "de")[0] == ["glute-bridge"]  # plural
    assert top("Po", "de")[0] == ["glute-bridge"]  # a German synonym
    slugs, result = top("Gesässbrüke", "de")  # a typo
    assert slugs == ["glute-bridge"] and result.suggestion
    assert top("glute bridge", "en")[0] == ["glute-bridge"]
    assert top("Po", "en")[0] == []  # German synonyms stay German
    assert top("die Brücke", "de")[0] == ["glute-bridge"]  # stop word and an alias


# --- Admin: completeness and per-language history ---------------------------------------------


def test_the_change_list_counts_what_each_language_still_lacks(tmp_path, bridge, editor_client):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    write_files(tmp_path, "es", {"glute-bridge": german(bridge)})
    load(tmp_path)
    ExerciseTip.objects.filter(exercise=bridge, position__gte=2).update(text_es="")
    row = with_translation_missing(Exercise.objects.filter(pk=bridge.pk)).get()
    assert translation_label(row) == "de: complete · es: 2 missing"
    untranslated = complete_exercise(name="Plank")
    response = editor_client.get("/admin/exercises/exercise/", {"translation": "de-missing"})
    content = response.content.decode()
    assert untranslated.name in content and "Glute Bridge" not in content


def test_reverting_one_language_keeps_english_and_the_other_language(
    tmp_path, bridge, editor, editor_client
):
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})
    write_files(tmp_path, "es", {"glute-bridge": german(bridge, name="Puente")})
    load(tmp_path)
    # A version with the first German text.
    with reversion.create_revision():
        reversion.add_to_revision(Exercise.objects.prefetch_related("steps").get(pk=bridge.pk))
    version = Version.objects.get_for_object(bridge).first()
    Exercise.objects.filter(pk=bridge.pk).update(
        name_de="Falsch", name_es="Puente nuevo", name_en="Glute Bridge (new)"
    )
    ExerciseStep.objects.filter(exercise=bridge).update(text_de="Falsch.", text_es="Nuevo.")

    response = editor_client.post(
        f"/admin/exercises/exercise/{bridge.pk}/history/{version.pk}/", {"language": "de"}
    )
    assert response.status_code == 302
    bridge.refresh_from_db()
    assert bridge.name_de == "Gesäßbrücke"
    assert (bridge.name_es, bridge.name_en) == ("Puente nuevo", "Glute Bridge (new)")
    steps = list(bridge.steps.all())
    assert [s.text_de for s in steps] == [f"Schritt {i}." for i in range(1, 5)]
    assert {s.text_es for s in steps} == {"Nuevo."}
    # The revert is in the history, and an unknown language is refused.
    versions = Version.objects.get_for_object(bridge)
    assert versions.count() == 2  # the version and the revert
    assert "Deutsch (de)" in versions.first().revision.get_comment()
    with pytest.raises(Exception, match="not a language"):
        exercise_revert_language(exercise=bridge, version=version, language="fr", actor=editor)


def test_listings_sort_by_the_name_shown_in_that_language(api_client, tmp_path, bridge):
    complete_exercise(name="Cat Cow", slug="cat-cow")  # not translated: shown in English
    complete_exercise(name="Zebra Walk", slug="zebra-walk")
    write_files(tmp_path, "de", {"glute-bridge": german(bridge)})  # "Gesäßbrücke"
    load(tmp_path)
    names = [
        e["name"]
        for e in api_client.get("/api/v1/exercises/", {"lang": "de", "ordering": "name"}).json()[
            "results"
        ]
    ]
    assert names == ["Cat Cow", "Gesäßbrücke", "Zebra Walk"]
