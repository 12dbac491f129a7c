"""/health/: 200 while the database answers, 503 (with Retry-After) when it does not; the
cache is reported but never makes the server unhealthy."""

import socket

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client


def _refuse(execute, sql, params, many, context):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_healthy_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unavailable_without_the_database():
    with connection.execute_wrapper(_refuse):
        response = Client().get("/health/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


@pytest.mark.django_db
def test_still_healthy_without_the_cache(client, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "forge.lib.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }
    cache.get("probe")  # the first failure marks the cache as skipped
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}
