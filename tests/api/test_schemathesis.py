"""Schemathesis against our own OpenAPI schema: every operation, generated input (valid and
invalid), no server error and no response the schema does not describe.

The caller is a coordinator with a write token in a world with a case, so operations reach real
objects where the generated ids hit them and the policy's 404 elsewhere."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for
from tests.scenarios import build_world

# Enough examples to reach every branch of the input checks; CI stays within minutes.
MAX_EXAMPLES = 25


from django.test import override_settings  # noqa: E402

from helhet.wsgi import application  # noqa: E402 (Django is set up by pytest-django first)

# Loaded at import, before any test or database exists, so without credentials: the schema is
# behind the API's login unless HELHET_API_DOCS_PUBLIC.
with override_settings(HELHET_API_DOCS_PUBLIC=True):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, whose request signals would close the database
    connection that holds the test's transaction (Django's test client unhooks them too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    world = build_world()
    world.case(consent_for=(world.school, world.health))
    return {"Authorization": f"Bearer {token_for(world.teacher)}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case, bearer, settings):
    settings.ALLOWED_HOSTS = ["*"]
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    # Authentication is tested on its own (tests/api/test_foundation.py): here the caller is
    # always authenticated, and what counts is no server error and no undocumented response.
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
