"""Read-only catalogue serializers. Everything they read is prefetched by the selectors."""

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exercises.models import (
    Area,
    BodyPart,
    Exercise,
    ExerciseImage,
    ExerciseMistake,
    ExerciseStep,
    ExerciseTip,
    Muscle,
    Prop,
    slug_url,
)
from exercises.translation import (
    content_language,
    exercise_fallbacks,
    field_fallbacks,
    vocabulary_fallbacks,
)
from forge.lib.pagecache import catalogue_key

FALLBACK_HELP = (
    "Fields shown in another language than `language` because they are not translated yet: "
    'field → the language they are in, e.g. {"steps": "en", "body_part": "en"}. Empty when '
    "everything is in `language`."
)
FallbackField = serializers.DictField(child=serializers.CharField(), help_text=FALLBACK_HELP)
LanguageField = serializers.CharField(help_text="The language of the content (`lang`).")


class ContentLanguageFields(serializers.Serializer):
    """Adds `language` and `fallback` (see FALLBACK_HELP) for the translated fields named in
    `translated` (response key → model field)."""

    translated: dict[str, str] = {"name": "name", "description": "description"}
    language = serializers.SerializerMethodField()
    fallback = serializers.SerializerMethodField()

    @extend_schema_field(LanguageField)
    def get_language(self, obj) -> str:
        return content_language()

    @extend_schema_field(FallbackField)
    def get_fallback(self, obj) -> dict[str, str]:
        return field_fallbacks(obj, self.translated, content_language())


def list_fallbacks(obj: Exercise, language: str) -> dict[str, str]:
    """What a list entry shows in English for want of a translation (no query)."""
    if language == "en":
        return {}
    shown = {"name", "summary"}
    missing = {
        name: "en" for name in exercise_fallbacks(obj, language, parts=False) if name in shown
    }
    terms = {"body_part": obj.body_part, "equipment": obj.equipment, "category": obj.category}
    missing |= dict.fromkeys(vocabulary_fallbacks(terms, language), "en")
    muscles = {str(i): m for i, m in enumerate(obj.target_muscles)}
    if vocabulary_fallbacks(muscles, language):
        missing["target_muscles"] = "en"
    return missing


FRAGMENT_TIMEOUT = 60 * 60  # an entry outlives its version only until then


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class TaxonomySerializer(ContentLanguageFields, serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    exercise_count = serializers.IntegerField(help_text="Published exercises.")
    url = serializers.SerializerMethodField(help_text="The HTML listing page.")

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class PrescriptionSerializer(serializers.Serializer):
    hold_seconds = serializers.IntegerField(allow_null=True)
    hold_seconds_min = serializers.IntegerField(allow_null=True)
    hold_seconds_max = serializers.IntegerField(allow_null=True)
    per_side = serializers.BooleanField()
    reps_per_side = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(
        source="prescription_text", help_text="e.g. “Hold 30 s, each side”"
    )


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    webp = serializers.URLField()
    jpeg = serializers.URLField(help_text="The fallback for clients without WebP.")


class RenditionsSerializer(serializers.Serializer):
    thumb = RenditionSerializer(help_text="About 320 px wide, for lists.")
    card = RenditionSerializer(help_text="About 480 px wide.")
    full = RenditionSerializer(help_text="Up to 640 px wide.")


def image_data(image: ExerciseImage, origin: str) -> dict:
    """A picture as the API shows it; `origin` is the site's scheme and host. Only the
    renditions made so far are listed (all three, or none for a picture not yet processed)."""
    return {
        "url": origin + image.image.url,
        "alt_text": image.alt_text,
        "is_main": image.is_main,
        "role": image.role,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": {
            label: {
                "width": source.width,
                "height": source.height,
                "webp": origin + source.webp,
                "jpeg": origin + source.jpeg,
            }
            for label, source in image.sources.items()
            if source.webp
        },
    }


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The picture as uploaded.")
    alt_text = serializers.CharField()
    is_main = serializers.BooleanField()
    role = serializers.ChoiceField(choices=ExerciseImage.Role.choices)
    credit = serializers.CharField(help_text="Who made it and under which licence.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    renditions = RenditionsSerializer(
        help_text="WebP and JPEG files in three widths; empty while they are being made."
    )

    def to_representation(self, instance):
        return image_data(instance, _origin(self.context))


def _origin(context: dict) -> str:
    origin = context.get("_origin")
    if origin is None:
        origin = context["_origin"] = context["request"].build_absolute_uri("/")[:-1]
    return origin


class ExerciseListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:exercise-detail", lookup_field="slug")
    page_url = serializers.SerializerMethodField(help_text="The exercise's page on the site.")
    body_part = TermSerializer()
    equipment = TermSerializer()
    category = TermSerializer()
    target_muscles = TermSerializer(many=True)
    prescription = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    fallback = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = [
            "slug",
            "name",
            "url",
            "page_url",
            "summary",
            "body_part",
            "equipment",
            "category",
            "difficulty",
            "target_muscles",
            "prescription",
            "thumbnail",
            "updated_at",
            "language",
            "fallback",
        ]

    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def to_representation(self, obj):
        """The fields above, written out: DRF's field machinery was a third of the list's
        time. tests/exercises/test_api.py checks both give the same output."""
        origin = _origin(self.context)
        image = obj.main_image
        updated = obj.updated_at.astimezone(timezone.get_current_timezone()).isoformat()
        return {
            "slug": obj.slug,
            "name": obj.name,
            "url": origin + slug_url("api:exercise-detail", obj.slug),
            "page_url": origin + obj.get_absolute_url(),
            "summary": obj.summary,
            "body_part": {"slug": obj.body_part.slug, "name": obj.body_part.name},
            "equipment": {"slug": obj.equipment.slug, "name": obj.equipment.name},
            "category": {"slug": obj.category.slug, "name": obj.category.name},
            "difficulty": obj.difficulty,
            "target_muscles": [{"slug": m.slug, "name": m.name} for m in obj.target_muscles],
            "prescription": self.get_prescription(obj),
            "thumbnail": None if image is None else image_data(image, origin),
            "updated_at": updated.removesuffix("+00:00") + "Z"
            if updated.endswith("+00:00")
            else updated,
            "language": self.get_language(obj),
            "fallback": self.get_fallback(obj),
        }

    @extend_schema_field(LanguageField)
    def get_language(self, obj) -> str:
        return content_language()

    @extend_schema_field(FallbackField)
    def get_fallback(self, obj) -> dict[str, str]:
        return list_fallbacks(obj, content_language())

    @extend_schema_field(PrescriptionSerializer(allow_null=True))
    def get_prescription(self, obj):
        if not (obj.is_timed or obj.per_side or obj.reps_per_side):
            return None
        # Written out like to_representation (PrescriptionSerializer documents the shape).
        return {
            "hold_seconds": obj.hold_seconds,
            "hold_seconds_min": obj.hold_seconds_min,
            "hold_seconds_max": obj.hold_seconds_max,
            "per_side": obj.per_side,
            "reps_per_side": obj.reps_per_side,
            "text": obj.prescription_text,
        }

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_thumbnail(self, obj):
        image = obj.main_image
        return ImageSerializer(image, context=self.context).data if image else None


def exercise_list_data(ids: list, context: dict, *, version, queryset) -> list[dict]:
    """ExerciseListSerializer's output for the exercises `ids`, in that order: each one from
    the fragments cache (this process's memory) under the catalogue version, the site's
    origin and time zone; only those not cached yet are read (`queryset()`, the list's own
    prefetches) and serialized."""
    store = caches["fragments"]
    origin = _origin(context)
    zone = timezone.get_current_timezone_name()
    keys = {pk: catalogue_key("api-exercise", version, origin, zone, pk) for pk in ids}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        serializer = ExerciseListSerializer(context=context)
        fresh = {
            keys[exercise.pk]: serializer.to_representation(exercise)
            for exercise in queryset().filter(pk__in=missing)
        }
        store.set_many(fresh, timeout=FRAGMENT_TIMEOUT)
        found.update(fresh)
    return [found[keys[pk]] for pk in ids]


class FAQSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class VariationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    slug = serializers.SlugField(source="variation.slug")
    name = serializers.CharField(source="variation.name")
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:exercise-detail", args=[obj.variation.slug])
        )


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(source="source")
    id = serializers.CharField(source="source_id")
    url = serializers.CharField(source="source_url")
    licence = serializers.CharField()


class ExerciseDetailSerializer(ExerciseListSerializer):
    # Every field through DRF: one object per request, not worth writing out.
    to_representation = serializers.ModelSerializer.to_representation

    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    secondary_muscles = TermSerializer(many=True)
    steps: serializers.SlugRelatedField[ExerciseStep] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="text"
    )
    tips: serializers.SlugRelatedField[ExerciseTip] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="text"
    )
    mistakes: serializers.SlugRelatedField[ExerciseMistake] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="text"
    )
    faq = FAQSerializer(source="faqs", many=True)
    images = ImageSerializer(many=True)
    variations = VariationSerializer(many=True)
    # The stubs see Field.source (a str attribute) overridden; DRF's metaclass moves declared
    # fields out of the class namespace, so at runtime nothing is shadowed.
    source = SourceSerializer(source="*")  # type: ignore[assignment]
    loads: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="slug",
        help_text="Slugs of the areas it stresses beyond its muscles (see /api/v1/areas/).",
    )
    props: serializers.SlugRelatedField[Prop] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Prop slugs."
    )
    reviewed = serializers.BooleanField(help_text="An editor has checked this page.")

    @extend_schema_field(FallbackField)
    def get_fallback(self, obj) -> dict[str, str]:
        language = content_language()
        if language == "en":
            return {}
        missing = list_fallbacks(obj, language)
        missing |= dict.fromkeys(exercise_fallbacks(obj, language), "en")
        muscles = {str(i): m for i, m in enumerate(obj.secondary_muscles)}
        if vocabulary_fallbacks(muscles, language):
            missing["secondary_muscles"] = "en"
        return missing

    class Meta(ExerciseListSerializer.Meta):
        fields = [
            *ExerciseListSerializer.Meta.fields,
            "aliases",
            "force",
            "mechanic",
            "secondary_muscles",
            "steps",
            "tips",
            "mistakes",
            "faq",
            "images",
            "variations",
            "start_position",
            "loads",
            "needs_partner",
            "props",
            "precautions",
            "breathing",
            "reviewed",
            "source",
            "created_at",
        ]


class AreaSerializer(ContentLanguageFields, serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=Area.Kind.choices, help_text="joint, region or body-part."
    )
    muscles: serializers.SlugRelatedField[Muscle] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Muscle slugs it covers."
    )
    body_parts: serializers.SlugRelatedField[BodyPart] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Body-part slugs it covers."
    )

    class Meta:
        model = Area
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "muscles",
            "body_parts",
            "language",
            "fallback",
        ]
