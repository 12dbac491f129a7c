"""The exercise page's plain rows (exercises.detail) against the ORM path they replace
(selectors.exercise_detail and the model's properties), in every language, and who may see
them."""

import pytest
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.utils import translation

from exercises import selectors
from exercises.detail import exercise_page, exercise_page_build
from exercises.models import (
    ExerciseFAQ,
    ExerciseStep,
    ExerciseVariation,
    Muscle,
    Prop,
    Status,
)
from exercises.translation import exercise_fallbacks
from tests.factories import ExerciseFactory, UserFactory, complete_exercise

NOTICE_DE = "Teile dieser Seite sind noch nicht übersetzt; sie werden auf Englisch angezeigt."


@pytest.fixture
def bridge(db):
    """A page with every section, half translated: German has the name, a step and a FAQ
    question but no summary; Spanish has only the summary."""
    exercise = complete_exercise(
        name="Glute Bridge",
        aliases="Hip Raise\nBridge",
        stretch=True,
        force="push",
        mechanic="isolation",
        needs_partner=True,
        precautions="Keep the neck long.",
        breathing="Breathe out as you lift.",
        target=["glutes", "hamstrings"],
        secondary=["lower-back"],
    )
    exercise.name_de, exercise.summary_de, exercise.summary_es = "Gesäßbrücke", "", "Resumen."
    exercise.save()
    step = ExerciseStep.objects.filter(exercise=exercise).order_by("position").first()
    step.text_de = "Schritt eins."
    step.save()
    faq = ExerciseFAQ.objects.filter(exercise=exercise).order_by("position").first()
    faq.question_de = "Frage?"
    faq.save()
    Muscle.objects.filter(slug="glutes").update(name_de="Gesäß")
    exercise.props.add(*Prop.objects.order_by("slug")[:2])
    easier = ExerciseFactory(name="Easy Bridge", target=["glutes"])
    hidden = ExerciseFactory(name="Draft Bridge", status=Status.DRAFT)
    ExerciseVariation.objects.create(exercise=exercise, variation=easier, kind="easier")
    ExerciseVariation.objects.create(exercise=exercise, variation=hidden, kind="harder")
    for n in range(3):
        ExerciseFactory(name=f"Bridge Twin {n}", target=["glutes"])
    return exercise


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_page_rows_read_what_the_orm_path_reads(bridge, language):
    with translation.override(language):
        page = exercise_page_build(bridge.slug)
        exercise = selectors.exercise_detail(slug=bridge.slug)
        assert page.name == exercise.name
        assert page.summary == exercise.summary
        assert page.alias_list == exercise.alias_list
        assert page.precautions == exercise.precautions
        assert page.breathing == exercise.breathing
        assert page.body_part.name == exercise.body_part.name
        assert page.body_part.url == exercise.body_part.get_absolute_url()
        assert page.equipment.url == exercise.equipment.get_absolute_url()
        assert page.category.name == exercise.category.name
        for rows, muscles in (
            (page.target_muscles, exercise.target_muscles),
            (page.secondary_muscles, exercise.secondary_muscles),
        ):
            assert [(m.slug, m.name, m.url) for m in rows] == [
                (m.slug, m.name, m.get_absolute_url()) for m in muscles
            ]
        assert page.steps == [step.text for step in exercise.steps.all()]
        assert page.tips == [tip.text for tip in exercise.tips.all()]
        assert page.mistakes == [mistake.text for mistake in exercise.mistakes.all()]
        assert [(faq.question, faq.answer) for faq in page.faqs] == [
            (faq.question, faq.answer) for faq in exercise.faqs.all()
        ]
        assert [(p.name, p.description) for p in page.props] == [
            (p.name, p.description) for p in exercise.props.all()
        ]
        assert [(v.kind, v.kind_display, v.name, v.url) for v in page.variations] == [
            (
                link.kind,
                link.get_kind_display(),
                link.variation.name,
                link.variation.get_absolute_url(),
            )
            for link in exercise.variations.all()
        ]
        assert page.difficulty_display == exercise.get_difficulty_display()
        assert page.force_display == exercise.get_force_display()
        assert page.mechanic_display == exercise.get_mechanic_display()
        assert page.start_position_display == exercise.get_start_position_display()
        assert page.prescription_text == exercise.prescription_text
        assert page.fallback_sections == exercise_fallbacks(exercise, language)
        assert list(page.similar_ids) == selectors.exercise_similar_ids(exercise=exercise)
    # Spot checks of the fallback itself, so the comparison above cannot pass on both
    # sides being wrong the same way.
    expected = {
        "en": ("Glute Bridge", "A short, clear description of the exercise.", "Glutes", []),
        "de": (
            "Gesäßbrücke",
            "A short, clear description of the exercise.",
            "Gesäß",
            ["aliases", "summary", "precautions", "breathing", "steps", "tips", "mistakes", "faq"],
        ),
        "es": (
            "Glute Bridge",
            "Resumen.",
            "Glutes",
            ["name", "aliases", "precautions", "breathing", "steps", "tips", "mistakes", "faq"],
        ),
    }[language]
    assert (
        page.name,
        page.summary,
        page.target_muscles[0].name,
        page.fallback_sections,
    ) == expected
    assert page.steps[0] == ("Schritt eins." if language == "de" else "Step 1.")


def test_the_german_page_shows_the_fallback_notice_and_english_where_german_is_missing(
    client, bridge
):
    english = client.get(bridge.get_absolute_url()).content.decode()
    assert "shown in English" not in english
    assert "<h1>Glute Bridge</h1>" in english
    german = client.get(f"/de{bridge.get_absolute_url()}").content.decode()
    assert NOTICE_DE in german
    assert "<h1>Gesäßbrücke</h1>" in german
    assert "<li>Schritt eins.</li><li>Step 2.</li>" in german
    assert "<summary><h3>Frage?</h3></summary>\n      <p>Answer 1.</p>" in german


def test_a_draft_is_shown_only_to_staff_who_may_view_exercises(client, bridge):
    bridge.status = Status.DRAFT
    bridge.save()
    member = UserFactory()
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_exercise"))
    assert exercise_page(slug=bridge.slug, user=member) is None
    preview = exercise_page(slug=bridge.slug, user=editor)
    assert preview is not None and preview.admin_url.endswith(f"/{bridge.pk}/change/")
    assert client.get(bridge.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(bridge.get_absolute_url())
    assert response.status_code == 200
    assert f'<a href="{preview.admin_url}">Edit it in the admin</a>' in response.content.decode()


def test_an_unknown_slug_is_none(db):
    assert exercise_page_build("no-such-exercise") is None


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_kept_muscle_map_is_the_one_the_include_draws(language):
    label = 'Muscles worked by the Farmer\'s "Walk" <b>: target glutes'
    include = Template(
        '{% include "includes/_muscle_map.html" with target_slugs=targets '
        "secondary_slugs=secondaries muscle_links=False map_label=label %}"
    )
    tag = Template("{% load muscle_map_tags %}{% muscle_map targets secondaries label %}")
    with translation.override(language):
        for _twice in range(2):  # drawn, then kept
            context = {"targets": ["glutes"], "secondaries": ["hamstrings"], "label": label}
            drawn = tag.render(Context(context))
            assert drawn == include.render(Context(context))
        assert "Farmer&#x27;s &quot;Walk&quot; &lt;b&gt;" in drawn
        assert "placeholder" not in drawn
