"""Search relevance over the real catalogue, and one catalogue whatever the import order.

The catalogue is the starter catalogue plus free-exercise-db (read from ../shared, never
copied into the project). relevance_set.json holds the queries, each with the names that
count as a right first answer, written down before the search ran against them.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from exercises.models import Exercise, ExerciseSource, SlugRedirect
from exercises.search import RANK_ORDER, search

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
STARTER = PROJECT / "exercises" / "data" / "starter_catalogue.json"
FREE_EXERCISE_DB = PROJECT.parent / "shared" / "datasets" / "free-exercise-db" / "exercises.json"
RELEVANCE_SET = HERE / "relevance_set.json"
# German and Spanish queries, each with the slugs that count as a right answer.
RELEVANCE_SET_DE_ES = HERE / "relevance_set_de_es.json"

pytestmark = pytest.mark.skipif(
    not FREE_EXERCISE_DB.exists(),
    reason=f"needs the free-exercise-db dataset at {FREE_EXERCISE_DB}",
)


def import_starter():
    call_command("import_exercises", str(STARTER), "--format", "forge", verbosity=0)


def import_free_exercise_db():
    call_command(
        "import_exercises",
        str(FREE_EXERCISE_DB),
        "--format",
        "free-exercise-db",
        "--status",
        "published",
        verbosity=0,
    )


def catalogue_state() -> dict:
    return {
        "exercises": Exercise.objects.count(),
        "linked": ExerciseSource.objects.count(),
        "slugs": set(Exercise.objects.values_list("slug", flat=True)),
        "names": sorted(Exercise.objects.values_list("name", flat=True)),
    }


def test_the_relevance_set_finds_the_right_exercise_first(db):
    import_starter()
    import_free_exercise_db()
    cases = json.loads(RELEVANCE_SET.read_text())
    assert len(cases) >= 80
    hits1, hits3, by_kind = 0, 0, Counter()
    misses = []
    for case in cases:
        result = search(Exercise.objects.published(), case["query"])
        top = list(result.queryset.order_by(*RANK_ORDER).values_list("name", flat=True)[:3])
        right = {name.casefold() for name in case["relevant"]}
        good = [name.casefold() in right for name in top]
        hits1 += bool(good and good[0])
        hits3 += any(good)
        by_kind[case["kind"], bool(good and good[0])] += 1
        if not any(good):
            misses.append(f"{case['query']!r} → {top}")
    hit1, hit3 = hits1 / len(cases), hits3 / len(cases)
    report = f"hit@1 {hit1:.1%}, hit@3 {hit3:.1%} over {len(cases)} queries; misses: {misses}"
    assert hit3 >= 0.95, report
    assert hit1 >= 0.85, report


@pytest.mark.parametrize("language", ["de", "es"])
def test_german_and_spanish_queries_find_the_right_exercise_in_the_top_three(db, language):
    # The real catalogue with its translations loaded, as `make starter` builds it (the
    # imported free-exercise-db pages are English only: they are found in English there).
    import_starter()
    import_free_exercise_db()
    call_command("load_routines", verbosity=0)
    call_command("load_translations", verbosity=0)
    cases = json.loads(RELEVANCE_SET_DE_ES.read_text(encoding="utf-8"))[language]
    assert len(cases) >= 30
    hits1, hits3, misses = 0, 0, []
    for case in cases:
        result = search(Exercise.objects.published(), case["query"], language)
        top = list(result.queryset.order_by(*RANK_ORDER).values_list("slug", flat=True)[:3])
        good = [slug in case["relevant"] for slug in top]
        hits1 += bool(good and good[0])
        hits3 += any(good)
        if not any(good):
            misses.append(f"{case['query']!r} → {top}")
    hit1, hit3 = hits1 / len(cases), hits3 / len(cases)
    report = f"{language}: hit@1 {hit1:.1%}, hit@3 {hit3:.1%} over {len(cases)}; misses: {misses}"
    assert hit3 >= 0.95, report


def test_importing_in_either_order_gives_one_catalogue_without_twins(db):
    import_starter()
    import_free_exercise_db()
    starter_first = catalogue_state()
    # A re-run of each changes nothing.
    import_starter()
    import_free_exercise_db()
    assert catalogue_state() == starter_first

    Exercise.objects.all().delete()
    SlugRedirect.objects.all().delete()
    import_free_exercise_db()
    import_starter()
    free_first = catalogue_state()
    import_starter()
    assert catalogue_state() == free_first

    assert free_first["exercises"] == starter_first["exercises"]
    assert free_first["linked"] == starter_first["linked"] > 40
    assert free_first["slugs"] == starter_first["slugs"]
    # One Plank, one Child's Pose: the starter text, with the other catalogue's record linked.
    assert Exercise.objects.filter(name__in=["Plank", "Child's Pose", "Leg Press"]).count() == 3
    plank = Exercise.objects.get(slug="plank")
    assert plank.source == "forge"
    assert list(plank.linked_sources.values_list("source", "source_id")) == [
        ("free-exercise-db", "Plank")
    ]
    # No "-2" twins of a starter exercise.
    starter_slugs = {e["slug"] for e in json.loads(STARTER.read_text())["exercises"]}
    assert not {f"{slug}-2" for slug in starter_slugs} & free_first["slugs"]


def test_a_dry_run_lists_each_match_and_what_it_would_change(db, capsys):
    import_starter()
    call_command(
        "import_exercises",
        str(FREE_EXERCISE_DB),
        "--format",
        "free-exercise-db",
        "--dry-run",
        verbosity=1,
    )
    out = capsys.readouterr().out
    assert "Match: record" in out
    assert "(free-exercise-db: Plank) is “Plank” (plank): links free-exercise-db: Plank" in out
    assert ExerciseSource.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "reviewed_page"),
    [
        ("side neck stretch", "Neck Side Stretch"),
        ("kneeling hip flexor", "Kneeling Hip Flexor Stretch"),
    ],
)
def test_a_reviewed_page_ranks_ahead_of_its_imported_twin(db, query, reviewed_page):
    import_starter()
    import_free_exercise_db()
    names = list(
        search(Exercise.objects.published(), query)
        .queryset.order_by(*RANK_ORDER)
        .values_list("name", flat=True)[:5]
    )
    assert names[0] == reviewed_page
    # The imported page of the same name is still found, just after it.
    twin = {"side neck stretch": "Side Neck Stretch", "kneeling hip flexor": "Kneeling Hip Flexor"}
    assert twin[query] in names[1:]
