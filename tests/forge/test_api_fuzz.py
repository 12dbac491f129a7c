"""Schema-driven fuzzing of the whole API with Schemathesis, in-process (no server, no network).

Schemathesis reads the project's own OpenAPI schema from /api/schema/ through the WSGI app and,
for every operation, sends generated requests: the schema's examples, its "coverage" cases
(boundary and invalid values, unexpected methods), then `max_examples` random ones, valid and
invalid. No response may be a 5xx, and each must be documented: status code, content type and
body all as the schema says.

The catalogue is fuzzed anonymously (now and then with a wrong token), the members' operations
with a member's DRF token. Each case runs in a savepoint that is rolled back, so every request
sees the same small catalogue and plan.
"""

import copy
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from exercises.models import Area, BodyPart, Category, Equipment, Muscle, Status
from plans.services import plans as services
from plans.services import sessions as session_services
from tests.factories import ExerciseFactory

# Slugs random generation seldom produces; a NUL byte, for one, is a 500 on PostgreSQL unless
# refused before the database sees it. Mixed into the substitutes for every slug lookup.
AWKWARD_SLUGS = ["nul\x00byte", "dot.ted", "x" * 300, "ünïcödé", "%2F"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_data(member, other_member):
    """A small catalogue, a member with a token and a plan, and someone else's plan.

    Generated ids and slugs almost never name an existing object, so real ones are given to
    Schemathesis, as schema examples (each one a case of the examples phase, and the base that
    the coverage phase varies) and as substitutes mixed into random cases (see `api_schema`).
    Someone else's objects, a draft exercise and awkward slugs are in the mix too: they must
    give a documented 404 or 400, never a 500."""
    squat = ExerciseFactory(name="Air Squat", target=["glutes"], secondary=["hamstrings"])
    lunge = ExerciseFactory(name="Walking Lunge", difficulty="intermediate", target=["glutes"])
    stretch = ExerciseFactory(name="Hamstring Stretch", stretch=True, target=["hamstrings"])
    draft = ExerciseFactory(name="Draft Move", status=Status.DRAFT)

    plan = services.plan_create(owner=member, name="Legs", description="Twice a week.")
    day = plan.days.get()
    stretch_day = services.plan_day_add(plan=plan, name="Stretch day")
    first, second, held = (
        services.plan_add_exercise(plan=plan, exercise=squat).pk,
        services.plan_add_exercise(plan=plan, exercise=lunge).pk,
        services.plan_add_exercise(plan=plan, exercise=stretch, day=stretch_day).pk,
    )
    services.plan_share(plan=plan)
    others = services.plan_create(owner=other_member, name="Not yours")
    others_day = others.days.get().pk
    others_item = services.plan_add_exercise(plan=others, exercise=squat).pk
    now = timezone.now()
    mine = session_services.session_log(
        owner=member,
        started_at=now - timedelta(hours=1),
        ended_at=now - timedelta(minutes=50),
        entries=[session_services.EntryInput(exercise=stretch, side="left", hold_seconds=30)],
        plan_day=stretch_day,
    )[0]
    others_session = session_services.session_log(
        owner=other_member,
        started_at=now - timedelta(hours=2),
        ended_at=now - timedelta(hours=1),
        entries=[session_services.EntryInput(exercise=squat, reps=10)],
    )[0]
    start, end = (
        (now - timedelta(minutes=30)).isoformat(),
        (now - timedelta(minutes=20)).isoformat(),
    )

    return {
        "token": Token.objects.create(user=member).key,
        # Path parameter values, by the start of the path.
        "path": {
            "/api/v1/exercises/{slug}/": [squat.slug, stretch.slug, draft.slug, *AWKWARD_SLUGS],
            "/api/v1/body-parts/{slug}/": _slugs(BodyPart),
            "/api/v1/equipment/{slug}/": _slugs(Equipment),
            "/api/v1/muscles/{slug}/": _slugs(Muscle),
            "/api/v1/categories/{slug}/": _slugs(Category),
            "/api/v1/areas/{slug}/": _slugs(Area),
            "/api/v1/plans/{id}/": [plan.pk, others.pk],
            "/api/v1/plan-days/{id}/": [day.pk, stretch_day.pk, others_day],
            "/api/v1/plan-items/{id}/": [first, second, held, others_item],
            "/api/v1/sessions/{id}/": [str(mine.client_id), str(others_session.client_id)],
        },
        # Request bodies that refer to other objects, by operation.
        "body": {
            ("POST", "/api/v1/plan-items/"): [
                {"exercise": squat.slug, "plan": plan.pk},
                {"exercise": stretch.slug, "plan": plan.pk, "day": stretch_day.pk},
                {"exercise": lunge.slug, "plan": plan.pk, "day": None},
                {"exercise": draft.slug, "plan": plan.pk},
                {"exercise": squat.slug, "plan": others.pk},
                {"exercise": squat.slug, "plan": plan.pk, "day": others_day},
                *({"exercise": slug, "plan": plan.pk} for slug in AWKWARD_SLUGS),
            ],
            ("POST", "/api/v1/plan-items/{id}/move/"): [
                {"direction": "down"},
                {"direction": "up"},
                {"day": stretch_day.pk},
                {"day": day.pk},
                {"day": others_day},
                {"direction": "up", "day": day.pk},
            ],
            ("POST", "/api/v1/sessions/"): [
                {
                    "id": "6f1c2b1e-8a3d-4c55-9a51-2f0e6d1b7a10",
                    "plan_day": stretch_day.pk,
                    "started_at": start,
                    "ended_at": end,
                    "entries": [
                        {"exercise": stretch.slug, "side": "left", "hold_seconds": 30},
                        {"exercise": stretch.slug, "side": "right", "hold_seconds": 25},
                    ],
                },
                {"id": str(mine.client_id), "started_at": start, "ended_at": end, "entries": []},
                {
                    "id": str(others_session.client_id),
                    "plan_day": others_day,
                    "started_at": start,
                    "ended_at": end,
                    "entries": [{"exercise": draft.slug, "side": "both", "reps": 5}],
                },
            ],
            ("POST", "/api/v1/plan-days/{id}/reorder/"): [
                {"item_ids": [second, first]},
                {"item_ids": [held]},
                {"item_ids": [first]},
                {"item_ids": [first, first]},
                {"item_ids": [first, second, held]},
            ],
        },
    }


def _slugs(model) -> list[str]:
    return [*model.objects.order_by("slug").values_list("slug", flat=True)[:5], *AWKWARD_SLUGS]


def _path_values(data: dict, path: str) -> dict[str, list]:
    """`/api/v1/plans/{id}/copy/` takes the ids of `/api/v1/plans/{id}/`."""
    for start, values in data["path"].items():
        if path.startswith(start):
            return {"slug" if "{slug}" in start else "id": values}
    return {}


def _body_values(data: dict, method: str, path: str) -> dict[str, list]:
    """Each property of the example bodies, with every value the examples give it."""
    values: dict[str, list] = {}
    for body in data["body"].get((method.upper(), path), []):
        for name, value in body.items():
            if value not in values.setdefault(name, []):
                values[name].append(value)
    return values


def _with_examples(raw: dict, data: dict) -> dict:
    """The schema with the real values as examples. Only requests change: responses are
    still checked against the schema exactly as the site serves it."""
    raw = copy.deepcopy(raw)
    for path, operations in raw["paths"].items():
        values = _path_values(data, path)
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in values:
                    parameter["examples"] = _named(values[parameter["name"]])
            bodies = data["body"].get((method.upper(), path))
            if bodies:
                operation["requestBody"]["content"]["application/json"]["examples"] = _named(bodies)
    return raw


def _is_public(operation) -> bool:
    return {} in operation.definition.raw.get("security", [{}])


def _named(values: list) -> dict:
    return {f"example{i}": {"value": value} for i, value in enumerate(values)}


def _sometimes_real(generated, choices: dict[str, list]):
    """A strategy: the generated dict as it is, or with some of its values made real ones."""
    if not isinstance(generated, dict) or not choices:
        return st.just(generated)
    optional = {name: st.sampled_from(values) for name, values in choices.items()}
    real = st.fixed_dictionaries({}, optional=optional).map(lambda real: {**generated, **real})
    return st.one_of(st.just(generated), real)


@pytest.fixture
def api_schema(fuzz_data):
    # Django's WSGI handler closes "old" database connections when a request starts and ends;
    # inside a test's transaction that closes PostgreSQL's connection mid-test. Django's own
    # test client switches this off for its requests in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        app = get_wsgi_application()
        served = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
        schema = schemathesis.openapi.from_dict(_with_examples(served.raw_schema, fuzz_data))
        schema.app = app

        @schema.hook("flatmap_path_parameters")
        def real_path_parameters(context, path_parameters):
            return _sometimes_real(path_parameters, _path_values(fuzz_data, context.operation.path))

        @schema.hook("flatmap_body")
        def real_body(context, body):
            operation = context.operation
            return _sometimes_real(body, _body_values(fuzz_data, operation.method, operation.path))

        @schema.hook("flatmap_headers")
        def sometimes_a_wrong_token(context, headers):
            # The catalogue is public but still reads credentials: now and then send a wrong
            # token, whose 401 must be documented too. (Members' operations always get the
            # member's token; their 401s are covered by tests/plans/test_api_access.py.)
            if not _is_public(context.operation):
                return st.just(headers)
            wrong = {**(headers or {}), "Authorization": "Token not-a-real-token"}
            return st.one_of(st.just(headers), st.just(wrong))

        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis 4.32 reads and rewrites `node._nodeid` to label each operation's subtest;
    # pytest 9.2 keeps the id elsewhere, so give the node the attribute Schemathesis reads.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@settings(
    max_examples=30,  # per operation, for the random phase; the other phases add their own
    deadline=None,
    derandomize=True,  # the same cases on every run, so a failure in CI reproduces locally
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@schema.parametrize()
def test_api_conforms_to_its_schema(case, fuzz_data):
    # Throttling stays on, but its counters (in the cache) are cleared before each request:
    # the fuzzer sends far more than 120 requests a minute and would otherwise mostly test the
    # 429 response. (Raising the rates through `settings` has no effect: DRF copies the rates
    # into SimpleRateThrottle.THROTTLE_RATES when rest_framework.throttling is imported.)
    cache.clear()
    headers = None
    if not _is_public(case.operation):
        headers = {"Authorization": f"Token {fuzz_data['token']}"}
    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=CHECKS)
        transaction.set_rollback(True)  # the next case starts from the same data
