from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from exercises import selectors
from exercises.api.filters import ExerciseFilterSet
from exercises.api.serializers import (
    AreaSerializer,
    ExerciseDetailSerializer,
    ExerciseListSerializer,
    TaxonomySerializer,
    exercise_list_data,
)
from exercises.models import BodyPart, Category, Equipment, Muscle, Taxonomy
from forge.lib.api import LANG_PARAMETER, LimitOffsetPagination
from forge.lib.apicache import CachedReadMixin

if TYPE_CHECKING:
    # The type APIView.permission_classes has in the stubs (it exists only there).
    from rest_framework.permissions import _PermissionClass

CATALOGUE_MAX_AGE = 300  # seconds a client or shared cache may reuse a catalogue read
# Slugs in API URLs match what the site's <slug:…> URLs accept; anything else is the API's 404
# before any query runs (a NUL byte in a lookup is a 500 on PostgreSQL otherwise).
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class CatalogueCacheMixin(CachedReadMixin):
    """Public, cacheable reads in the content language asked for (`lang`, Accept-Language),
    cached under the catalogue version (forge.lib.apicache). ETag and 304 come from the
    cache; Last-Modified is set here from the newest exercise in the response, so
    If-Modified-Since works too."""

    permission_classes: Sequence[_PermissionClass] = [AllowAny]
    cache_version = staticmethod(selectors.catalogue_version)
    cache_max_age = CATALOGUE_MAX_AGE

    def list(self, request, *args, **kwargs):
        return self.cached_read(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(request, super().retrieve, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CATALOGUE_MAX_AGE)
            last_modified = getattr(self, "last_modified", None)
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified.timestamp())
        return response


class CataloguePagination(LimitOffsetPagination):
    """Counts a filter's matches once per catalogue version (see selectors.exercise_count)."""

    def get_count(self, queryset):
        params = self.request.query_params
        key = "api?" + "&".join(
            f"{name}={value}"
            for name, values in sorted(params.lists())
            if name not in (self.limit_query_param, self.offset_query_param)
            for value in values
        )
        return selectors.exercise_count(key, queryset)


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="List and search published exercises"),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One exercise, with every section of its page"
    ),
)
class ExerciseViewSet(CatalogueCacheMixin, viewsets.ReadOnlyModelViewSet):
    """Published exercises. Filters take the same slugs as the site's listing URLs; comma
    lists (`body_part=legs,back`) and repeated parameters are both accepted."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = ExerciseFilterSet
    pagination_class = CataloguePagination

    def get_queryset(self):
        return selectors.exercise_list()

    def get_serializer_class(self):
        return ExerciseDetailSerializer if self.action == "retrieve" else ExerciseListSerializer

    def get_object(self):
        exercise = selectors.exercise_detail(slug=self.kwargs["slug"])
        self.last_modified = exercise.updated_at
        return exercise

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page:
            self.last_modified = max(exercise.updated_at for exercise in page)
        return page

    def list(self, request, *args, **kwargs):
        return self.cached_read(request, self._list_rows, *args, **kwargs)

    def _list_rows(self, request, *args, **kwargs):
        """The list as ListModelMixin builds it, but the page reads only ids and each
        exercise's JSON comes from the fragments cache under the catalogue version (the
        serializer runs only for exercises not cached yet; same output, see
        exercise_list_data)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", "updated_at")
        )
        if page is None:  # pragma: no cover - the pagination always has a default limit
            return super().list(request, *args, **kwargs)
        if page:
            self.last_modified = max(updated for _pk, updated in page)
        data = exercise_list_data(
            [pk for pk, _updated in page],
            self.get_serializer_context(),
            version=selectors.catalogue_version(),
            queryset=selectors.exercise_list,
        )
        return self.get_paginated_response(data)


class TaxonomyViewSet(CatalogueCacheMixin, viewsets.ReadOnlyModelViewSet):
    """A whole vocabulary at once (it is short), each item with its published-exercise count."""

    serializer_class = TaxonomySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    pagination_class = None
    model: type[Taxonomy] | None = None

    def get_queryset(self):
        return selectors.taxonomy_with_counts(self.model)


@extend_schema_view(
    list=extend_schema(
        parameters=[LANG_PARAMETER], summary="Every body part, with exercise counts"
    ),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One body part, with its exercise count"
    ),
)
class BodyPartViewSet(TaxonomyViewSet):
    model = BodyPart


@extend_schema_view(
    list=extend_schema(
        parameters=[LANG_PARAMETER], summary="Every piece of equipment, with exercise counts"
    ),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One piece of equipment, with its exercise count"
    ),
)
class EquipmentViewSet(TaxonomyViewSet):
    model = Equipment


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="Every muscle, with exercise counts"),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One muscle, with its exercise count"
    ),
)
class MuscleViewSet(TaxonomyViewSet):
    model = Muscle


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="Every category, with exercise counts"),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One category, with its exercise count"
    ),
)
class CategoryViewSet(TaxonomyViewSet):
    model = Category


@extend_schema_view(
    list=extend_schema(
        parameters=[LANG_PARAMETER],
        summary="Every area one can ask the generator to avoid",
        description="Joints, regions and body parts, each with the muscles and body parts it "
        "covers. Any of these slugs may go in the generator's `avoid` list.",
    ),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], summary="One area, with what it covers"),
)
class AreaViewSet(CatalogueCacheMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    pagination_class = None

    def get_queryset(self):
        return selectors.area_list()
