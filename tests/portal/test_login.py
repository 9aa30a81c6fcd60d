"""Login with e-ID against the local OpenID Connect provider, end to end, and every refusal."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from helhet.audit.models import AuditEvent
from helhet.portal import oidc
from helhet.portal.session import SESSION_KEY
from tests.portal.conftest import (
    OTHER_CLIENT_ID,
    authorize_at_provider,
    e_id_login,
)
from tests.portal.world import build_portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(persons):
    return build_portal_world(persons)


def test_a_guardian_logs_in_and_sees_the_childs_case(client, portal_provider, persons, family):
    response = e_id_login(client, persons["gro"].pid)
    assert response.status_code == 302
    assert response["Location"] == "/portal/home/"
    citizen = client.session[SESSION_KEY]
    assert citizen["identity_number"] == persons["gro"].pid
    assert citizen["acr"] == "idporten-loa-substantial"
    home = client.get("/portal/home/")
    assert f"/portal/cases/{family.emil_case.pk}/" in home.content.decode()
    assert f"/portal/cases/{family.sara_case.pk}/" not in home.content.decode()


def test_the_authorization_request_uses_pkce_state_nonce_and_the_level(client, portal_provider):
    started = client.post("/portal/login/testid/")
    query = parse_qs(urlsplit(started["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert query["scope"] == ["openid profile"]


def test_a_too_low_level_of_assurance_is_refused(client, portal_provider, persons):
    response = e_id_login(client, persons["lars"].pid)
    assert response.status_code == 400
    assert "lower level of security" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_real_looking_identity_number_is_refused_in_demo_mode(
    client, portal_provider, persons, settings
):
    settings.HELHET_DEMO = True
    response = e_id_login(client, persons["ekte"].pid)
    assert response.status_code == 400
    assert "only accepts synthetic test identities" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_someone_helhet_does_not_know_logs_in_and_sees_no_case(client, portal_provider, persons):
    assert e_id_login(client, persons["ukjent"].pid).status_code == 302
    home = client.get("/portal/home/").content.decode()
    assert "We found no case for you" in home
    assert "/portal/help/" in home


def test_a_replayed_answer_from_the_provider_is_refused(client, portal_provider, persons, family):
    started = client.post("/portal/login/testid/")
    back = urlsplit(authorize_at_provider(started["Location"], persons["gro"].pid))
    first = client.get(f"{back.path}?{back.query}")
    assert first.status_code == 302
    client.post("/portal/logout/")
    replay = client.get(f"{back.path}?{back.query}")
    assert replay.status_code == 400
    assert "already been used" in replay.content.decode()
    assert SESSION_KEY not in client.session


def test_an_answer_for_another_browser_is_refused(client, portal_provider, persons):
    from django.test import Client

    started = client.post("/portal/login/testid/")
    back = urlsplit(authorize_at_provider(started["Location"], persons["gro"].pid))
    other = Client()
    response = other.get(f"{back.path}?{back.query}")
    assert response.status_code == 400
    assert SESSION_KEY not in other.session


def test_an_unknown_provider_is_404(client, portal_provider):
    assert client.post("/portal/login/nowhere/").status_code == 404
    assert client.get("/portal/callback/nowhere/").status_code == 404


def test_logout_ends_the_session_here_and_at_the_provider(client, portal_provider, persons):
    e_id_login(client, persons["gro"].pid)
    response = client.post("/portal/logout/")
    assert SESSION_KEY not in client.session
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{portal_provider.issuer}/session/end")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/portal/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/portal/home/").status_code == 302


def test_login_is_throttled(client, portal_provider, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "portal_login": "3/m/ip"}
    statuses = [client.post("/portal/login/testid/").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_citizen_login_ends_a_professionals_session(client, portal_provider, persons, family):
    client.force_login(family.teacher.user)
    assert client.get("/work/").status_code == 200
    e_id_login(client, persons["gro"].pid)
    assert "_auth_user_id" not in client.session
    # Professional pages are not reachable through an e-ID session.
    assert client.get("/work/").status_code == 302
    assert client.get(f"/work/cases/{family.emil_case.pk}/").status_code == 302


def test_a_professional_login_ends_a_citizen_session(client, portal_provider, persons, family):
    e_id_login(client, persons["gro"].pid)
    client.force_login(family.teacher.user)
    assert SESSION_KEY not in client.session
    assert client.get("/portal/home/").status_code == 302


def test_portal_sessions_end_sooner_when_idle(client, portal_provider, persons, settings):
    from helhet.portal.session import LAST_SEEN_KEY

    settings.HELHET_PORTAL_IDLE_MINUTES = 15
    e_id_login(client, persons["gro"].pid)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()
    response = client.get("/portal/home/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert SESSION_KEY not in client.session


def test_a_refused_login_writes_nothing(client, portal_provider, persons, family):
    before = AuditEvent.objects.count()
    e_id_login(client, persons["lars"].pid)
    assert AuditEvent.objects.count() == before


# --- ID tokens that must not be accepted: real tokens from the provider, checked by Helhet ---


def _code_flow_token(issuer: str, pid: str, *, client_id: str, secret: str, nonce: str) -> dict:
    """A real token response from the provider for ``client_id`` (PKCE and all), as the
    callback would get it."""
    from authlib.integrations.requests_client import OAuth2Session

    from tests.portal.conftest import CALLBACK

    session = OAuth2Session(
        client_id,
        secret,
        scope="openid profile",
        redirect_uri=CALLBACK,
        code_challenge_method="S256",
    )
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
    import secrets

    verifier = secrets.token_urlsafe(48)
    url, _state = session.create_authorization_url(
        discovery["authorization_endpoint"], nonce=nonce, code_verifier=verifier
    )
    back = authorize_at_provider(url, pid)
    code = parse_qs(urlsplit(back).query)["code"][0]
    return session.fetch_token(discovery["token_endpoint"], code=code, code_verifier=verifier)


@pytest.fixture
def testid(portal_provider):
    return oidc.provider("testid")


def test_a_good_token_verifies(testid, portal_provider, persons):
    token = _code_flow_token(
        portal_provider.issuer,
        persons["gro"].pid,
        client_id=testid.client_id,
        secret=testid.client_secret,
        nonce="n-1",
    )
    claims = oidc.verify_id_token(testid, token, nonce="n-1")
    assert claims["pid"] == persons["gro"].pid


def test_a_token_with_another_nonce_is_refused(testid, portal_provider, persons):
    token = _code_flow_token(
        portal_provider.issuer,
        persons["gro"].pid,
        client_id=testid.client_id,
        secret=testid.client_secret,
        nonce="n-1",
    )
    with pytest.raises(oidc.LoginRefused, match="could not be verified"):
        oidc.verify_id_token(testid, token, nonce="another")


def test_a_token_for_another_audience_is_refused(testid, portal_provider, persons):
    token = _code_flow_token(
        portal_provider.issuer,
        persons["gro"].pid,
        client_id=OTHER_CLIENT_ID,
        secret="other-secret",
        nonce="n-2",
    )
    with pytest.raises(oidc.LoginRefused, match="could not be verified"):
        oidc.verify_id_token(testid, token, nonce="n-2")


def test_an_expired_token_is_refused(testid, portal_provider, persons, settings):
    token = _code_flow_token(
        portal_provider.issuer,
        persons["gro"].pid,
        client_id=testid.client_id,
        secret=testid.client_secret,
        nonce="n-3",
    )
    settings.HELHET_PORTAL_OIDC_LEEWAY = 0
    from joserfc import jwt as jose_jwt

    expires = jose_jwt.decode(
        token["id_token"], oidc.client_for(testid).fetch_jwk_set() and _keys(testid)
    ).claims["exp"]
    import unittest.mock

    with (
        unittest.mock.patch("time.time", return_value=expires + 5),
        pytest.raises(oidc.LoginRefused, match="could not be verified"),
    ):
        oidc.verify_id_token(testid, token, nonce="n-3")


def _keys(p):
    from joserfc.jwk import KeySet

    return KeySet.import_key_set(oidc.client_for(p).fetch_jwk_set())


def test_a_token_signed_by_another_provider_is_refused(testid, persons, tmp_path, settings):
    """Another provider (another key, another issuer) issues a token for the same client id."""
    from helhet.portal.idp_process import start_identity_provider
    from tests.portal.conftest import (
        AFTER_LOGOUT,
        CALLBACK,
        CLIENT_ID,
        CLIENT_SECRET,
        write_persons,
    )

    clients = [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [CALLBACK],
            "post_logout_redirect_uris": [AFTER_LOGOUT],
        }
    ]
    persons_file = write_persons(tmp_path / "p.json", [persons["gro"]])
    with start_identity_provider(clients=clients, persons_path=persons_file) as rogue:
        token = _code_flow_token(
            rogue.issuer, persons["gro"].pid, client_id=CLIENT_ID, secret=CLIENT_SECRET, nonce="n-4"
        )
    with pytest.raises(oidc.LoginRefused, match="could not be verified"):
        oidc.verify_id_token(testid, token, nonce="n-4")
