import pytest
from django.test import Client


@pytest.fixture
def visitor_client(db):
    return Client()
