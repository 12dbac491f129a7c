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
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from exercises.models import Status
from plans.models import Goal, Routine
from plans.services import plans as services
from plans.services import sessions as session_services
from tests.conftest import PASSWORD
from tests.factories import ExerciseFactory, UserFactory
from tests.forge.matrix_expected import (
    API_METHODS,
    EXPECTED,
    HTML_METHODS,
    MEMBER_MARK,
    OTHER_MARK,
    ROLES,
    ROUTES,
)
from tests.forge.matrix_requests import body_for, url_kwargs

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
        "session": session.pk,  # the admin's key
        "session_id": session.client_id,  # the id in URLs and the API
        "routine": routine.slug,
        "routine_pk": routine.pk,
        "goal": goal.slug,
        "goal_pk": goal.pk,
    }
    return clients, objects


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
    kwargs = url_kwargs(name, pattern, objects)
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
                response = _request(
                    clients[role], method, url, body_for(name, method, objects), api
                )
                got[(method, role)] = response.status_code
                text = response.content.decode(errors="replace") if not response.streaming else ""
                for owner, mark in marks.items():
                    allowed = role == owner or (role == "superuser" and name.startswith("admin:"))
                    if mark in text and not allowed:
                        leaks.append(f"{method} as {role} shows {owner}'s {mark}")
            finally:
                transaction.savepoint_rollback(savepoint)
    try:  # router routes also answer with a format suffix (…/copy.json used to be a 500)
        suffixed = reverse(name, kwargs={**url_kwargs(name, pattern, objects), "format": "json"})
    except NoReverseMatch:
        suffixed = None
    if api and suffixed:
        for method in methods:
            savepoint = transaction.savepoint()
            try:
                body = body_for(name, method, objects)
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
    assert len(served) == 31  # with goals, routines (list and detail), generate and areas
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
