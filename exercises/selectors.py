"""Reads of the catalogue: each function returns one named, prefetched queryset."""

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from exercises.models import (
    Area,
    BodyPart,
    CatalogueVersion,
    Difficulty,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    Muscle,
    Prop,
    Status,
)
from forge.lib.pagecache import catalogue_key, versioned_get, versioned_set
from forge.lib.tracked import tracked

CATALOGUE_VERSION_KEY = "catalogue:version"
CATALOGUE_DATA_TIMEOUT = 60 * 60 * 24  # a version's data goes stale by key, not by age


def catalogue_version() -> int:
    """The current catalogue version: from the cache, else from the database (and cached).

    Every catalogue write calls exercises.services.catalogue_version_bump. The number lives in
    the database too, so a flushed or restarted cache never brings back an old version."""
    ttl = settings.CATALOGUE_VERSION_TTL
    # Read by every cached page: this process's copy until a writer announces a change
    # (forge/lib/tracked.py), so a cached page costs no round trip to Redis.
    version = tracked.get(CATALOGUE_VERSION_KEY, keep_for=ttl)
    if version is None:
        version = CatalogueVersion.objects.values_list("version", flat=True).first() or 1
        # add, not set: a writer that committed meanwhile has already stored a newer number.
        tracked.add(CATALOGUE_VERSION_KEY, version, timeout=ttl)
    return version


def catalogue_cached(name: str, build: Callable[[], object]):
    """`build()`'s value, computed once per catalogue version and language (names and
    search results differ by language) and kept in the shared cache."""
    key = catalogue_key("catalogue", catalogue_version(), name)
    value = versioned_get(key)
    if value is None:
        value = build()
        versioned_set(key, value, timeout=CATALOGUE_DATA_TIMEOUT)
    return value


@dataclass(frozen=True)
class VocabularyItem:
    """A vocabulary item as pages show it: plain data, so it can be cached."""

    slug: str
    name: str
    description: str
    url: str
    exercise_count: int = 0

    def get_absolute_url(self) -> str:
        return self.url


def vocabulary(model) -> list[VocabularyItem]:
    """Every item of a vocabulary by name, without counts (cached per catalogue version)."""

    def build():
        return [
            VocabularyItem(item.slug, item.name, item.description, item.get_absolute_url())
            for item in model.objects.order_by("name")
        ]

    return catalogue_cached(f"vocabulary:{model._meta.model_name}", build)


def vocabulary_item(model, slug: str) -> VocabularyItem | None:
    return next((item for item in vocabulary(model) if item.slug == slug), None)


def vocabulary_with_counts(model) -> list[VocabularyItem]:
    """Every item of a vocabulary with its published-exercise count, counted once per
    catalogue version rather than over the whole catalogue on every request."""

    def build():
        return [
            VocabularyItem(
                item.slug,
                item.name,
                item.description,
                item.get_absolute_url(),
                item.exercise_count,
            )
            for item in taxonomy_with_counts(model)
        ]

    return catalogue_cached(f"counts:{model._meta.model_name}", build)


def _muscle_links() -> Prefetch:
    return Prefetch(
        "muscle_links",
        queryset=ExerciseMuscle.objects.select_related("muscle").order_by("role", "muscle__name"),
    )


def exercise_export_list() -> QuerySet[Exercise]:
    """Every exercise with everything the forge format holds (9 queries whatever the size)."""
    return (
        Exercise.objects.select_related("body_part", "equipment", "category")
        .prefetch_related(
            _muscle_links(),
            "steps",
            "tips",
            "mistakes",
            "faqs",
            "images",
            Prefetch("variations", queryset=ExerciseVariation.objects.select_related("variation")),
            Prefetch("loads", queryset=Area.objects.order_by("slug")),
            Prefetch("props", queryset=Prop.objects.order_by("slug")),
        )
        .order_by("source", "source_id", "pk")
    )


# The seed page's sections, as (annotation, label) pairs the completeness column reports.
COMPLETENESS_SECTIONS = [
    ("has_target", "target muscle"),
    ("has_steps", "steps"),
    ("has_tips", "tips"),
    ("has_mistakes", "mistakes"),
    ("has_faq", "FAQ"),
    ("has_picture", "picture"),
]


def exercise_admin_list() -> QuerySet[Exercise]:
    """The admin change list: taxonomy joined, completeness as EXISTS columns, no per-row query."""
    return Exercise.objects.select_related("body_part", "equipment", "category").annotate(
        has_target=Exists(
            ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), role=ExerciseMuscle.Role.TARGET)
        ),
        has_steps=Exists(ExerciseStep.objects.filter(exercise=OuterRef("pk"))),
        has_tips=Exists(ExerciseTip.objects.filter(exercise=OuterRef("pk"))),
        has_mistakes=Exists(ExerciseMistake.objects.filter(exercise=OuterRef("pk"))),
        has_faq=Exists(ExerciseFAQ.objects.filter(exercise=OuterRef("pk"))),
        has_picture=Exists(ExerciseImage.objects.filter(exercise=OuterRef("pk"))),
        picture_count=Coalesce(
            Subquery(
                ExerciseImage.objects.filter(exercise=OuterRef("pk"))
                .order_by()
                .values("exercise")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        ),
    )


def exercise_admin_filter_completeness(
    queryset: QuerySet[Exercise], section: str
) -> QuerySet[Exercise]:
    """Narrow exercise_admin_list() to the complete ones ("complete"), the incomplete ones
    ("incomplete") or those missing one section (an annotation name, or "summary")."""
    missing = Q(summary="") | Q(
        **{name: False for name, _ in COMPLETENESS_SECTIONS}, _connector=Q.OR
    )
    if section == "complete":
        return queryset.exclude(missing)
    if section == "incomplete":
        return queryset.filter(missing)
    if section == "summary":
        return queryset.filter(summary="")
    return queryset.filter(**{section: False})


def exercise_missing_sections(exercise: Exercise) -> list[str]:
    """Seed-page sections an annotated exercise (from exercise_admin_list) still lacks."""
    missing = [] if exercise.summary.strip() else ["quick answer"]
    missing += [label for name, label in COMPLETENESS_SECTIONS if not getattr(exercise, name)]
    return missing


def _images() -> Prefetch:
    """An exercise's pictures, main one first (what Exercise.main_image expects)."""
    return Prefetch("images", queryset=ExerciseImage.objects.order_by("-is_main", "position", "pk"))


def card_prefetches() -> list[Prefetch]:
    """What an exercise card shows: its target muscles and its main picture."""
    return [
        Prefetch(
            "muscle_links",
            queryset=ExerciseMuscle.objects.filter(role=ExerciseMuscle.Role.TARGET)
            .select_related("muscle")
            .order_by("muscle__name"),
        ),
        _images(),
    ]


def exercise_list() -> QuerySet[Exercise]:
    """Published exercises as listings, cards and the API list show them."""
    return (
        Exercise.objects.published()
        .select_related("body_part", "equipment", "category")
        .prefetch_related(*card_prefetches())
    )


def exercise_listing() -> QuerySet[Exercise]:
    """Published exercises for a listing page to filter and sort: nothing joined, nothing
    prefetched (exercise_listing_rows reads a page of them as plain rows)."""
    return Exercise.objects.published()


def exercise_listing_rows(queryset: QuerySet[Exercise]) -> QuerySet:
    """A filtered, sorted listing as plain rows (pk, slug and the name shown), in order: a
    listing page shows cached cards (exercises.cards), so it reads no more of a row."""
    return queryset.values_list("pk", "slug", "name", named=True)


def exercise_rows() -> QuerySet[Exercise]:
    """Published exercises with their taxonomy, for pages that show them as cards
    (exercises.cards reads the card data of those not cached yet)."""
    return Exercise.objects.published().select_related("body_part", "equipment", "category")


def exercise_detail(*, slug: str, user=None) -> Exercise:
    """One exercise with every section of its page; 404 for unknown slugs and hidden drafts."""
    base = Exercise.objects.visible_to(user) if user is not None else Exercise.objects.published()
    queryset = base.select_related("body_part", "equipment", "category").prefetch_related(
        _muscle_links(),
        "steps",
        "tips",
        "mistakes",
        "faqs",
        _images(),
        "loads",
        "props",
        Prefetch(
            "variations",
            queryset=ExerciseVariation.objects.filter(variation__status=Status.PUBLISHED)
            .select_related("variation")
            .order_by("kind", "variation__name"),
        ),
    )
    return get_object_or_404(queryset, slug=slug)


def area_list() -> QuerySet[Area]:
    """Every area one can avoid, with the muscles and body parts it covers (3 queries)."""
    return Area.objects.prefetch_related(
        Prefetch("muscles", queryset=Muscle.objects.order_by("slug")),
        Prefetch("body_parts", queryset=BodyPart.objects.order_by("slug")),
    )


# How many candidates exercise_similar scores at most, per kind (see its docstring).
SIMILAR_CANDIDATES = 200


def exercise_similar(*, exercise: Exercise, limit: int = 6) -> list[Exercise]:
    """exercise_similar_ids' exercises, as rows for their cards."""
    return exercise_rows_in_order(exercise_similar_ids(exercise=exercise, limit=limit))


def exercise_rows_in_order(ids: list[int]) -> list[Exercise]:
    rank = {pk: i for i, pk in enumerate(ids)}
    return sorted(exercise_rows().filter(pk__in=ids), key=lambda e: rank[e.pk]) if ids else []


def exercise_similar_ids(*, exercise: Exercise, limit: int = 6) -> list[int]:
    """Exercises like this one, best first: the same category (a stretch shows stretches),
    then more target muscles in common, the same equipment and the same level; complete
    pages ahead of thin ones, then a stable order. Its variations are listed on their own,
    so they are left out here.

    Candidates come through indexes and are bounded: the SIMILAR_CANDIDATES newest exercises
    that share a target muscle, then the newest of the same category and body part. Each is
    scored in the database, so the cost stays the same at 1,000 or 100,000 exercises (every
    candidate is scored while a muscle is the target of fewer exercises than the bound).
    """
    return exercise_similar_ids_for(
        pk=exercise.pk,
        target_ids=[muscle.pk for muscle in exercise.target_muscles],
        excluded_ids=[link.variation_id for link in exercise.variations.all()],
        category_id=exercise.category_id,
        equipment_id=exercise.equipment_id,
        body_part_id=exercise.body_part_id,
        difficulty=exercise.difficulty,
        limit=limit,
    )


def exercise_similar_ids_for(
    *,
    pk: int,
    target_ids: list[int],
    excluded_ids: list[int],
    category_id: int,
    equipment_id: int,
    body_part_id: int,
    difficulty: str,
    limit: int = 6,
) -> list[int]:
    """exercise_similar_ids from the exercise's plain values (exercises.detail has no
    Exercise instance): its target muscles' and variations' ids and its vocabulary."""
    excluded = {pk, *excluded_ids}
    shared = (
        ExerciseMuscle.objects.filter(
            exercise=OuterRef("pk"), muscle_id__in=target_ids, role=ExerciseMuscle.Role.TARGET
        )
        .order_by()
        .values("exercise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    score = (
        Case(When(category_id=category_id, then=Value(100)), default=Value(0))
        + Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)) * 10
        + Case(When(equipment_id=equipment_id, then=Value(5)), default=Value(0))
        + Case(When(difficulty=difficulty, then=Value(3)), default=Value(0))
        # A reviewed page beats an unreviewed twin (same category and targets), whatever
        # their equipment and level, but never a page that shares one more target muscle.
        + Case(When(reviewed=True, then=Value(9)), default=Value(0))
    )
    order = ["-similarity", "-sections_written", "pk"]
    published = Exercise.objects.published().exclude(pk__in=excluded)
    # 1: sharing a target muscle; 2: the same category and body part, to fill the rest.
    by_muscle = published.filter(
        pk__in=ExerciseMuscle.objects.filter(
            muscle_id__in=target_ids, role=ExerciseMuscle.Role.TARGET
        )
        .order_by("-exercise_id")
        .values("exercise_id")[:SIMILAR_CANDIDATES]
    )
    ids = list(
        by_muscle.annotate(similarity=score).order_by(*order).values_list("pk", flat=True)[:limit]
    )
    # Always asked (a constant number of queries), used only for what the first leaves.
    same_kind = published.filter(category_id=category_id, body_part_id=body_part_id)
    fill = (
        published.filter(pk__in=same_kind.order_by("-pk").values("pk")[:SIMILAR_CANDIDATES])
        .annotate(similarity=score)
        .order_by(*order)
        .values_list("pk", flat=True)[: limit * 2]
    )
    ids += [found for found in fill if found not in ids][: limit - len(ids)]
    return ids


def exercise_featured(*, limit: int = 6) -> list[Exercise]:
    # Reads the (is_featured, status, name) index: six rows, whatever the catalogue's size.
    return list(exercise_rows().filter(is_featured=True).order_by("name")[:limit])


def exercise_count(name: str, queryset: QuerySet) -> int:
    """How many rows a filtered listing has, counted once per catalogue version. `name` must
    identify the filter (the normalised query string): the count is cached under it."""
    digest = hashlib.blake2b(name.encode(), digest_size=12).hexdigest()
    return catalogue_cached(f"count:{digest}", queryset.count)


def taxonomy_with_counts(model) -> QuerySet:
    """Every item of a vocabulary with its number of published exercises (one query)."""
    if model is Muscle:
        count = Count(
            "exercise_links__exercise",
            filter=Q(exercise_links__exercise__status=Status.PUBLISHED),
            distinct=True,
        )
    else:
        count = Count("exercises", filter=Q(exercises__status=Status.PUBLISHED))
    return model.objects.annotate(exercise_count=count).order_by("name")


def difficulty_with_counts() -> list[dict]:
    counts = catalogue_cached(
        "counts:difficulty",
        lambda: dict(
            Exercise.objects.published()
            .values_list("difficulty")
            .annotate(n=Count("pk"))
            .values_list("difficulty", "n")
        ),
    )
    return [
        {"slug": value, "name": label, "exercise_count": counts.get(value, 0)}
        for value, label in Difficulty.choices
    ]


# --- Likely twins: an imported page and another describing the same exercise --------------

TWIN_NAME_RATIO = 0.8


@dataclass(frozen=True)
class TwinPair:
    first: Exercise  # the reviewed one when only one is
    second: Exercise
    muscle: str
    similarity: float


def _name_similarity(a: str, b: str) -> float:
    """How alike two names are (0–1): their letters in order, or their words as sets."""
    words_a, words_b = set(a.split()), set(b.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
    return max(difflib.SequenceMatcher(None, a, b).ratio(), jaccard)


def exercise_likely_twins(*, limit: int = 200) -> list[TwinPair]:
    """Pairs of exercises with the same target muscle and close names, at least one of them
    unreviewed: candidates for the merge action, most alike first. Two queries."""
    links = (
        ExerciseMuscle.objects.filter(role=ExerciseMuscle.Role.TARGET)
        .select_related("muscle")
        .values_list("muscle__name", "exercise_id")
    )
    by_muscle: dict[str, list[int]] = {}
    for muscle, exercise_id in links:
        by_muscle.setdefault(muscle, []).append(exercise_id)
    exercises = {
        e.pk: e
        for e in Exercise.objects.only(
            "pk", "name", "slug", "search_name", "reviewed", "source", "status"
        )
    }
    pairs: dict[tuple[int, int], TwinPair] = {}
    for muscle, ids in sorted(by_muscle.items()):
        group = [exercises[pk] for pk in ids if pk in exercises]
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.reviewed and b.reviewed:
                    continue
                key = (min(a.pk, b.pk), max(a.pk, b.pk))
                if key in pairs:
                    continue
                name_a = a.search_name or a.name.lower()
                name_b = b.search_name or b.name.lower()
                similarity = _name_similarity(name_a, name_b)
                if similarity >= TWIN_NAME_RATIO:
                    first, second = (b, a) if b.reviewed and not a.reviewed else (a, b)
                    pairs[key] = TwinPair(first, second, muscle, round(similarity, 2))
    ordered = sorted(pairs.values(), key=lambda p: (-p.similarity, p.first.name, p.second.name))
    return ordered[:limit]
