"""Schemathesis against our own OpenAPI schema: every operation, generated input (valid and
invalid), no server error and no response the schema does not describe.

The caller is a coordinator with a write token in a world with a case, so operations reach real
objects where the generated ids hit them and the policy's 404 elsewhere.

One test item per operation, each with a node id of its own: schemathesis 4.32 names its items
``test_…[GET /api/v1/cases/]`` but pytest 9.2 builds a node id from the original function name
and the item's parametrisation only, so without ``pytest_generate_tests`` below all 56 items
share one node id (pytest's progress then counts them as one test: "[1%]" for this file alone,
"[91%]" at the end of the whole suite; ``--lf`` and xdist's reports cannot tell them apart)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.builder import ApiOperationMark
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


def pytest_generate_tests(metafunc):
    """Parametrise each operation's test (schemathesis calls this for every operation it
    builds) by the operation, so that its node id is its own: ``…[GET /api/v1/cases/][cases_list]``
    (the label from schemathesis, the operationId from this parametrisation)."""
    operation = ApiOperationMark.get(metafunc.function)
    if operation is None:
        return
    operation_id = operation.definition.raw.get("operationId") or operation.label
    metafunc.parametrize("operation", [operation.label], ids=[operation_id], indirect=True)


@pytest.fixture(autouse=True)
def operation(request):
    """The operation's label (a parameter only to give each operation its node id)."""
    return getattr(request, "param", None)


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
