import secrets

import pytest

from tests.redis_support import REDIS_TEST_URL


@pytest.fixture
def redis_cache(settings):
    """The shared cache is Redis (the suite's DB) under a key prefix of this test's own, with
    nothing of another cache left in this process (its page copies, its catalogue version)."""
    from django.core.cache import cache

    from forge.lib import cache as forge_cache
    from forge.lib import pagecache
    from forge.lib.tracked import tracked

    forge_cache.forget_failures()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "forge.lib.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": f"forge-test-{secrets.token_hex(4)}",
        },
    }
    pagecache.clear_local_tier()
    tracked.forget()
    yield cache
    cache.clear()
    tracked.forget()
    pagecache.clear_local_tier()
    forge_cache.forget_failures()


@pytest.fixture
def redis_commands(monkeypatch) -> list[tuple]:
    """Every command this process sends to Redis from now on, in order (name first)."""
    from redis.client import Redis

    commands: list[tuple] = []
    original = Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args)
        return original(self, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", counting)
    return commands
