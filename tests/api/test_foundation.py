"""Tokens, problem details, pagination and the schema: what every endpoint relies on."""

from __future__ import annotations

import datetime

import pytest

from helhet.api.models import ApiToken
from helhet.api.services import token_create, token_revoke
from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.core.errors import DomainError
from tests.api.conftest import api_client
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_token_is_shown_once_and_stored_hashed(world):
    new = token_create(
        user=world.teacher.user,
        name="Skolesystemet",
        scope="read",
        expires_on=clock.today() + datetime.timedelta(days=10),
    )
    stored = ApiToken.objects.get()
    assert new.plain.startswith(f"hlh_{stored.prefix}_")
    secret = new.plain.split("_", 2)[2]
    assert secret not in stored.digest
    assert len(stored.digest) == 64
    assert AuditEvent.objects.filter(action="api.token.create").count() == 1


@pytest.mark.parametrize(("days", "message"), [(0, "after today"), (400, "at most one year")])
def test_a_token_expires_within_a_year(world, days, message):
    with pytest.raises(DomainError, match=message):
        token_create(
            user=world.teacher.user,
            name="x",
            scope="read",
            expires_on=clock.today() + datetime.timedelta(days=days),
        )


def test_the_api_answers_a_valid_token_and_refuses_others(world):
    case = world.case(consent_for=(world.school,))
    client = api_client(world.teacher)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [case.pk]
    for header in ("Bearer hlh_nope_nope", "Bearer x", "Token abc"):
        bad = api_client()
        bad.credentials(HTTP_AUTHORIZATION=header)
        response = bad.get("/api/v1/cases/")
        assert response.status_code == 401, header
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "urn:helhet:problem:unauthenticated"


def test_revoked_and_expired_tokens_are_refused(world, monkeypatch):
    client = api_client(world.teacher)
    assert client.get("/api/v1/cases/").status_code == 200
    token = ApiToken.objects.get()
    later = clock.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get("/api/v1/cases/").status_code == 401
    monkeypatch.undo()
    token_revoke(token=token, revoked_by=world.teacher.user)
    assert client.get("/api/v1/cases/").status_code == 401


def test_a_read_token_cannot_write(world):
    client = api_client(world.teacher, scope="read")
    response = client.post("/api/v1/cases/", {}, format="json")
    assert response.status_code in {403, 405}
    assert response["Content-Type"] == "application/problem+json"


def test_missing_and_forbidden_are_the_same_problem(world):
    case = world.case(consent_for=(world.school,))
    outsider = api_client(world.cw_worker)
    forbidden = outsider.get(f"/api/v1/cases/{case.pk}/")
    missing = outsider.get("/api/v1/cases/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() | {"instance": ""} == missing.json() | {"instance": ""}
    assert world.child.family_name not in forbidden.content.decode()


def test_reading_a_case_through_the_api_is_audited(world):
    case = world.case(consent_for=(world.school,))
    before = AuditEvent.objects.filter(case_id=case.pk, action="case.read").count()
    assert api_client(world.teacher).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert AuditEvent.objects.filter(case_id=case.pk, action="case.read").count() == before + 1


def test_the_schema_and_the_docs_are_served_without_a_cdn(client, world):
    client.force_login(world.teacher.user)  # behind a login unless HELHET_API_DOCS_PUBLIC
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_malformed_json_and_huge_payloads_are_problems_and_write_nothing(world):
    from helhet.cases.models import Concern

    client = api_client(world.teacher)
    malformed = client.post("/api/v1/concerns/", '{"worry": 5,', content_type="application/json")
    assert malformed.status_code == 400
    assert malformed.json()["type"] == "urn:helhet:problem:malformed"
    huge = '{"observation": "' + "x" * 3_000_000 + '"}'
    too_large = client.post("/api/v1/concerns/", huge, content_type="application/json")
    assert too_large.status_code == 413
    assert too_large.json()["type"] == "urn:helhet:problem:too-large"
    form = client.post(
        "/api/v1/concerns/", "worry=5", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 415
    assert not Concern.objects.exists()


def test_the_schema_documents_the_text_limits():
    from drf_spectacular.generators import SchemaGenerator

    from helhet.core import text

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["LogEntryAddRequest"]["properties"]["text"]["maxLength"] == text.RECORD
    assert schemas["ConcernCreateRequest"]["properties"]["observation"]["maxLength"] == (
        text.LONG_TEXT
    )
    assert schemas["ServiceWriteRequest"]["properties"]["name"]["maxLength"] == text.NAME


def test_throttling_is_per_token_with_retry_after(world, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # The rates are read into the class when DRF loads; the test lowers them for itself only.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "3/min", "session": "9/min"}
    )
    first, second = api_client(world.teacher), api_client(world.teacher)
    assert [first.get("/api/v1/cases/").status_code for _ in range(3)] == [200] * 3
    throttled = first.get("/api/v1/cases/")
    assert throttled.status_code == 429
    assert throttled.json()["type"] == "urn:helhet:problem:throttled"
    assert int(throttled["Retry-After"]) > 0
    # Another token of the same person has its own budget.
    assert second.get("/api/v1/cases/").status_code == 200


def test_every_list_refuses_an_empty_or_bad_page_size(world):
    case = world.case(consent_for=(world.school,))
    client = api_client(world.teacher)
    for path in (
        "/api/v1/tasks/",
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/team/",
        f"/api/v1/cases/{case.pk}/goals/",
        f"/api/v1/cases/{case.pk}/meetings/",
    ):
        for query in ("page_size=", "page_size=0", "page_size=x"):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 400, (path, query)
            assert response.json()["errors"][0]["field"] == "page_size"
        assert client.get(f"{path}?page_size=5").status_code == 200, path
