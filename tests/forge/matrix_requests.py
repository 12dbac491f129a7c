"""The requests of the authorization matrix: URL arguments pointing at the member's objects,
and a valid body for each write, so that the owner succeeds and others fail on access alone."""

from datetime import timedelta
from typing import Any, TypeVar

import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from exercises.models import (
    Area,
    BodyPart,
    Category,
    Equipment,
    Exercise,
    ImportRun,
    Muscle,
    Prop,
    SourceMapping,
    Synonym,
)

M = TypeVar("M", bound=Model)


def _first_log_id() -> int:
    log = AccessLog.objects.filter(username="member@example.org").first()
    assert log is not None, "the world fixture signs the member in, which is logged"
    return log.pk


def _first(model: type[M]) -> M:
    found = model._default_manager.first()
    assert found is not None, f"the test catalogue has no {model.__name__}"
    return found


def url_kwargs(name: str, pattern: str, objects) -> dict:
    """URL arguments pointing at the member's objects (or at catalogue entries)."""
    exercise = objects["exercise"]
    if name.startswith("admin:"):
        model_ids = {
            "exercises_bodypart": _first(BodyPart).pk,
            "exercises_muscle": _first(Muscle).pk,
            "exercises_equipment": _first(Equipment).pk,
            "exercises_category": _first(Category).pk,
            "exercises_exercise": exercise.pk,
            "exercises_synonym": _first(Synonym).pk,
            "exercises_area": _first(Area).pk,
            "exercises_prop": _first(Prop).pk,
            "auth_group": objects["group"],
            "forge_user": objects["member"].pk,
            "auth_user": objects["member"].pk,
            "authtoken_tokenproxy": objects["member"].pk,
            "plans_plan": objects["plan"],
            "plans_planday": objects["day"],
            "plans_workoutsession": objects["session"],
            "plans_goal": objects["goal_pk"],
            "plans_routine": objects["routine_pk"],
        }
        if name == "admin:view_on_site":
            return {
                "content_type_id": ContentType.objects.get_for_model(Exercise).pk,
                "object_id": exercise.pk,
            }
        if name == "admin:app_list":
            return {"app_label": "exercises"}
        if name == "admin:exercises_exercise_revision":
            with reversion.create_revision():
                reversion.add_to_revision(exercise)
            version = Version.objects.get_for_object(exercise).first()
            assert version is not None
            return {"object_id": exercise.pk, "version_id": version.pk}
        if "<path:object_id>" in pattern or "<id>" in pattern:
            key = next((k for k in model_ids if name.startswith(f"admin:{k}_")), None)
            axes_ids = {
                # The import workflow's rows, made when a page asks for one.
                "exercises_importrun": lambda: (
                    ImportRun.objects.create(file="imports/x.json", file_name="x.json").pk
                ),
                "exercises_sourcemapping": lambda: (
                    SourceMapping.objects.get_or_create(
                        kind="equipment", value="hoop", slug="other"
                    )[0].pk
                ),
                "django_tasks_database_dbtaskresult": lambda: (
                    DBTaskResult.objects.create(
                        args_kwargs={"args": [0], "kwargs": {}},
                        task_path="exercises.imports.import_run_task",
                        backend_name="default",
                        run_after=timezone.now(),
                        exception_class_path="",
                        traceback="",
                    ).pk
                ),
                "axes_accessattempt": lambda: (
                    AccessAttempt.objects.get_or_create(
                        username="member@example.org",
                        ip_address="192.0.2.1",
                        defaults={"failures_since_start": 1},
                    )[0].pk
                ),
                "axes_accesslog": _first_log_id,
                "axes_accessfailurelog": lambda: (
                    AccessFailureLog.objects.create(
                        username="member@example.org", ip_address="192.0.2.1"
                    ).pk
                ),
            }
            axes_key = next((k for k in axes_ids if name.startswith(f"admin:{k}_")), None)
            if axes_key:
                value = axes_ids[axes_key]()
            else:
                assert key is not None, f"{name}: no object for this admin page"
                value = model_ids[key]
            return {"id" if "<id>" in pattern else "object_id": value}
        return {}
    if "<uuid:pk>" in pattern or name == "api:session-detail":
        return {"pk": objects["session_id"]}
    if "<int:pk>" in pattern or "(?P<pk>" in pattern:
        kind = (
            "item"
            if "items" in pattern
            else "day"
            if "days/<int:pk>" in pattern or "plan-days" in pattern
            else "plan"
        )
        if name in ("plans:day-add",):
            kind = "plan"
        return {"pk": objects[kind]}
    if "slug" in pattern:
        slugs = {
            "exercises:exercise-detail": exercise.slug,
            "plans:save-exercise": exercise.slug,
            "plans:exercise-play": exercise.slug,
            "plans:exercise-history": exercise.slug,
            "api:exercise-detail": exercise.slug,
            "exercises:equipment": exercise.equipment.slug,
            "exercises:muscle": _first(Muscle).slug,
            "exercises:category": exercise.category.slug,
            "exercises:level": "beginner",
            "exercises:body-part": exercise.body_part.slug,
            "api:body-part-detail": exercise.body_part.slug,
            "api:equipment-detail": exercise.equipment.slug,
            "api:muscle-detail": _first(Muscle).slug,
            "api:category-detail": exercise.category.slug,
            "api:area-detail": "knees",
            "api:goal-detail": objects["goal"],
        }
        if "routine" in name:
            return {"slug": objects["routine"]}
        return {"slug": slugs[name]}
    if "<str:code>" in pattern:
        return {"code": "de"}
    if "<str:token>" in pattern:
        return {"token": objects["token"]}
    if "<uidb64>" in pattern:
        return {"uidb64": "MQ", "token": "not-a-token"}
    return {}


def body_for(name: str, method: str, objects) -> dict | None:
    """A valid body, so that the owner's request succeeds and others' fail on access alone."""
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("api:plan-list", "POST"): {"name": "New plan"},
        ("api:plan-detail", "PUT"): {"name": "Renamed", "description": ""},
        ("api:plan-detail", "PATCH"): {"name": "Renamed"},
        ("api:plan-copy", "POST"): {},
        ("api:plan-days", "POST"): {"name": "Evening"},
        ("api:plan-day-detail", "PUT"): {"name": "Renamed"},
        ("api:plan-day-detail", "PATCH"): {"name": "Renamed"},
        ("api:plan-day-reorder", "POST"): {"item_ids": [objects["second"], objects["item"]]},
        ("api:plan-item-list", "POST"): {
            "exercise": objects["exercise"].slug,
            "plan": objects["plan"],
        },
        ("api:plan-item-detail", "PUT"): {
            "sets": 2,
            "reps": 5,
            "hold_seconds": None,
            "per_side": False,
            "rest_seconds": 20,
            "notes": "",
        },
        ("api:plan-item-detail", "PATCH"): {"sets": 2},
        ("api:plan-item-move", "POST"): {"direction": "down"},
        ("plans:plan-share", "POST"): {"share": "on"},
        ("api:session-list", "POST"): {
            "id": "0b9f7c3e-9a7e-4c59-9d51-7f2b8f0c1a11",
            "plan_day": None,
            "started_at": (timezone.now() - timedelta(minutes=20)).isoformat(),
            "ended_at": (timezone.now() - timedelta(minutes=10)).isoformat(),
            "entries": [{"exercise": objects["exercise"].slug, "side": "both", "hold_seconds": 30}],
        },
        ("plans:day-add", "POST"): {"name": "Evening"},
        ("plans:item-move", "POST"): {"direction": "down"},
    }
    return bodies.get((name, method))
