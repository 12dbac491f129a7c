"""The one FilterSet for exercises, used by the HTML listings and by the API alike."""

import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.forms.utils import flatatt
from django.utils.choices import CallableChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from exercises import selectors
from exercises.models import (
    BodyPart,
    Category,
    Difficulty,
    Equipment,
    ExerciseMuscle,
    Muscle,
    StartPosition,
)
from exercises.search import CANDIDATES, RANK_ORDER, search
from exercises.translation import content_language

MAX_VALUES = 20  # a comma list longer than this is refused, not silently cut
SEARCH_MAX_LENGTH = 200


class _LazyChoices:
    """Loads a vocabulary once per request, shared by a field, its copies and its widget."""

    def __init__(self, source):
        self.source = source
        self.value = None

    def __call__(self) -> list[tuple[str, str]]:
        if self.value is None:
            self.value = list(self.source())
        return self.value

    def __deepcopy__(self, memo):
        return self  # forms deep-copy their fields; the loaded list is the same for all


class SlugListSelect(forms.Select):
    """A select that also reads a repeated parameter (`?level=a&level=b`) as a comma list."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ",".join(str(value) for value in values if value) or None

    def render(self, name, value, attrs=None, renderer=None):
        # The same markup as Django's template-rendered select, built directly: the template
        # engine spent a quarter of a listing's time on these few dozen options.
        selected = next(iter(self.format_value(value)), None)
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) == selected else ""}>'
            f"{escape(label)}</option>"
            for option, label in self.choices
        )
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{options}</select>')


class SlugListField(forms.Field):
    """One or more slugs from a vocabulary: `legs`, `legs,back`, or the parameter repeated."""

    widget = SlugListSelect

    def __init__(self, *, choices_source, **kwargs):
        self.lazy_choices = _LazyChoices(choices_source)
        super().__init__(**kwargs)
        lazy = self.lazy_choices
        self.widget.choices = CallableChoiceIterator(lambda: [("", "Any"), *lazy()])

    @property
    def choices(self) -> list[tuple[str, str]]:
        return self.lazy_choices()

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        slugs = []
        for item in values:
            slugs += [part.strip().lower() for part in str(item).split(",") if part.strip()]
        return list(dict.fromkeys(slugs))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES:
            raise ValidationError(
                gettext_lazy("Choose at most %(count)s values."),
                params={"count": MAX_VALUES},
                code="too_many",
            )
        known = {slug for slug, _ in self.choices}
        unknown = [slug for slug in value if slug not in known]
        if unknown:
            raise ValidationError(
                gettext_lazy("No such filter value: %(values)s."),
                params={"values": ", ".join(f"“{slug[:40]}”" for slug in unknown[:3])},
                code="unknown",
            )


class SlugListFilter(filters.Filter):
    field_class = SlugListField

    def __init__(self, *args, choices_source, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, choices_source=choices_source, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def _vocabulary(model):
    # Read through the catalogue cache: no query loads a vocabulary on a listing request.
    return lambda: [(item.slug, item.name) for item in selectors.vocabulary(model)]


def _equipment_choices():
    # "No equipment" is what visitors look for; in the catalogue it is the body-weight item.
    return [
        (slug, "No equipment (body weight)" if slug == "body-weight" else name)
        for slug, name in _vocabulary(Equipment)()
    ]


class FlagField(forms.BooleanField):
    """A checkbox on the page and `true`/`false` (also 1/0, yes/no) in the API."""

    widget = forms.CheckboxInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.BOOL)
class FlagFilter(filters.Filter):
    field_class = FlagField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


class SearchField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return value[:SEARCH_MAX_LENGTH]


class SearchFilter(filters.CharFilter):
    """The words to search for. The FilterSet applies them after every other filter (see
    ExerciseFilterSet.filter_queryset), so typo tolerance judges what the filters leave."""

    field_class = SearchField

    def filter(self, qs, value):
        return qs


DIFFICULTY_RANK = Case(
    *(When(difficulty=value, then=Value(rank)) for rank, value in enumerate(Difficulty.values)),
    output_field=IntegerField(),
)

# Each ends with the primary key: exercises whose other keys tie (the same name) keep one
# order, so none shows on two pages and none on neither.
ORDERINGS = {
    "name": (gettext_lazy("Name (A–Z)"), ["name", "pk"]),
    "-name": (gettext_lazy("Name (Z–A)"), ["-name", "pk"]),
    "difficulty": (gettext_lazy("Easiest first"), ["difficulty_rank", "name", "pk"]),
    "-difficulty": (gettext_lazy("Hardest first"), ["-difficulty_rank", "name", "pk"]),
    "newest": (gettext_lazy("Newest first"), ["-created_at", "name", "pk"]),
}


def _sorted_by_shown_name(queryset):
    """The queryset and a function that makes an ordering sort by the name as shown: in
    English the name itself; in another language its name there, or the English one where
    it has none (so translated and untranslated names sort together, on every database).
    The function also ends every ordering with the primary key, the one unique tie-break."""
    language = content_language()
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        shown = None
    else:
        shown = Coalesce(NullIf(f"name_{language}", Value("")), "name_en", output_field=CharField())
        queryset = queryset.annotate(shown_name=shown)

    def by_name(fields):
        if shown is not None:
            fields = [
                field.replace("name", "shown_name") if field.lstrip("-") == "name" else field
                for field in fields
            ]
        return fields if fields and fields[-1] == "pk" else [*fields, "pk"]

    return queryset, by_name


class _FreshFields(dict):
    """A form's fields made for that one form: its instance uses them as they are."""

    def __deepcopy__(self, memo):
        return dict(self)


class _FilterCopies(dict):
    """A FilterSet's declared filters, copied for each instance: each filter shallowly (the
    settings it was declared with are not changed by filtering), without a field made before
    (each instance makes its own) and with its method bound to the copy."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            filter_ = copy.copy(declared)
            filter_.__dict__.pop("_field", None)
            if declared.method is not None:
                filter_.method = declared.method  # a FilterMethod of the copy, not the original
            copies[name] = filter_
        return copies


class ExerciseFilterSet(filters.FilterSet):
    search = SearchFilter(
        label=gettext_lazy("Search"),
        help_text=f"Words to search for: the {CANDIDATES} best matches, best first.",
    )
    q = SearchFilter(label=gettext_lazy("Search (another name for search)"))
    body_part = SlugListFilter(
        field_name="body_part__slug",
        label=gettext_lazy("Body part"),
        choices_source=_vocabulary(BodyPart),
    )
    equipment = SlugListFilter(
        field_name="equipment__slug",
        label=gettext_lazy("Equipment"),
        choices_source=_equipment_choices,
    )
    muscle = SlugListFilter(
        field_name="muscles__slug",
        label=gettext_lazy("Muscle"),
        choices_source=_vocabulary(Muscle),
        method="filter_muscle",
    )
    muscle_role = filters.ChoiceFilter(
        label=gettext_lazy("Muscle worked as"),
        choices=[
            ("any", gettext_lazy("Target or secondary")),
            ("target", gettext_lazy("Target only")),
        ],
        empty_label=None,
        method="filter_noop",
    )
    category = SlugListFilter(
        field_name="category__slug",
        label=gettext_lazy("Category"),
        choices_source=_vocabulary(Category),
    )
    level = SlugListFilter(
        field_name="difficulty",
        label=gettext_lazy("Difficulty"),
        choices_source=lambda: Difficulty.choices,
    )
    position = SlugListFilter(
        field_name="start_position",
        label=gettext_lazy("Starting position"),
        choices_source=lambda: StartPosition.choices,
    )
    no_partner = FlagFilter(label=gettext_lazy("Without a partner"), method="filter_no_partner")
    ordering = filters.ChoiceFilter(
        label=gettext_lazy("Sort by"),
        choices=[(key, label) for key, (label, _) in ORDERINGS.items()],
        empty_label=gettext_lazy("Best match"),
        method="filter_noop",
    )

    class Meta:
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by the search filter when a search ran: its words and any "did you mean".
        self.search_result = None

    def get_form_class(self):
        """django-filter's form class, built for this FilterSet from its own filters' new
        fields: the deep copy of them every form makes is not needed (a fifth of an API
        list's CPU went to copying filters and fields)."""
        form_class = super().get_form_class()
        form_class.base_fields = _FreshFields(form_class.base_fields)
        return form_class

    def filter_noop(self, queryset, name, value):
        return queryset  # applied in filter_queryset, where it sees the other values

    def filter_no_partner(self, queryset, name, value):
        return queryset.filter(needs_partner=False) if value else queryset

    def filter_muscle(self, queryset, name, value):
        if not value:
            return queryset
        links = ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), muscle__slug__in=value)
        if self.form.cleaned_data.get("muscle_role") == "target":
            links = links.filter(role=ExerciseMuscle.Role.TARGET)
        # The best role this exercise plays for the chosen muscles: target (1) sorts first.
        role = Subquery(links.order_by("role").values("role")[:1])
        return queryset.annotate(muscle_role_rank=role).filter(muscle_role_rank__isnull=False)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        text = data.get("search") or data.get("q") or ""
        if text.strip():
            self.search_result = search(queryset, text)
            queryset = self.search_result.queryset
        ordering = data.get("ordering")
        if ordering and any("difficulty_rank" in f for f in ORDERINGS[ordering][1]):
            # Only an ordering by difficulty reads it (resolving the CASE cost every list).
            queryset = queryset.annotate(difficulty_rank=DIFFICULTY_RANK)
        queryset, by_name = _sorted_by_shown_name(queryset)
        if ordering:
            return queryset.order_by(*by_name(ORDERINGS[ordering][1]))
        order = []
        if data.get("muscle"):
            order.append("muscle_role_rank")
        if self.search_result is not None and self.search_result.words:
            return queryset.order_by(*order, *by_name(RANK_ORDER))
        # Best match when browsing: complete pages ahead of thin ones.
        return queryset.order_by(*order, *by_name(["-sections_written", "name"]))

    @property
    def active_filters(self) -> dict[str, list[str]]:
        """Filter name -> chosen values, for "remove this filter" links on the page."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: value if isinstance(value, list) else [value]
            for name, value in self.form.cleaned_data.items()
            if value and name not in {"ordering", "muscle_role", "q"}
        }


ExerciseFilterSet.base_filters = _FilterCopies(ExerciseFilterSet.base_filters)
