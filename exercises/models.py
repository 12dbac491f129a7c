import functools
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from exercises.poses.schema import pose_problems
from exercises.search_text import phrase

# Words that follow /exercises/ in listing URLs: a body-part slug may never take one of them.
RESERVED_LISTING_SLUGS = ("equipment", "muscle", "category", "level")
# Words that follow /plans/history/ where an exercise's slug goes (its own history page): an
# exercise may never take one of them.
RESERVED_EXERCISE_SLUGS = ("exercises",)
MAX_HOLD_SECONDS = 3600
# An exercise picture's renditions, smallest first (made by exercises.pictures).
RENDITION_LABELS = ("thumb", "card", "full")


@functools.lru_cache(maxsize=64)
def _slug_url_prefix(name: str, script_prefix: str, urlconf, language) -> str:
    return reverse(name, args=["-"]).removesuffix("-/")


def slug_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for a URL that ends in <slug:…>/, without resolving the
    pattern each time: listings build dozens of these per page (a fifth of their time). Per
    language, since pages have a language prefix (/de/, /es/)."""
    prefix = _slug_url_prefix(name, get_script_prefix(), get_urlconf(), get_language())
    return f"{prefix}{slug}/"


def exercise_image_path(instance, filename):
    return f"exercises/{instance.exercise.slug}/{filename}"


def validate_pose(value):
    """Pose data (docs/poses.md): every problem named by its path, e.g. “end.left.knee”."""
    problems = pose_problems(value)
    if problems:
        raise ValidationError(
            [
                ValidationError(
                    "%(path)s: %(message)s",
                    params={"path": path or "pose", "message": message},
                    code="pose",
                )
                for path, message in problems
            ]
        )


def validate_not_reserved(value):
    if value in RESERVED_LISTING_SLUGS:
        raise ValidationError(
            "“%(value)s” is reserved for listing pages; choose another slug.",
            params={"value": value},
            code="reserved",
        )


def validate_exercise_slug(value):
    if value in RESERVED_EXERCISE_SLUGS:
        raise ValidationError(
            "“%(value)s” is reserved for members' history pages; choose another slug.",
            params={"value": value},
            code="reserved",
        )


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Force(models.TextChoices):
    PUSH = "push", _("Push")
    PULL = "pull", _("Pull")
    STATIC = "static", _("Static")


class Mechanic(models.TextChoices):
    COMPOUND = "compound", _("Compound")
    ISOLATION = "isolation", _("Isolation")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Taxonomy(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyPart(Taxonomy):
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_not_reserved])

    class Meta(Taxonomy.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_LISTING_SLUGS), name="bodypart_slug_not_reserved"
            )
        ]

    def get_absolute_url(self):
        return slug_url("exercises:body-part", self.slug)


class Muscle(Taxonomy):
    def get_absolute_url(self):
        return slug_url("exercises:muscle", self.slug)


class Equipment(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name_plural = "equipment"

    def get_absolute_url(self):
        return slug_url("exercises:equipment", self.slug)


class Category(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name_plural = "categories"

    def get_absolute_url(self):
        return slug_url("exercises:category", self.slug)


class StartPosition(models.TextChoices):
    """Where the body is when an exercise starts (blank when nobody has said)."""

    STANDING = "standing", _("Standing")
    SEATED = "seated", _("Seated")
    KNEELING = "kneeling", _("Kneeling")
    ALL_FOURS = "all-fours", _("On all fours")
    LYING_BACK = "lying-back", _("Lying on your back")
    LYING_FRONT = "lying-front", _("Lying on your front")
    LYING_SIDE = "lying-side", _("Lying on your side")
    HANGING = "hanging", _("Hanging")


class Area(models.Model):
    """Somewhere a person may need to spare: a joint, a region or a whole body part.

    An exercise loads an area when its own ``loads`` name it, or when its body part or one of
    its target or secondary muscles is among the area's ``body_parts`` or ``muscles``. Where a
    body part and a joint or region share a slug (neck, shoulders) there is one area, of the
    joint or region kind, that also covers the body part.
    """

    class Kind(models.TextChoices):
        JOINT = "joint", _("Joint")
        REGION = "region", _("Region")
        BODY_PART = "body-part", _("Body part")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField(blank=True)
    muscles = models.ManyToManyField(
        Muscle, related_name="areas", blank=True, help_text="Muscles whose work loads this area."
    )
    body_parts = models.ManyToManyField(
        BodyPart,
        related_name="areas",
        blank=True,
        help_text="Body parts whose exercises all load this area.",
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Prop(Taxonomy):
    """Something an exercise uses beyond its equipment: a wall, a chair, a strap."""

    must_own = models.BooleanField(
        default=False,
        help_text="Something a person has to own (a bench, a strap), not something found in "
        "any home (a wall, a chair). The generator treats what must be owned like equipment.",
    )


class ExerciseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published exercises, plus drafts for staff who may view them (editors' preview)."""
        if user.is_authenticated and user.is_staff and user.has_perm("exercises.view_exercise"):
            return self.all()
        return self.published()


class Exercise(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True, validators=[validate_exercise_slug])
    summary = models.TextField(
        blank=True, help_text="The “quick answer”: two or three plain sentences."
    )
    aliases = models.TextField(blank=True, help_text="Other names people search for, one per line.")
    body_part = models.ForeignKey(BodyPart, on_delete=models.PROTECT, related_name="exercises")
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="exercises")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="exercises")
    muscles = models.ManyToManyField(
        Muscle, through="ExerciseMuscle", related_name="exercises", blank=True
    )
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices)
    force = models.CharField(max_length=8, choices=Force.choices, blank=True)
    mechanic = models.CharField(max_length=10, choices=Mechanic.choices, blank=True)

    # The prescription of a timed exercise (stretches, holds). All three hold fields are set
    # together or not at all; reps_per_side also serves dynamic drills done for reps.
    hold_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
        help_text="Default hold, in seconds. Leave the three hold fields empty for rep-based work.",
    )
    hold_seconds_min = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    hold_seconds_max = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    per_side = models.BooleanField(default=False, help_text="Done one side at a time.")
    reps_per_side = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    # A drawn figure's start and end position, shown where the exercise has no photo.
    pose = models.JSONField(
        null=True,
        blank=True,
        validators=[validate_pose],
        help_text="Drawn figure for exercises without a photo: joint angles of the start and "
        "end position (see docs/poses.md). Leave empty for no drawing.",
    )
    # Safety data: what the generator and a careful reader need to know.
    start_position = models.CharField(
        max_length=12, choices=StartPosition.choices, blank=True, help_text="Where the body starts."
    )
    loads = models.ManyToManyField(
        Area,
        related_name="loading_exercises",
        blank=True,
        help_text="Areas this exercise stresses beyond its muscles and body part "
        "(a kneeling stretch loads the knees).",
    )
    needs_partner = models.BooleanField(default=False, help_text="Done with a partner's help.")
    props = models.ManyToManyField(
        Prop, related_name="exercises", blank=True, help_text="What it uses beyond the equipment."
    )
    precautions = models.TextField(
        blank=True, help_text="Who should take care, and what to feel and not feel."
    )
    breathing = models.TextField(blank=True, help_text="A breathing cue.")
    reviewed = models.BooleanField(
        default=False,
        help_text="An editor has checked this page. Only reviewed exercises go into "
        "generated plans.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.TextField(
        blank=True,
        help_text="What an editor should check before marking it reviewed (imports flag "
        "partner moves and misfiled categories here).",
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    source = models.CharField(max_length=40, default="forge")
    source_id = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=120, blank=True)
    # Lower-cased, accent-free words of the name, aliases, muscles, equipment and body part,
    # kept by exercises.services.exercises_refresh_search_text for portable search.
    search_text = models.TextField(blank=True, editable=False)
    # The name as search compares it ("Chin-Up" -> "chin up"), and how many of the page's
    # sections are written (a complete page ranks ahead of a thin one on ties). Both are kept
    # by exercises.services.exercises_refresh_search_text with the search index.
    search_name = models.CharField(max_length=200, blank=True, editable=False)
    sections_written = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="exercise_unique_source_record",
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_EXERCISE_SLUGS), name="exercise_slug_not_reserved"
            ),
            models.CheckConstraint(
                condition=(
                    Q(hold_seconds__isnull=True)
                    & Q(hold_seconds_min__isnull=True)
                    & Q(hold_seconds_max__isnull=True)
                )
                | (
                    # Spelled out: a CHECK passes when its condition is NULL, so a partial
                    # range would otherwise slip through.
                    Q(hold_seconds__isnull=False)
                    & Q(hold_seconds_min__isnull=False)
                    & Q(hold_seconds_max__isnull=False)
                    & Q(hold_seconds_min__gte=1)
                    & Q(hold_seconds_min__lte=models.F("hold_seconds"))
                    & Q(hold_seconds__lte=models.F("hold_seconds_max"))
                    & Q(hold_seconds_max__lte=MAX_HOLD_SECONDS)
                ),
                name="exercise_hold_range_ordered",
                violation_error_message=(
                    "Set the default, minimum and maximum hold together, "
                    "with minimum ≤ default ≤ maximum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reps_per_side__isnull=True) | Q(reps_per_side__gte=1),
                name="exercise_reps_per_side_positive",
            ),
        ]
        # One index per filter and sort the listings offer, each led by the column the
        # visitor chose so that a page of 24 is read in order, not sorted from the whole table.
        indexes = [
            models.Index(fields=["status", "name"], name="exercise_status_name"),
            models.Index(fields=["created_at"]),
            models.Index(fields=["status", "-created_at", "name"], name="exercise_status_newest"),
            # Only the few featured rows: the home page reads its six straight from here.
            models.Index(
                fields=["status", "name"], condition=Q(is_featured=True), name="exercise_featured"
            ),
            models.Index(fields=["body_part", "status", "name"], name="exercise_body_part_status"),
            models.Index(fields=["equipment", "status", "name"], name="exercise_equipment_status"),
            models.Index(fields=["category", "status", "name"], name="exercise_category_status"),
            models.Index(fields=["difficulty", "status", "name"], name="exercise_level_status"),
            # The listings' "Best match" when browsing: complete pages first.
            models.Index(
                fields=["status", "-sections_written", "name"], name="exercise_best_match"
            ),
            # Similar exercises' second pool: the newest published of one category and body
            # part, read in order (selectors.exercise_similar).
            models.Index(
                fields=["category", "body_part", "-id"],
                condition=Q(status=Status.PUBLISHED),
                name="exercise_similar_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("exercises:exercise-detail", self.slug)

    @property
    def save_url(self) -> str:
        return slug_url("plans:save-exercise", self.slug)

    def clean(self):
        holds = (self.hold_seconds, self.hold_seconds_min, self.hold_seconds_max)
        if any(v is not None for v in holds) and any(v is None for v in holds):
            missing = [
                name
                for name, value in zip(
                    ("hold_seconds", "hold_seconds_min", "hold_seconds_max"), holds, strict=True
                )
                if value is None
            ]
            raise ValidationError(
                {name: "Set the default, minimum and maximum hold together." for name in missing}
            )
        if all(v is not None for v in holds):
            errors = {}
            if self.hold_seconds_min > self.hold_seconds:
                errors["hold_seconds_min"] = "The minimum hold cannot exceed the default hold."
            if self.hold_seconds > self.hold_seconds_max:
                errors["hold_seconds_max"] = "The maximum hold cannot be below the default hold."
            if errors:
                raise ValidationError(errors)

    @property
    def is_timed(self) -> bool:
        return self.hold_seconds is not None

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    # The next three read prefetched rows (see exercises.selectors) so lists stay query-free.
    @property
    def target_muscles(self) -> list["Muscle"]:
        return [link.muscle for link in self.muscle_links.all() if link.role == 1]

    @property
    def secondary_muscles(self) -> list["Muscle"]:
        return [link.muscle for link in self.muscle_links.all() if link.role == 2]

    @property
    def main_image(self) -> "ExerciseImage | None":
        images = list(self.images.all())
        return next((image for image in images if image.is_main), images[0] if images else None)

    @property
    def prescription_text(self) -> str:
        """A short human reading of the prescription: “Hold 30 s, each side”, “10 reps”."""
        if self.is_timed:
            text = pgettext("prescription", "Hold %(seconds)s s") % {"seconds": self.hold_seconds}
            if self.reps_per_side and self.reps_per_side > 1:
                text += f" × {self.reps_per_side}"
        elif self.reps_per_side:
            count = self.reps_per_side
            text = ngettext("%(count)s rep", "%(count)s reps", count) % {"count": count}
        else:
            return ""
        return (
            pgettext("prescription", "%(work)s, each side") % {"work": text}
            if self.per_side
            else text
        )


class ExerciseMuscle(models.Model):
    # An integer so that ordering by role puts target muscles before secondary ones.
    class Role(models.IntegerChoices):
        TARGET = 1, _("Target")
        SECONDARY = 2, _("Secondary")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="muscle_links")
    muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="exercise_links")
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.TARGET)

    class Meta:
        ordering = ["role", "muscle__name"]
        verbose_name = "muscle worked"
        verbose_name_plural = "muscles worked"
        constraints = [
            models.UniqueConstraint(fields=["exercise", "muscle"], name="exercise_muscle_once"),
        ]
        # Muscle listings, muscle counts and similar exercises start from the muscle.
        indexes = [
            models.Index(fields=["muscle", "role", "exercise"], name="exercise_muscle_by_muscle")
        ]

    def __str__(self):
        return f"{self.muscle} ({self.get_role_display().lower()})"


class OrderedEntry(models.Model):
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class ExerciseStep(OrderedEntry):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField()

    class Meta(OrderedEntry.Meta):
        verbose_name = "step"

    def __str__(self):
        return self.text[:60]


class ExerciseTip(OrderedEntry):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="tips")
    text = models.TextField()

    class Meta(OrderedEntry.Meta):
        verbose_name = "pro tip"

    def __str__(self):
        return self.text[:60]


class ExerciseMistake(OrderedEntry):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="mistakes")
    text = models.TextField()

    class Meta(OrderedEntry.Meta):
        verbose_name = "common mistake"

    def __str__(self):
        return self.text[:60]


class ExerciseFAQ(OrderedEntry):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField()

    class Meta(OrderedEntry.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question


class ExerciseImage(OrderedEntry):
    class Role(models.TextChoices):
        START = "start", _("Start position")
        END = "end", _("End position")
        OTHER = "other", _("Other")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=exercise_image_path, max_length=255)
    alt_text = models.CharField(
        max_length=200, help_text="What the picture shows, for people who cannot see it."
    )
    is_main = models.BooleanField(default=False)
    role = models.CharField(
        max_length=8,
        choices=Role.choices,
        default=Role.OTHER,
        help_text="Which moment of the movement it shows: the page pairs start and end.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who made the picture and under which licence, e.g. “free-exercise-db "
        "(public domain)”.",
    )
    # Size of the uploaded picture and its renditions (exercises.renditions), kept when the
    # picture is stored so that pages set width and height without opening any file.
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(OrderedEntry.Meta):
        verbose_name = "image"
        constraints = [
            models.UniqueConstraint(
                fields=["exercise"], condition=Q(is_main=True), name="exercise_one_main_image"
            )
        ]

    def __str__(self):
        return self.alt_text

    @functools.cached_property
    def sources(self) -> dict[str, "PictureSource"]:
        """Each rendition ("thumb", "card", "full") with its size and file URLs, read from the
        row (no storage access). A picture without renditions yet offers its own file."""
        stored = self.renditions or {}
        if all(label in stored for label in RENDITION_LABELS):
            # In size order (PostgreSQL's jsonb keeps its own key order).
            return {
                label: PictureSource(
                    width=stored[label]["width"],
                    height=stored[label]["height"],
                    webp=default_storage.url(stored[label]["webp"]),
                    jpeg=default_storage.url(stored[label]["jpeg"]),
                )
                for label in RENDITION_LABELS
            }
        own = PictureSource(
            width=self.width, height=self.height, webp="", jpeg=self.image.url if self.image else ""
        )
        return {"thumb": own, "card": own, "full": own}

    @property
    def is_start(self) -> bool:
        return self.role == self.Role.START


@dataclass(frozen=True)
class PictureSource:
    """One rendition of a picture as pages use it: size in pixels and the URL of each format
    (webp is empty when a picture has no renditions yet)."""

    width: int | None
    height: int | None
    webp: str
    jpeg: str


class ExerciseVariation(models.Model):
    class Kind(models.TextChoices):
        EASIER = "easier", _("Easier")
        HARDER = "harder", _("Harder")
        ALTERNATIVE = "alternative", _("Alternative")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="variations")
    variation = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="variation_of")
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "variation__name"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "variation"], name="variation_once"),
            models.CheckConstraint(
                condition=~Q(exercise=models.F("variation")), name="variation_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.variation}"


class ExerciseSource(models.Model):
    """Another catalogue's record of the same exercise, folded into it by an import or a
    merge: a re-import of that record finds the exercise again by this key."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="linked_sources")
    source = models.CharField(max_length=40)
    source_id = models.CharField(max_length=200)
    # The name that catalogue gives it (kept as an alias of the exercise).
    name = models.CharField(max_length=120, blank=True)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "source_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="linked_source_unique"),
        ]

    def __str__(self):
        return f"{self.source}: {self.source_id}"


class SlugRedirect(models.Model):
    """An address an exercise used to have (it was merged into another, or renamed by an
    import): the old page answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=140, unique=True)
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.exercise.slug}"


class SearchTerm(models.Model):
    """One indexed term of an exercise (see exercises.search): a word, a joined word pair or
    a whole name or alias, with the field it came from."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="search_terms")
    # The language whose text (and stemming) gave the term: each language is its own index.
    language = models.CharField(max_length=8, default="en")
    term = models.CharField(max_length=200)
    field = models.PositiveSmallIntegerField()
    # search_text.posting_prior: the order search reads a common term's exercises in.
    prior = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["term", "exercise"], name="search_term_lookup"),
            models.Index(fields=["language", "term", "exercise"], name="search_term_language"),
            # A term's exercises best first in one language, read straight from the index.
            models.Index(
                fields=["language", "term", "-prior", "exercise"], name="search_term_prior"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "language", "term", "field"], name="search_term_unique_lang"
            ),
        ]

    def __str__(self):
        return self.term


class SearchWord(models.Model):
    """The search vocabulary: every distinct indexed word, for prefixes and typo correction."""

    language = models.CharField(max_length=8, default="en")
    term = models.CharField(max_length=200)
    length = models.PositiveSmallIntegerField()
    # How many exercises use it (a correction prefers the commoner word).
    documents = models.PositiveIntegerField(default=0)
    # From a name, alias or the taxonomy (not only a summary): only these are offered as
    # corrections and prefix completions.
    is_title = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["length", "is_title"], name="search_word_length"),
            models.Index(fields=["language", "length", "is_title"], name="search_word_lang_length"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_word_unique_lang")
        ]

    def __str__(self):
        return self.term


class Synonym(models.Model):
    """What people type, and what it means in the catalogue's words: "quads" means
    "quadriceps"; "pec deck" means "butterfly, chest fly". Editors keep the list."""

    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the search it applies to.",
    )
    term = models.CharField(
        max_length=60,
        help_text="A word or two people search for, e.g. “quads” or “pec deck”.",
    )
    means = models.CharField(
        max_length=300,
        help_text="What to search for instead, as the catalogue names it. Separate "
        "alternatives with commas, e.g. “butterfly, chest fly”.",
    )

    class Meta:
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="synonym_unique_lang")
        ]

    def __str__(self):
        return f"{self.term} → {self.means}"

    def clean(self):
        self.term = phrase(self.term, self.language)
        if not self.term:
            raise ValidationError({"term": "Give a word made of letters or digits."})
        if not phrase(self.means.replace(",", " "), self.language):
            raise ValidationError({"means": "Give at least one word to search for."})
        if len(self.term.split()) > 2:
            raise ValidationError({"term": "Use one or two words."})


# History (django-reversion): a version of an exercise holds all its parts, so comparing or
# reverting covers the whole page. The search text is derived, so it is rebuilt, not stored.
EXERCISE_PARTS: dict[str, type[models.Model]] = {
    "muscle_links": ExerciseMuscle,
    "steps": ExerciseStep,
    "tips": ExerciseTip,
    "mistakes": ExerciseMistake,
    "faqs": ExerciseFAQ,
    "images": ExerciseImage,
    "variations": ExerciseVariation,
}


def register_history() -> None:
    """Register the exercise and its parts with reversion. reversion lists a model's fields
    when it is registered, so exercises/translation.py calls this again once the translation
    columns exist (a version then holds every language)."""
    for model in (Exercise, *EXERCISE_PARTS.values()):
        if reversion.is_registered(model):
            reversion.unregister(model)
    reversion.register(
        Exercise,
        follow=list(EXERCISE_PARTS),
        exclude=["search_text", "search_name", "sections_written"],
    )
    for part in EXERCISE_PARTS.values():
        reversion.register(part)


register_history()


class CatalogueVersion(models.Model):
    """One row: a number every catalogue write increases. Cached pages and data carry it in
    their keys, so a write makes them unreachable; the row outlives a flushed cache."""

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "catalogue version"

    def __str__(self):
        return f"Catalogue version {self.version}"


# The import workflow's models live in their own module; importing them here registers them.
from exercises.import_models import ImportRun as ImportRun  # noqa: E402
from exercises.import_models import SourceMapping as SourceMapping  # noqa: E402
