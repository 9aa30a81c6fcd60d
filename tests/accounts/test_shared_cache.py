"""With CACHE_URL set, used TOTP codes and login throttles live in the shared cache.

A code used once must be refused by every worker, not only by the process that saw it; the
test reads Redis through a separate connection, as another worker would.
"""

from __future__ import annotations

import os
import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.browser.conftest import totp_code
from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.django_db

REDIS = ("127.0.0.1", 6379)


def _redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def shared_cache(settings):
    if not _redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis must run in CI (.ci/run starts it)")
        pytest.skip("no Redis on 127.0.0.1:6379")
    import environ

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    database = 10 + int(worker.removeprefix("gw") or 0) % 5
    settings.CACHES = {
        "default": environ.Env.cache_url_config(f"rediscache://127.0.0.1:6379/{database}")
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def _other_worker(settings):
    """A connection of another process: a fresh client on the same Redis database."""
    import redis

    location = settings.CACHES["default"]["LOCATION"]
    return redis.Redis.from_url(location)


def test_the_cache_url_selects_redis(settings, shared_cache):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_a_used_totp_code_is_refused_by_every_worker(client, settings, shared_cache):
    from django.test import Client

    pro = ProfessionalFactory.in_service(ServiceFactory())
    secret = give_second_factor(pro.user).data["secret"]
    code = totp_code(secret)
    client.post("/accounts/login/", {"login": pro.user.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    # The used code is in Redis, where another worker's connection sees it …
    assert any(b"totp" in key.lower() for key in _other_worker(settings).keys("*"))
    # … so a second login with the same code (a replay) is refused.
    replay = Client()
    replay.post("/accounts/login/", {"login": pro.user.email, "password": PASSWORD})
    response = replay.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()


def test_login_throttles_are_counted_in_redis(client, settings, shared_cache):
    client.post("/accounts/login/", {"login": "nobody@test.example", "password": "wrong"})
    keys = _other_worker(settings).keys("*")
    assert any(b"rl:" in key or b"ratelimit" in key.lower() for key in keys), keys
