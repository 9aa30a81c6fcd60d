from __future__ import annotations

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client

from tests.factories import ProfessionalFactory, ServiceFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Password hashing is Django's, not ours to test; a fast hasher keeps fixtures quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _strict_audit_actions(settings):
    # Every access-log action the suite exercises must be in helhet.audit.actions.ACTIONS.
    settings.HELHET_AUDIT_STRICT_ACTIONS = True


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    # Assertions read English text; tests of other languages switch explicitly.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Login throttling counts live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _append_only_triggers(request):
    """Append-only triggers are on in every test that touches the database.

    A transactional test (live server, threads) ends with Django emptying every table, which the
    triggers would refuse; they are switched off just before that, and on again at the next start.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(
        names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction"))
    )
    if not (transactional or marker or "db" in names):
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import connection

    from helhet.audit import triggers

    triggers.drop(connection)
    triggers.create(connection)
    yield
    if transactional:
        triggers.drop(connection)


class HelhetClient(Client):
    """Django's test client whose ``force_login`` stands for a whole login.

    Helhet requires that *this session* completed the second factor (not merely that an
    authenticator exists), so a forced login records the password and TOTP steps in the
    session as allauth's login would. Tests of the gate itself pass ``second_factor=False``.
    """

    def force_login(self, user, backend=None, *, second_factor: bool = True):
        super().force_login(user, backend)
        if second_factor:
            record_login_steps(self, user)


def record_login_steps(client: Client, user) -> None:
    """Write allauth's authentication records (password, then TOTP) into the client's session."""
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", type="totp")
    session.save()


@pytest.fixture
def client() -> HelhetClient:
    return HelhetClient()


def give_second_factor(user) -> Authenticator:
    """Mark a user as having TOTP set up, so the second-factor gate lets them through."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@pytest.fixture
def service(db):
    return ServiceFactory()


@pytest.fixture
def professional(service):
    professional = ProfessionalFactory.in_service(service)
    give_second_factor(professional.user)
    return professional


@pytest.fixture
def client_for(client):
    """Log in a user (with the second factor already passed) and return the client."""

    def login(user):
        client.force_login(user)
        return client

    return login
