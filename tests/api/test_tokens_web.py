"""The page where a professional manages personal API tokens, and the session path of the API."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator

from helhet.api.models import ApiToken
from helhet.core import clock
from tests.api.conftest import api_client, token_for
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_create_a_token_shown_once_then_revoke_it(client, world):
    client.force_login(world.teacher.user)
    expires = (clock.today() + datetime.timedelta(days=60)).isoformat()
    response = client.post(
        "/api-tokens/", {"name": "Skoleadmin", "scope": "read", "expires_on": expires}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.teacher.user)
    body = response.content.decode()
    assert f"hlh_{token.prefix}_" in body
    assert response["Cache-Control"].startswith("max-age=0")
    listing = client.get("/api-tokens/").content.decode()
    assert "Skoleadmin" in listing and f"hlh_{token.prefix}_" not in listing
    plain = body.split('id="new-token" readonly value="', 1)[1].split('"', 1)[0]
    reader = api_client()
    reader.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert reader.get("/api/v1/cases/").status_code == 200
    client.post(f"/api-tokens/{token.pk}/revoke/")
    assert reader.get("/api/v1/cases/").status_code == 401


def test_a_bad_expiry_keeps_the_form_and_saves_nothing(client, world):
    client.force_login(world.teacher.user)
    far = (clock.today() + datetime.timedelta(days=800)).isoformat()
    response = client.post(
        "/api-tokens/", {"name": "Skoleadmin", "scope": "write", "expires_on": far}
    )
    assert response.status_code == 200
    assert "at most one year" in response.content.decode()
    assert 'value="Skoleadmin"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_someone_elses_token_cannot_be_revoked(client, world):
    token_for(world.nurse)
    token = ApiToken.objects.get()
    client.force_login(world.teacher.user)
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_session_works_for_the_api_only_with_a_second_factor(client, world):
    client.force_login(world.teacher.user)
    assert client.get("/api/v1/cases/").status_code == 200
    # A login without the second factor (here: no authenticator set up) gets a problem.
    Authenticator.objects.filter(user=world.teacher.user).delete()
    client.logout()
    client.force_login(world.teacher.user, second_factor=False)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["type"] == "urn:helhet:problem:second-factor-required"
