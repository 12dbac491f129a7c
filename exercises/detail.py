"""The exercise page's data as plain rows (/exercise/<slug>/).

Everything the page shows of the catalogue is read with ``values()`` in five queries and
kept as plain, picklable rows, once per catalogue version and language
(selectors.catalogue_cached): a request then reads no catalogue row but the similar
exercises' (their cards come from exercises.cards). Nothing here depends on who asks;
the view adds the visitor's or member's own parts.

Translated columns are read as modeltranslation reads them: the active language's text,
else the English one (``_text``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from exercises import selectors
from exercises.models import (
    RENDITION_LABELS,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
    PictureSource,
    Prop,
    Status,
    slug_url,
)
from exercises.seo import exercise_json_ld
from exercises.translation import EXERCISE_FIELDS, content_language
from forge.lib.urls import one_argument_url, plain_url

ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _text(row: dict, name: str, language: str) -> str:
    """``obj.<name>`` as modeltranslation gives it: the language's text, else English's."""
    return row.get(f"{name}_{language}") or row.get(f"{name}_{ENGLISH}") or ""


def _falls_back(row: dict, name: str, language: str) -> bool:
    """As exercises.translation._falls_back, on a row."""
    return bool(row.get(f"{name}_{ENGLISH}")) and not row.get(f"{name}_{language}")


def _columns(name: str, language: str) -> list[str]:
    return list(dict.fromkeys([f"{name}_{ENGLISH}", f"{name}_{language}"]))


@dataclass(frozen=True)
class Link:
    """A vocabulary item as the page links it."""

    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class PropRow:
    name: str
    description: str


@dataclass(frozen=True)
class Picture:
    alt_text: str
    role: str
    role_display: str
    credit: str
    card: PictureSource
    full: PictureSource


@dataclass(frozen=True)
class Variation:
    kind: str
    kind_display: str
    name: str
    url: str


@dataclass(frozen=True)
class Question:
    question: str
    answer: str


@dataclass(frozen=True)
class ExercisePage:
    """One exercise as its page shows it. Attribute names follow Exercise where they mean
    the same, so that the pose drawing and the player's timeline read it as they read an
    exercise (``slug``, ``name``, ``pose``, the hold fields, ``target_muscles``)."""

    pk: int
    slug: str
    url: str
    name: str
    summary: str
    alias_list: list[str]
    status: str
    status_display: str
    body_part: Link
    equipment: Link
    category: Link
    target_muscles: list[Link]
    secondary_muscles: list[Link]
    difficulty_display: str
    level_url: str
    force_display: str
    mechanic_display: str
    prescription_text: str
    hold_seconds: int | None
    hold_seconds_min: int | None
    hold_seconds_max: int | None
    reps_per_side: int | None
    per_side: bool
    pose: dict | None
    start_position_display: str
    needs_partner: bool
    props: list[PropRow]
    precautions: str
    breathing: str
    reviewed: bool
    source: str
    source_url: str
    licence: str
    steps: list[str]
    tips: list[str]
    mistakes: list[str]
    faqs: list[Question]
    images: list[Picture]
    variations: list[Variation]
    # The similar exercises, chosen once per version: their ids only (exercises.cards reads
    # the rows of those whose card is not cached yet). Plain values, so that a cached page
    # never holds model instances of an older release's code.
    similar_ids: tuple[int, ...]
    # Page furniture worked out once: links, the map's label, the structured data, and the
    # sections shown in English for want of a translation.
    play_url: str
    save_url: str
    admin_url: str
    related_links: list[tuple[str, str]]
    map_label: str
    target_slugs: list[str]
    secondary_slugs: list[str]
    json_ld: list[dict]
    fallback_sections: list[str] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_timed(self) -> bool:
        return self.hold_seconds is not None

    @property
    def main_image(self) -> Picture | None:
        return self.images[0] if self.images else None


def exercise_page(*, slug: str, user) -> ExercisePage | None:
    """The page of the exercise with this slug, or None when there is none or `user` may
    not see it (drafts are for staff who may view exercises: the editors' preview)."""
    page = selectors.catalogue_cached(f"page:{slug}", lambda: exercise_page_build(slug))
    if page is None or page.is_published:
        return page
    visible = user.is_authenticated and user.is_staff and user.has_perm("exercises.view_exercise")
    return page if visible else None


# The exercise row's own columns the page reads (translated ones are added per language).
_EXERCISE_COLUMNS = (
    "pk",
    "slug",
    "status",
    "difficulty",
    "force",
    "mechanic",
    "hold_seconds",
    "hold_seconds_min",
    "hold_seconds_max",
    "reps_per_side",
    "per_side",
    "pose",
    "start_position",
    "needs_partner",
    "reviewed",
    "source",
    "source_url",
    "licence",
    "body_part_id",
    "equipment_id",
    "category_id",
)
_VOCABULARIES = ("body_part", "equipment", "category")
_VOCABULARY_URLS = {
    "body_part": "exercises:body-part",
    "equipment": "exercises:equipment",
    "category": "exercises:category",
    "muscle": "exercises:muscle",
}


def exercise_page_build(slug: str) -> ExercisePage | None:
    """Read one exercise's page from the database (5 queries, and 2 to choose its similar
    exercises), in the active language."""
    language = content_language()
    columns = [*_EXERCISE_COLUMNS]
    for name in EXERCISE_FIELDS:
        columns += _columns(name, language)
    for vocabulary in _VOCABULARIES:
        columns += [f"{vocabulary}__slug"]
        columns += [f"{vocabulary}__{column}" for column in _columns("name", language)]
    row = Exercise.objects.filter(slug=slug).values(*columns).first()
    if row is None:
        return None
    pk = row["pk"]
    # The exercise as modeltranslation shows it, for the choices' labels and the prescription.
    exercise = Exercise(**{name: row[name] for name in _EXERCISE_COLUMNS})
    links = {
        vocabulary: Link(
            row[f"{vocabulary}__slug"],
            _text(row, f"{vocabulary}__name", language),
            slug_url(_VOCABULARY_URLS[vocabulary], row[f"{vocabulary}__slug"]),
        )
        for vocabulary in _VOCABULARIES
    }
    muscles = _muscles(pk, language)
    targets = [muscle for role, _pk, muscle in muscles if role == ExerciseMuscle.Role.TARGET]
    secondaries = [muscle for role, _pk, muscle in muscles if role == ExerciseMuscle.Role.SECONDARY]
    parts, part_fallbacks = _parts(pk, language)
    images = _images(pk)
    variations = list(
        ExerciseVariation.objects.filter(exercise_id=pk, variation__status=Status.PUBLISHED)
        .order_by("kind", "variation__name")
        .values("kind", "variation_id", "variation__slug", *_columns("variation__name", language))
    )
    similar_ids = selectors.exercise_similar_ids_for(
        pk=pk,
        target_ids=[
            muscle_pk for role, muscle_pk, _muscle in muscles if role == ExerciseMuscle.Role.TARGET
        ],
        excluded_ids=[variation["variation_id"] for variation in variations],
        category_id=row["category_id"],
        equipment_id=row["equipment_id"],
        body_part_id=row["body_part_id"],
        difficulty=row["difficulty"],
    )
    name = _text(row, "name", language)
    kinds = dict(ExerciseVariation.Kind.choices)
    summary = _text(row, "summary", language)
    url = slug_url("exercises:exercise-detail", slug)
    steps = parts["steps"]
    faqs = parts["faqs"]
    map_label = _map_label(name, targets, secondaries)
    return ExercisePage(
        pk=pk,
        slug=slug,
        url=url,
        name=name,
        summary=summary,
        alias_list=[
            line.strip() for line in _text(row, "aliases", language).splitlines() if line.strip()
        ],
        status=row["status"],
        status_display=str(exercise.get_status_display()),
        body_part=links["body_part"],
        equipment=links["equipment"],
        category=links["category"],
        target_muscles=targets,
        secondary_muscles=secondaries,
        difficulty_display=str(exercise.get_difficulty_display()),
        level_url=one_argument_url("exercises:level", row["difficulty"]),
        force_display=str(exercise.get_force_display()) if row["force"] else "",
        mechanic_display=str(exercise.get_mechanic_display()) if row["mechanic"] else "",
        prescription_text=exercise.prescription_text,
        hold_seconds=row["hold_seconds"],
        hold_seconds_min=row["hold_seconds_min"],
        hold_seconds_max=row["hold_seconds_max"],
        reps_per_side=row["reps_per_side"],
        per_side=row["per_side"],
        pose=row["pose"],
        start_position_display=str(exercise.get_start_position_display())
        if row["start_position"]
        else "",
        needs_partner=row["needs_partner"],
        props=[
            PropRow(_text(prop, "name", language), _text(prop, "description", language))
            for prop in Prop.objects.filter(exercises=pk)
            .order_by("name")
            .values(*_columns("name", language), *_columns("description", language))
        ],
        precautions=_text(row, "precautions", language),
        breathing=_text(row, "breathing", language),
        reviewed=row["reviewed"],
        source=row["source"],
        source_url=row["source_url"],
        licence=row["licence"],
        steps=steps,
        tips=parts["tips"],
        mistakes=parts["mistakes"],
        faqs=faqs,
        images=images,
        variations=[
            Variation(
                variation["kind"],
                str(kinds.get(variation["kind"], variation["kind"])),
                _text(variation, "variation__name", language),
                slug_url("exercises:exercise-detail", variation["variation__slug"]),
            )
            for variation in variations
        ],
        similar_ids=tuple(similar_ids),
        play_url=one_argument_url("plans:exercise-play", slug),
        save_url=one_argument_url("plans:save-exercise", slug),
        admin_url=reverse("admin:exercises_exercise_change", args=[pk])
        if row["status"] != Status.PUBLISHED
        else "",
        related_links=[
            (_("More %(name)s Exercises") % {"name": link.name}, link.url)
            for link in (links["body_part"], links["equipment"], *targets)
        ],
        map_label=map_label,
        target_slugs=[muscle.slug for muscle in targets],
        secondary_slugs=[muscle.slug for muscle in secondaries],
        json_ld=exercise_json_ld(
            url=url,
            name=name,
            summary=summary,
            steps=steps,
            image=(images[0].full, images[0].alt_text) if images else None,
            faqs=[(faq.question, faq.answer) for faq in faqs],
            crumbs=[
                ("Home", plain_url("home")),
                ("Exercises", plain_url("exercises:exercise-list")),
                (links["body_part"].name, links["body_part"].url),
                (name, url),
            ],
        ),
        fallback_sections=[]
        if language == ENGLISH
        else [name for name in EXERCISE_FIELDS if _falls_back(row, name, language)]
        + part_fallbacks,
    )


def _map_label(name: str, targets: list[Link], secondaries: list[Link]) -> str:
    label = _("Muscles worked by the %(name)s: target %(muscles)s") % {
        "name": name,
        "muscles": ", ".join(muscle.name.lower() for muscle in targets),
    }
    if secondaries:
        label += _("; secondary %(muscles)s") % {
            "muscles": ", ".join(muscle.name.lower() for muscle in secondaries)
        }
    return label


def _muscles(pk: int, language: str) -> list[tuple[int, int, Link]]:
    """(role, muscle id, muscle), targets first, each role by name (as Exercise.muscle_links)."""
    rows = (
        ExerciseMuscle.objects.filter(exercise_id=pk)
        .order_by("role", "muscle__name")
        .values("role", "muscle_id", "muscle__slug", *_columns("muscle__name", language))
    )
    return [
        (
            row["role"],
            row["muscle_id"],
            Link(
                row["muscle__slug"],
                _text(row, "muscle__name", language),
                slug_url("exercises:muscle", row["muscle__slug"]),
            ),
        )
        for row in rows
    ]


# The four ordered text parts: (name, model, its translated fields).
_Part = type[ExerciseStep] | type[ExerciseTip] | type[ExerciseMistake] | type[ExerciseFAQ]
_PARTS: tuple[tuple[str, _Part, tuple[str, ...]], ...] = (
    ("steps", ExerciseStep, ("text",)),
    ("tips", ExerciseTip, ("text",)),
    ("mistakes", ExerciseMistake, ("text",)),
    ("faqs", ExerciseFAQ, ("question", "answer")),
)
_FALLBACK_NAMES = {"steps": "steps", "tips": "tips", "mistakes": "mistakes", "faqs": "faq"}


def _parts(pk: int, language: str) -> tuple[dict, list[str]]:
    """Steps, tips, mistakes and FAQ in one query (a UNION ALL of the four tables, each in
    its own order), and which of them fall back to English in `language`."""
    queries = []
    for index, (_name, model, fields) in enumerate(_PARTS):
        texts = list(fields) + [""] * (2 - len(fields))
        columns = {
            f"{slot}_{variant}": F(f"{name}_{lang}")
            if name
            else Value("", output_field=CharField())
            for slot, name in zip(("a", "b"), texts, strict=True)
            for variant, lang in (("en", ENGLISH), ("lang", language))
        }
        queries.append(
            model._default_manager.filter(exercise_id=pk)
            .order_by()
            .annotate(part=Value(index), at=F("position"), row=F("pk"), **columns)
            .values_list("part", "at", "row", *columns)
        )
    rows = sorted(queries[0].union(*queries[1:], all=True))
    parts: dict[str, list] = {name: [] for name, _model, _fields in _PARTS}
    fallbacks = []
    for index, _position, _pk, a_en, a_lang, b_en, b_lang in rows:
        name, _model, fields = _PARTS[index]
        if name == "faqs":
            parts[name].append(Question(a_lang or a_en or "", b_lang or b_en or ""))
        else:
            parts[name].append(a_lang or a_en or "")
        if (a_en and not a_lang) or (len(fields) > 1 and b_en and not b_lang):
            fallbacks.append(name)
    missing = [_FALLBACK_NAMES[name] for name, _model, _fields in _PARTS if name in set(fallbacks)]
    return parts, missing if language != ENGLISH else []


def _images(pk: int) -> list[Picture]:
    """The exercise's pictures, main one first (as Exercise.main_image and the gallery)."""
    pictures = []
    rows = (
        ExerciseImage.objects.filter(exercise_id=pk)
        .order_by("-is_main", "position", "pk")
        .values("image", "alt_text", "role", "credit", "width", "height", "renditions")
    )
    roles = dict(ExerciseImage.Role.choices)
    for row in rows:
        stored = row["renditions"] or {}
        if all(label in stored for label in RENDITION_LABELS):
            sources = {
                label: PictureSource(
                    width=stored[label]["width"],
                    height=stored[label]["height"],
                    webp=default_storage.url(stored[label]["webp"]),
                    jpeg=default_storage.url(stored[label]["jpeg"]),
                )
                for label in ("card", "full")
            }
        else:
            own = PictureSource(
                width=row["width"],
                height=row["height"],
                webp="",
                jpeg=default_storage.url(row["image"]) if row["image"] else "",
            )
            sources = {"card": own, "full": own}
        pictures.append(
            Picture(
                row["alt_text"],
                row["role"],
                str(roles.get(row["role"], row["role"])),
                row["credit"],
                sources["card"],
                sources["full"],
            )
        )
    return pictures
