import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.utils import translation
from rest_framework.test import APIClient

from forge.lib import personal
from forge.lib.cache import forget_failures
from forge.lib.pagecache import clear_local_tier
from forge.lib.throttling import forget_leases, local_counts
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _test_storage(settings, tmp_path):
    # Tests read static files through the finders (no collectstatic) and write uploads to a
    # throwaway folder; the manifest storage itself is tested in tests/forge/test_deploy.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_ROOT = tmp_path / "import-files"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Without Redis a process trusts the catalogue version it read for 2 s; on a loaded
    # machine a test's requests can straddle that, and a pinned query count then sees one
    # more read. Tests change the version only through services, which write it at once.
    settings.CATALOGUE_VERSION_TTL = 3600


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request activates its page's language in this thread and leaves it active; the next
    # test starts in English again (reverse() in a test gives English URLs).
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # API throttle counters, cached pages and fragments live in the caches; each test starts
    # with none.
    forget_failures()
    clear_local_tier()
    personal.clear()
    cache.clear()
    caches["fragments"].clear()
    local_counts.clear()
    forget_leases()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def member_api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", password=PASSWORD)


@pytest.fixture
def other_member(db):
    return UserFactory(email="other@example.org", password=PASSWORD)


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.org", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def visitor(client):
    """A client with nobody signed in."""
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
