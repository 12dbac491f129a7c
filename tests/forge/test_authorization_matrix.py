"""The authorization matrix: every route × role × method, generated from the URLconf and the
OpenAPI schema, against the statuses declared in EXPECTED below.

- A route (URL name) with no entry in EXPECTED fails `test_every_route_has_an_expectation`:
  when you add a route, add its line. Statuses are written per role (visitor, member, other
  member, editor, superuser) and method; `_` fills roles alike.
- The URLs point at the *member's* objects. Each member's private plan carries a marker
  text; no response to anyone else may contain it (only superusers, in the admin, see them).
- For an API route, the methods the member gets something other than 405 for must be the
  methods the OpenAPI schema documents for its path.
- Each request runs in a savepoint that is rolled back, so every one sees the same data.

To see what the site answers now (e.g. for a new route), run
`MATRIX_DISCOVER=1 pytest tests/forge/test_authorization_matrix.py -k <name> -s`.
"""

import json
import os
import re
from datetime import timedelta

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from reversion.models import Version

from exercises.models import BodyPart, Category, Equipment, Exercise, Muscle, Status, Synonym
from plans.models import Goal, Routine
from plans.services import plans as services
from plans.services import sessions as session_services
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory, UserFactory

ROLES = ("visitor", "member", "other", "editor", "superuser")
HTML_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MEMBER_MARK = "MEMBER-PRIVATE-7f3a"
OTHER_MARK = "OTHER-PRIVATE-91c2"


def _routes() -> dict[str, str]:
    """Every named route (namespace:name) with one of its patterns, from the URLconf."""
    found: dict[str, str] = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(name, prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "", None)
    return found


ROUTES = _routes()

# --- Expectations ---------------------------------------------------------------------------
# One entry per URL name: {method: {role: status}}; "_" is every role not named.

LOGIN = 302  # a visitor is sent to the login page


def same(**by_method):
    """Every role gets the same status: same(GET=200, POST=405)."""
    return {method: {"_": status} for method, status in by_method.items()}


def members_only(**by_method):
    """A page of one's own account: visitors go to log in, every signed-in role gets `status`."""
    return {method: {"visitor": LOGIN, "_": status} for method, status in by_method.items()}


def owner_only(**by_method):
    """The member's own object: the owner gets `status`; anyone else signed in gets 404,
    exactly as for a missing object; a visitor is sent to log in. A method the route does
    not take is a 405 for every signed-in role (it is refused before any lookup)."""
    return {
        method: {"visitor": LOGIN, "_": 405}
        if status == 405
        else {"visitor": LOGIN, "member": status, "_": 404}
        for method, status in by_method.items()
    }


def api_owner_only(**by_method):
    """The member's own object over the API: 401 without credentials, 404 for others."""
    return {
        method: {"visitor": 401, "_": 405}
        if status == 405
        else {"visitor": 401, "member": status, "_": 404}
        for method, status in by_method.items()
    }


def api_members(**by_method):
    """A member-scoped API collection: 401 without credentials, the same for every member."""
    return {method: {"visitor": 401, "_": status} for method, status in by_method.items()}


PUBLIC_PAGE = same(GET=200, POST=200)  # catalogue pages take any method and ignore a body
API_READ_ONLY = same(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405)
API_PRIVATE_DETAIL = api_owner_only(GET=200, POST=405, PUT=200, PATCH=200, DELETE=204)


def admin(*, editor=(403, 403), superuser=(200, 200)):
    """An admin page, (GET, POST) for editors and superusers: visitors and members are sent
    to the admin login whatever the method."""
    return {
        method: {"visitor": 302, "member": 302, "other": 302, "editor": e, "superuser": su}
        for method, e, su in zip(HTML_METHODS, editor, superuser, strict=True)
    }


EXPECTED: dict[str, dict] = {
    # Public site
    "home": PUBLIC_PAGE,
    "robots-txt": same(GET=200, POST=405),
    "sitemap": PUBLIC_PAGE,
    "exercises:exercise-detail": PUBLIC_PAGE,
    "exercises:exercise-list": PUBLIC_PAGE,
    "exercises:equipment-index": PUBLIC_PAGE,
    "exercises:equipment": PUBLIC_PAGE,
    "exercises:muscle-index": PUBLIC_PAGE,
    "exercises:muscle": PUBLIC_PAGE,
    "exercises:category-index": PUBLIC_PAGE,
    "exercises:category": PUBLIC_PAGE,
    "exercises:level-index": PUBLIC_PAGE,
    "exercises:level": PUBLIC_PAGE,
    "exercises:body-part": PUBLIC_PAGE,
    # Accounts
    "signup": {"GET": {"visitor": 200, "_": 302}, "POST": {"visitor": 200, "_": 302}},
    "signup-sent": PUBLIC_PAGE,
    "signup-confirm": same(GET=400, POST=400),  # the URL's token is not a valid one
    "login": {"GET": {"visitor": 200, "_": 302}, "POST": {"visitor": 200, "_": 302}},
    "logout": same(GET=405, POST=302),
    "profile": members_only(GET=200, POST=200),  # an empty POST: the form again
    "account-delete": members_only(GET=200, POST=200),  # POST without the password: the form
    "api-token-create": members_only(GET=405, POST=200),
    "api-token-revoke": members_only(GET=405, POST=200),  # asks to confirm first
    "password_change": members_only(GET=200, POST=200),
    "password_change_done": members_only(GET=200, POST=405),
    "password_reset": same(GET=200, POST=200),
    "password_reset_done": same(GET=200, POST=405),
    "password_reset_confirm": same(GET=200, POST=200),
    "password_reset_complete": same(GET=200, POST=405),
    # Members' plans (HTML)
    "plans:plan-list": members_only(GET=200, POST=200),
    "plans:plan-detail": owner_only(GET=200, POST=200),
    "plans:plan-edit": owner_only(GET=200, POST=200),
    "plans:plan-delete": owner_only(GET=200, POST=302),
    "plans:plan-copy": owner_only(GET=405, POST=302),
    "plans:plan-share": owner_only(GET=405, POST=302),
    "plans:plan-print": owner_only(GET=200, POST=200),
    "plans:day-add": owner_only(GET=405, POST=302),
    "plans:day-edit": owner_only(GET=200, POST=200),
    "plans:day-delete": owner_only(GET=405, POST=200),  # asks to confirm first
    "plans:item-edit": owner_only(GET=200, POST=200),
    "plans:item-move": owner_only(GET=405, POST=302),
    "plans:item-delete": owner_only(GET=405, POST=200),  # asks to confirm first
    "plans:save-exercise": members_only(GET=200, POST=200),
    "plans:plan-shared": same(GET=200, POST=200),
    # The player, the log, history and the data export (issue 8)
    "plans:exercise-play": PUBLIC_PAGE,
    "plans:day-play": owner_only(GET=200, POST=200),
    "plans:plan-play": owner_only(GET=302, POST=302),  # on to the plan's first day
    "plans:session-log": owner_only(GET=200, POST=200),
    "plans:session-detail": owner_only(GET=200, POST=200),
    "plans:session-delete": owner_only(GET=200, POST=302),
    "plans:history": members_only(GET=200, POST=200),
    "plans:exercise-history": members_only(GET=200, POST=200),
    "plans:data-export": members_only(GET=200, POST=200),
    "plans:plan-shared-copy": {"GET": {"_": 405}, "POST": {"visitor": LOGIN, "_": 302}},
    # API: catalogue (read-only, public)
    "api:exercise-list": API_READ_ONLY,
    "api:exercise-detail": API_READ_ONLY,
    "api:body-part-list": API_READ_ONLY,
    "api:body-part-detail": API_READ_ONLY,
    "api:equipment-list": API_READ_ONLY,
    "api:equipment-detail": API_READ_ONLY,
    "api:muscle-list": API_READ_ONLY,
    "api:muscle-detail": API_READ_ONLY,
    "api:category-list": API_READ_ONLY,
    "api:category-detail": API_READ_ONLY,
    # API: members' plans
    "api:plan-list": api_members(GET=200, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-detail": API_PRIVATE_DETAIL,
    "api:plan-copy": api_owner_only(GET=405, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-days": api_owner_only(GET=405, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-share": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=200),
    "api:plan-day-detail": api_owner_only(GET=200, POST=405, PUT=200, PATCH=200, DELETE=204),
    "api:plan-day-reorder": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=405),
    # Adding to someone else's plan is a 400 naming the field (the body names the plan).
    "api:plan-item-list": {
        "GET": {"visitor": 401, "_": 405},
        "POST": {"visitor": 401, "member": 201, "_": 400},
        "PUT": {"visitor": 401, "_": 405},
        "PATCH": {"visitor": 401, "_": 405},
        "DELETE": {"visitor": 401, "_": 405},
    },
    "api:plan-item-detail": API_PRIVATE_DETAIL,
    "api:plan-item-move": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=405),
    "api:saved-exercise-list": api_members(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405),
    # API: logged sessions (issue 8)
    "api:session-list": api_members(GET=200, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:account-export": api_members(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405),
    "api:session-detail": api_owner_only(GET=200, POST=405, PUT=405, PATCH=405, DELETE=204),
    "api-schema": same(GET=200, POST=405),
    "api-docs": same(GET=200, POST=405),
    # Admin: the site's own pages (an empty POST shows a form or a confirmation again)
    "admin:index": admin(editor=(200, 200)),
    "admin:app_list": admin(editor=(200, 200)),
    "admin:login": {
        "GET": {"visitor": 200, "member": 200, "other": 200, "_": 302},
        "POST": {"_": 200},
    },
    "admin:logout": admin(editor=(405, 302), superuser=(405, 302)),
    "admin:password_change": admin(editor=(200, 200)),
    "admin:password_change_done": admin(editor=(200, 405), superuser=(200, 405)),
    "admin:autocomplete": admin(editor=(403, 405), superuser=(403, 405)),
    "admin:jsi18n": admin(editor=(200, 405), superuser=(200, 405)),
    "admin:view_on_site": admin(editor=(302, 302), superuser=(302, 302)),
    "admin:auth_user_password_change": admin(),
}

# The generator and routines (issue 9): public to read, play and generate; copying needs an
# account; a plan's calendar is its owner's, a shared plan's and a routine's anyone's.
EXPECTED.update(
    {
        "plans:generate": PUBLIC_PAGE,
        # Without the generator's inputs both send the visitor back to the form.
        "plans:generate-play": same(GET=302, POST=302),
        "plans:generate-save": same(GET=302, POST=302),
        "plans:routine-list": PUBLIC_PAGE,
        "plans:routine-detail": PUBLIC_PAGE,
        "plans:routine-play": PUBLIC_PAGE,
        "plans:routine-calendar": PUBLIC_PAGE,
        "plans:routine-copy": {"GET": {"_": 405}, "POST": {"_": 302}},
        "plans:plan-calendar": owner_only(GET=200, POST=200),
        "plans:plan-shared-calendar": PUBLIC_PAGE,
        "api:goal-list": API_READ_ONLY,
        "api:goal-detail": API_READ_ONLY,
        "api:routine-list": API_READ_ONLY,
        "api:routine-detail": API_READ_ONLY,
        # Anyone may generate; an empty body is a 400 naming the missing fields.
        "api:plan-generate": same(GET=405, POST=400, PUT=405, PATCH=405, DELETE=405),
    }
)
# Admin: each model's five pages, by what editors and superusers may do with the model.
ADMIN_PAGES = ["changelist", "add", "history", "change", "delete"]
for model in ["bodypart", "muscle", "equipment", "category", "exercise"]:
    # The catalogue: editors view, add and change; only superusers delete a whole entry.
    for page in ADMIN_PAGES:
        editor = (403, 403) if page == "delete" else (200, 200)
        EXPECTED[f"admin:exercises_{model}_{page}"] = admin(editor=editor)
# An exercise's history: editors compare versions; reverting is a POST that needs the change
# permission (editors have it, and a revert is itself recorded).
EXPECTED["admin:exercises_exercise_compare"] = admin(editor=(200, 200))
EXPECTED["admin:exercises_exercise_revision"] = admin(editor=(200, 302), superuser=(200, 302))
for model in ["goal", "routine"]:
    # Editors keep goals and routines (their permissions come from a data migration).
    for page in ADMIN_PAGES:
        EXPECTED[f"admin:plans_{model}_{page}"] = admin(editor=(200, 200))
for page in ADMIN_PAGES:
    # Search synonyms: editors keep the whole list, deleting included.
    EXPECTED[f"admin:exercises_synonym_{page}"] = admin(editor=(200, 200))
for model in ["auth_group", "forge_user", "authtoken_tokenproxy"]:
    # Accounts, groups and API tokens: superusers only.
    for page in ADMIN_PAGES:
        EXPECTED[f"admin:{model}_{page}"] = admin()
for model in ["axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"]:
    # Login records: superusers look and clear; nobody adds one by hand.
    for page in ADMIN_PAGES:
        superuser = {"add": (403, 403), "change": (200, 302)}.get(page, (200, 200))
        EXPECTED[f"admin:{model}_{page}"] = admin(superuser=superuser)
for model in ["plans_plan", "plans_planday", "plans_workoutsession"]:
    # Members' plans: superusers may look (for support), nobody changes them in the admin.
    for page in ADMIN_PAGES:
        superuser = {"add": (403, 403), "delete": (403, 403), "change": (200, 403)}.get(
            page, (200, 200)
        )
        EXPECTED[f"admin:{model}_{page}"] = admin(superuser=superuser)


# --- Data ------------------------------------------------------------------------------------


@pytest.fixture
def world(db, settings):
    # Sessions in signed cookies: nothing for the savepoints to roll back under a client.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
    member = UserFactory(email="member@example.org", password=PASSWORD)
    other = UserFactory(email="other@example.org", password=PASSWORD)
    editor = UserFactory(email="editor@example.org", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    root = UserFactory(
        email="root@example.org", password=PASSWORD, is_staff=True, is_superuser=True
    )
    exercise = ExerciseFactory(name="Plank", status=Status.PUBLISHED)
    spare = ExerciseFactory(name="Bridge", status=Status.PUBLISHED)

    plan = services.plan_create(owner=member, name=f"Plan {MEMBER_MARK}")
    day = plan.days.get()
    item = services.plan_add_exercise(plan=plan, exercise=exercise)
    services.plan_item_update(item=item, notes=MEMBER_MARK)
    second = services.plan_add_exercise(plan=plan, exercise=spare)
    services.plan_day_add(plan=plan, name=f"Day {MEMBER_MARK}")
    shared = services.plan_share(plan=services.plan_create(owner=member, name="Shared hips"))
    theirs = services.plan_create(owner=other, name=f"Plan {OTHER_MARK}")
    services.plan_item_update(
        item=services.plan_add_exercise(plan=theirs, exercise=exercise), notes=OTHER_MARK
    )
    token = Token.objects.create(user=member)
    now = timezone.now()
    session, _ = session_services.session_log(
        owner=member,
        started_at=now - timedelta(minutes=30),
        ended_at=now - timedelta(minutes=20),
        plan_day=day,
        entries=[session_services.EntryInput(exercise=exercise, hold_seconds=30, note=MEMBER_MARK)],
    )
    session_services.session_log(
        owner=other,
        started_at=now - timedelta(minutes=30),
        ended_at=now - timedelta(minutes=20),
        entries=[session_services.EntryInput(exercise=exercise, hold_seconds=30, note=OTHER_MARK)],
    )

    # A published routine (an editor's plan) and a goal, seeded by a data migration.
    goal = Goal.objects.order_by("pk").first()
    routine_plan = services.plan_create(owner=root, name="Routine hips")
    services.plan_add_exercise(plan=routine_plan, exercise=exercise)
    routine = Routine.objects.create(
        plan=routine_plan,
        slug="routine-hips",
        goal=goal,
        description="A short routine.",
        level="beginner",
        is_published=True,
    )

    clients = {"visitor": Client()}
    for role, user in [
        ("member", member),
        ("other", other),
        ("editor", editor),
        ("superuser", root),
    ]:
        clients[role] = Client()
        clients[role].force_login(user)

    objects = {
        "plan": plan.pk,
        "day": day.pk,
        "item": item.pk,
        "second": second.pk,
        "exercise": exercise,
        "token": shared.share_token,
        "member": member,
        "group": Group.objects.get(name="Editors").pk,
        "api_token": token.pk,
        "session": session.pk,
        "routine": routine.slug,
        "routine_pk": routine.pk,
        "goal": goal.slug,
        "goal_pk": goal.pk,
    }
    return clients, objects


def _kwargs(name: str, pattern: str, objects) -> dict:
    """URL arguments pointing at the member's objects (or at catalogue entries)."""
    exercise = objects["exercise"]
    if name.startswith("admin:"):
        model_ids = {
            "exercises_bodypart": BodyPart.objects.first().pk,
            "exercises_muscle": Muscle.objects.first().pk,
            "exercises_equipment": Equipment.objects.first().pk,
            "exercises_category": Category.objects.first().pk,
            "exercises_exercise": exercise.pk,
            "exercises_synonym": Synonym.objects.first().pk,
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
            return {"object_id": exercise.pk, "version_id": version.pk}
        if "<path:object_id>" in pattern or "<id>" in pattern:
            key = next((k for k in model_ids if name.startswith(f"admin:{k}_")), None)
            axes_ids = {
                "axes_accessattempt": lambda: (
                    AccessAttempt.objects.get_or_create(
                        username="member@example.org",
                        ip_address="192.0.2.1",
                        defaults={"failures_since_start": 1},
                    )[0].pk
                ),
                "axes_accesslog": lambda: (
                    AccessLog.objects.filter(username="member@example.org").first().pk
                ),
                "axes_accessfailurelog": lambda: (
                    AccessFailureLog.objects.create(
                        username="member@example.org", ip_address="192.0.2.1"
                    ).pk
                ),
            }
            axes_key = next((k for k in axes_ids if name.startswith(f"admin:{k}_")), None)
            value = axes_ids[axes_key]() if axes_key else model_ids[key]
            return {"id" if "<id>" in pattern else "object_id": value}
        return {}
    if "<uuid:pk>" in pattern or name == "api:session-detail":
        return {"pk": objects["session"]}
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
            "exercises:muscle": Muscle.objects.first().slug,
            "exercises:category": exercise.category.slug,
            "exercises:level": "beginner",
            "exercises:body-part": exercise.body_part.slug,
            "api:body-part-detail": exercise.body_part.slug,
            "api:equipment-detail": exercise.equipment.slug,
            "api:muscle-detail": Muscle.objects.first().slug,
            "api:category-detail": exercise.category.slug,
            "api:goal-detail": objects["goal"],
        }
        if "routine" in name:
            return {"slug": objects["routine"]}
        return {"slug": slugs[name]}
    if "<str:token>" in pattern:
        return {"token": objects["token"]}
    if "<uidb64>" in pattern:
        return {"uidb64": "MQ", "token": "not-a-token"}
    return {}


def _body(name: str, method: str, objects) -> dict | None:
    """A valid body, so that the owner's request succeeds and others' fail on access alone."""
    bodies = {
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


def _request(client, method, url, body, api):
    if api:
        return client.generic(
            method,
            url,
            data=json.dumps(body or {}),
            content_type="application/json",
        )
    if method == "GET":
        return client.get(url)
    return client.post(url, body or {})


def _expected(name, method, role):
    by_role = EXPECTED.get(name, {}).get(method, {})
    role = role.removesuffix(" .json")
    return by_role.get(role, by_role.get("_"))


# --- Tests ------------------------------------------------------------------------------------


def test_every_route_has_an_expectation():
    missing = sorted(name for name in ROUTES if name not in EXPECTED)
    stale = sorted(name for name in EXPECTED if name not in ROUTES)
    assert (missing, stale) == ([], []), "add (or remove) these routes in EXPECTED"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_role_and_method_as_declared(name, world):
    if name not in EXPECTED and not os.environ.get("MATRIX_DISCOVER"):
        pytest.fail(f"{name} has no expectation: add it to EXPECTED")
    clients, objects = world
    pattern = ROUTES[name]
    kwargs = _kwargs(name, pattern, objects)
    if name == "admin:exercises_exercise_revision":  # reversion's pattern takes positions
        url = reverse(name, args=[kwargs["object_id"], kwargs["version_id"]])
    else:
        url = reverse(name, kwargs=kwargs)
    api = name.startswith("api:")
    methods = API_METHODS if api else HTML_METHODS
    marks = {"member": MEMBER_MARK, "other": OTHER_MARK}
    got, leaks = {}, []
    for method in methods:
        for role in ROLES:
            savepoint = transaction.savepoint()
            try:
                response = _request(clients[role], method, url, _body(name, method, objects), api)
                got[(method, role)] = response.status_code
                text = response.content.decode(errors="replace") if not response.streaming else ""
                for owner, mark in marks.items():
                    allowed = role == owner or (role == "superuser" and name.startswith("admin:"))
                    if mark in text and not allowed:
                        leaks.append(f"{method} as {role} shows {owner}'s {mark}")
            finally:
                transaction.savepoint_rollback(savepoint)
    try:  # router routes also answer with a format suffix (…/copy.json used to be a 500)
        suffixed = reverse(name, kwargs={**_kwargs(name, pattern, objects), "format": "json"})
    except NoReverseMatch:
        suffixed = None
    if api and suffixed:
        for method in methods:
            savepoint = transaction.savepoint()
            try:
                body = _body(name, method, objects)
                response = _request(clients["member"], method, suffixed, body, api)
                got[(method, "member .json")] = response.status_code
            finally:
                transaction.savepoint_rollback(savepoint)
    if os.environ.get("MATRIX_DISCOVER"):
        print(f"\n{name}: " + ", ".join(f"{m} {r}={s}" for (m, r), s in got.items()))
    wrong = {
        f"{method} as {role}": f"got {status}, expected {_expected(name, method, role)}"
        for (method, role), status in got.items()
        if status != _expected(name, method, role)
    }
    assert (wrong, leaks) == ({}, [])


def test_api_methods_match_the_openapi_schema(client, db):
    spec = client.get("/api/schema/", {"format": "json"}).json()
    documented = {
        re.sub(r"\{\w+\}", "{}", path): {method.upper() for method in operations}
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/")
    }
    served = {
        _template(name): {m for m in API_METHODS if _expected(name, m, "member") != 405}
        for name in ROUTES
        if name.startswith("api:")
    }
    assert len(served) == 29  # with goals, routines (list and detail) and generate
    assert served == documented


def _template(name: str) -> str:
    """The OpenAPI path of a route, with {} for each argument."""
    pattern = "/" + ROUTES[name].replace("^", "").rstrip("$")
    return re.sub(r"\(\?P<\w+>[^)]*\)", "{}", pattern)


def test_the_markers_are_really_on_their_owners_pages(world):
    # Otherwise "no marker leaks" would pass for a marker that is never shown at all.
    clients, objects = world
    plan_page = clients["member"].get(reverse("plans:plan-detail", args=[objects["plan"]]))
    assert plan_page.content.decode().count(MEMBER_MARK) >= 3  # plan, day, item notes
    assert OTHER_MARK in clients["other"].get(reverse("plans:plan-list")).content.decode()
    assert MEMBER_MARK in clients["member"].get("/api/v1/plans/").content.decode()
