"""Members' plans over the API: owner-scoped querysets, writes through plans.services."""

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Model, Prefetch
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forge.lib.api import LANG_PARAMETER, ContentLanguageMixin
from forge.lib.errors import Conflict
from forge.lib.members import member_tag
from plans import generator, selectors
from plans.api.export import member_export
from plans.api.serializers import (
    DayReorderSerializer,
    GeneratedPlanSerializer,
    GeneratedPlanWithIdSerializer,
    GenerateInputSerializer,
    GoalSerializer,
    PlanCopySerializer,
    PlanDaySerializer,
    PlanItemCreateSerializer,
    PlanItemMoveSerializer,
    PlanItemSerializer,
    PlanSerializer,
    RoutineDetailSerializer,
    RoutineSerializer,
    SavedExerciseSerializer,
    WorkoutSessionSerializer,
)
from plans.filters import RoutineFilterSet, SessionFilterSet
from plans.models import GoalBodyPart, GoalMuscle, Plan, PlanDay, PlanItem, WorkoutSession
from plans.services import plans as plan_services
from plans.services import sessions as session_services

if TYPE_CHECKING:  # a type the stubs define, not rest_framework
    from rest_framework.permissions import _PermissionClass

# Services say "no" with forge.lib.errors.DomainError (or a model's ValidationError from
# full_clean()); forge.lib.api.api_exception_handler turns both into the JSON error shape.
# Custom actions take **kwargs: a format suffix (…/copy.json) arrives as `format`.


def _owned_or_400(selector, *, user, pk, field: str, message: str):
    """An object named in a request body: someone else's is a field error, not a 404."""
    try:
        return selector(user=user, pk=pk)
    except Http404:
        raise ValidationError({field: [message]}) from None


class PrivateMixin:
    permission_classes: "Sequence[_PermissionClass]" = [IsAuthenticated]
    model: type[Model]  # each viewset names its model

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return self.model.objects.none()
        return self.owned_queryset()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema_view(
    list=extend_schema(summary="My plans, with their days and items"),
    retrieve=extend_schema(summary="One of my plans"),
    create=extend_schema(summary="Start a plan (it gets a first day)"),
    partial_update=extend_schema(summary="Rename a plan or change its description"),
    update=extend_schema(summary="Replace a plan's name and description"),
    destroy=extend_schema(summary="Delete a plan with its days and items"),
)
class PlanViewSet(PrivateMixin, viewsets.ModelViewSet):
    serializer_class = PlanSerializer
    model = Plan

    def owned_queryset(self):
        return selectors.plan_owned_queryset(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = plan_services.plan_create(
            owner=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        plan = serializer.instance
        data = serializer.validated_data
        plan_services.plan_update(
            plan=plan,
            name=data.get("name", plan.name),
            description=data.get("description", plan.description),
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_destroy(self, instance):
        plan_services.plan_delete(plan=instance)

    @extend_schema(
        summary="Copy a plan into my plans",
        request=PlanCopySerializer,
        responses={201: PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None, **kwargs):
        plan = self.get_object()
        body = PlanCopySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        copy = plan_services.plan_copy(
            plan=plan, owner=request.user, name=body.validated_data.get("name")
        )
        data = PlanSerializer(
            self.get_queryset().get(pk=copy.pk), context={"request": request}
        ).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary='Generate a plan (anyone); with "save": true, store it in my plans',
        request=GenerateInputSerializer,
        responses={200: GeneratedPlanSerializer, 201: GeneratedPlanWithIdSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="generate",
        permission_classes=[AllowAny],
    )
    def generate(self, request, format=None):
        vocabulary = selectors.generator_vocabulary()
        body = GenerateInputSerializer(data=request.data, context={"vocabulary": vocabulary})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        save = data.pop("save")
        if save and not request.user.is_authenticated:
            raise NotAuthenticated("Log in (or send a token) to save a generated plan.")
        seed = data.pop("seed", None)
        inputs = generator.GeneratorInput(
            **data
            | {
                "equipment": tuple(sorted(set(data["equipment"]))),
                "avoid": tuple(sorted(set(data["avoid"]))),
                "seed": secrets.randbelow(generator.MAX_SEED) if seed is None else seed,
            }
        )
        plan = selectors.plan_generate(inputs=inputs, vocabulary=vocabulary)
        payload = GeneratedPlanSerializer(plan).data
        if not save:
            return Response(payload)
        stored = plan_services.generated_plan_save(owner=request.user, plan=plan)
        payload["plan"] = {
            "id": stored.pk,
            "url": request.build_absolute_uri(reverse("api:plan-detail", args=[stored.pk])),
        }
        return Response(payload, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a day to a plan", request=PlanDaySerializer, responses={201: PlanDaySerializer}
    )
    @action(detail=True, methods=["post"])
    def days(self, request, pk=None, **kwargs):
        plan = self.get_object()
        body = PlanDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        day = plan_services.plan_day_add(plan=plan, name=body.validated_data.get("name", ""))
        return Response(PlanDaySerializer(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Turn the read-only share link on (POST) or off (DELETE)",
        request=None,
        responses={200: PlanSerializer},
    )
    @action(detail=True, methods=["post", "delete"])
    def share(self, request, pk=None, **kwargs):
        plan = self.get_object()
        if request.method == "DELETE":
            plan_services.plan_unshare(plan=plan)
        else:
            plan_services.plan_share(plan=plan)
        return Response(
            PlanSerializer(self.get_queryset().get(pk=plan.pk), context={"request": request}).data
        )


@extend_schema_view(
    retrieve=extend_schema(summary="One day of one of my plans"),
    partial_update=extend_schema(summary="Rename a day"),
    update=extend_schema(summary="Rename a day"),
    destroy=extend_schema(summary="Remove a day and its items (a plan keeps at least one)"),
)
class PlanDayViewSet(
    PrivateMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlanDaySerializer
    model = PlanDay

    def owned_queryset(self):
        return selectors.plan_day_queryset(user=self.request.user).prefetch_related(
            "items__exercise"
        )

    def perform_update(self, serializer):
        plan_services.plan_day_rename(
            day=serializer.instance,
            name=serializer.validated_data.get("name", serializer.instance.name),
        )

    def perform_destroy(self, instance):
        plan_services.plan_day_remove(day=instance)

    @extend_schema(
        summary="Put a day's items in a new order",
        request=DayReorderSerializer,
        responses={200: PlanDaySerializer},
    )
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None, **kwargs):
        day = self.get_object()
        body = DayReorderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan_services.plan_reorder_items(day=day, item_ids=body.validated_data["item_ids"])
        return Response(PlanDaySerializer(self.get_queryset().get(pk=day.pk)).data)


@extend_schema_view(
    create=extend_schema(
        summary="Add an exercise to a plan (its default prescription)",
        request=PlanItemCreateSerializer,
        responses={201: PlanItemSerializer},
    ),
    retrieve=extend_schema(summary="One item of one of my plans"),
    partial_update=extend_schema(summary="Change an item's prescription or notes"),
    update=extend_schema(summary="Replace an item's prescription and notes"),
    destroy=extend_schema(summary="Remove an item from its day"),
)
class PlanItemViewSet(
    PrivateMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlanItemSerializer
    model = PlanItem

    def owned_queryset(self):
        return selectors.plan_item_queryset(user=self.request.user)

    def create(self, request, *args, **kwargs):
        body = PlanItemCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        plan = _owned_or_400(
            selectors.plan_get,
            user=request.user,
            pk=data["plan"],
            field="plan",
            message="You have no plan with this id.",
        )
        day = None
        if data.get("day") is not None:
            day = _owned_or_400(
                selectors.plan_day_get,
                user=request.user,
                pk=data["day"],
                field="day",
                message="This plan has no day with this id.",
            )
            if day.plan_id != plan.pk:
                raise ValidationError({"day": ["This plan has no day with this id."]})
        item = plan_services.plan_save_exercise(
            owner=request.user, exercise=data["exercise"], plan=plan, day=day
        )
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        plan_services.plan_item_update(item=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        plan_services.plan_item_remove(item=instance)

    @extend_schema(
        summary="Move an item up or down, or to another day of its plan",
        request=PlanItemMoveSerializer,
        responses={200: PlanItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None, **kwargs):
        item = self.get_object()
        body = PlanItemMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "day" in body.validated_data:
            day = _owned_or_400(
                selectors.plan_day_get,
                user=request.user,
                pk=body.validated_data["day"],
                field="day",
                message="This plan has no day with this id.",
            )
            if day.plan_id != item.day.plan_id:
                raise ValidationError({"day": ["This plan has no day with this id."]})
            item = plan_services.plan_item_move_to_day(item=item, day=day)
        else:
            item = plan_services.plan_item_move(
                item=item, direction=body.validated_data["direction"]
            )
        return Response(PlanItemSerializer(self.get_queryset().get(pk=item.pk)).data)


@extend_schema_view(list=extend_schema(summary="Exercises I have saved into my plans"))
class SavedExerciseViewSet(PrivateMixin, viewsets.GenericViewSet):
    serializer_class = SavedExerciseSerializer
    model = PlanItem

    def owned_queryset(self):
        return PlanItem.objects.none()  # the list is built by a selector, not a queryset

    def list(self, request, *args, **kwargs):
        saved = selectors.saved_exercise_list(user=request.user)
        page = self.paginate_queryset(saved)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Sent with a session kept on a device: the offline tag of the member it was kept for.
MEMBER_HEADER = "Forge-Member"


@extend_schema_view(
    list=extend_schema(
        summary="My logged sessions, newest first",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Started on or after."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Started on or before."),
        ],
    ),
    retrieve=extend_schema(summary="One of my sessions with its entries"),
    create=extend_schema(
        summary="Log a session (idempotent on the client's id)",
        parameters=[
            OpenApiParameter(
                MEMBER_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=False,
                description="The offline tag of the member the session was kept for on a "
                "device (Forge's pages send it); another member's tag is a 409 and stores "
                "nothing.",
            )
        ],
        responses={
            201: WorkoutSessionSerializer,
            200: WorkoutSessionSerializer,
            409: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="Kept for another member (the Forge-Member header): nothing stored.",
            ),
        },
    ),
    destroy=extend_schema(summary="Delete one of my sessions"),
)
class WorkoutSessionViewSet(
    PrivateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = WorkoutSessionSerializer
    filterset_class = SessionFilterSet
    model = WorkoutSession
    # The client's id, scoped to the member (the primary key stays internal).
    lookup_field = "client_id"
    lookup_url_kwarg = "pk"
    lookup_value_converter = "uuid"

    def owned_queryset(self):
        return selectors.session_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # A session kept in a shared browser is sent with its member's tag: whoever is signed
        # in when it goes out, it is stored for that member or not at all.
        kept_for = request.headers.get(MEMBER_HEADER)
        if kept_for is not None and kept_for != member_tag(request.user):
            raise Conflict(
                "This session was kept on this device for another account; it is sent when "
                "that account is signed in here."
            )
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        session, created = session_services.session_log(
            owner=request.user,
            session_id=data.get("client_id"),
            plan_day=data.get("plan_day"),
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            entries=[session_services.EntryInput(**entry) for entry in data["entries"]],
        )
        stored = selectors.session_get(user=request.user, session_id=session.client_id)
        return Response(
            self.get_serializer(stored).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_destroy(self, instance):
        session_services.session_delete(session=instance)


class MemberExportView(APIView):
    """Everything Forge keeps about me: account, plans and sessions, as one document."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Download all my data (account, plans, sessions)",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        response = Response(member_export(user=request.user, request=request))
        response["Cache-Control"] = "private, no-store"
        return response


# --- Goals and routines: public reads ---------------------------------------------------------


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="The generator's goals"),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One goal with its weighted muscles and body parts"
    ),
)
class GoalViewSet(ContentLanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = GoalSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.goal_list().prefetch_related(
            "categories",
            Prefetch("muscle_links", queryset=GoalMuscle.objects.select_related("muscle")),
            Prefetch("body_part_links", queryset=GoalBodyPart.objects.select_related("body_part")),
        )


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="Public routines, shortest first"),
    retrieve=extend_schema(
        parameters=[LANG_PARAMETER], summary="One routine with its days and items"
    ),
)
class RoutineViewSet(ContentLanguageMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    filterset_class = RoutineFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.routine_detail_queryset()
        return selectors.routine_list()

    def get_serializer_class(self):
        return RoutineDetailSerializer if self.action == "retrieve" else RoutineSerializer
