"""The local test identity provider (oidc-provider on Node.js) speaks real OpenID Connect."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

from helhet.portal import idp_process
from helhet.portal.idp_process import (
    IdentityProvider,
    default_persons_path,
    load_persons,
    start_identity_provider,
)

CLIENT_ID = "helhet-test"
CLIENT_SECRET = "s3cret-test"
REDIRECT_URI = "http://127.0.0.1:9/callback"
POST_LOGOUT_URI = "http://127.0.0.1:9/"
CLIENT = {
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "redirect_uris": [REDIRECT_URI],
    "post_logout_redirect_uris": [POST_LOGOUT_URI],
}
ID_TOKEN_TTL = 120
GRO = "14838416552"
LARS = "05911583323"
HANNE = "12868420675"  # the staff person


@pytest.fixture(scope="module")
def idp() -> Iterator[IdentityProvider]:
    with start_identity_provider(clients=[CLIENT], id_token_ttl=ID_TOKEN_TTL) as provider:
        yield provider


@pytest.fixture(scope="module")
def discovery(idp: IdentityProvider) -> dict[str, Any]:
    response = requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=5)
    response.raise_for_status()
    return response.json()


class _Page(HTMLParser):
    """Just enough of an HTML page: lang, headings, main, and the forms with their buttons."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1: list[str] = []
        self.has_main = False
        self.forms: list[dict[str, Any]] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "main":
            self.has_main = True
        elif tag == "h1":
            self._in = "h1"
            self.h1.append("")
        elif tag == "form":
            self.forms.append({**attributes, "inputs": {}, "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"][attributes.get("name")] = attributes.get("value")
        elif tag == "button" and self.forms:
            self._in = "button"
            self.forms[-1]["buttons"].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "button"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.h1[-1] += data
        elif self._in == "button":
            self.forms[-1]["buttons"][-1] += data


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _authorize(
    discovery: dict[str, Any],
    pid: str,
    *,
    challenge: str,
    nonce: str,
    state: str,
    acr_values: str | None = "idporten-loa-substantial",
    scope: str = "openid profile",
) -> tuple[requests.Session, dict[str, str]]:
    """Run the browser's part of the code flow; return the session and the callback's query."""
    params = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "scope": scope,
        "redirect_uri": REDIRECT_URI,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if acr_values is not None:
        params["acr_values"] = acr_values
    session = requests.Session()
    response = session.get(
        discovery["authorization_endpoint"], params=params, allow_redirects=False, timeout=5
    )
    for _ in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(REDIRECT_URI):
                query = parse_qs(urlsplit(location).query)
                return session, {key: values[0] for key, values in query.items()}
            response = session.get(location, allow_redirects=False, timeout=5)
            continue
        assert response.status_code == 200, response.text
        page = _Page(response.text)
        form = next(form for form in page.forms if form["inputs"].get("pid") == pid)
        response = session.post(
            urljoin(response.url, form["action"]),
            data=form["inputs"],
            allow_redirects=False,
            timeout=5,
        )
    raise AssertionError("the authorization flow did not come back to the client")


def _login(discovery: dict[str, Any], pid: str, **kwargs: Any) -> dict[str, Any]:
    """A full code flow with PKCE for one test person; the token response and verified claims."""
    verifier, challenge = _pkce_pair()
    nonce, state = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    session, callback = _authorize(
        discovery, pid, challenge=challenge, nonce=nonce, state=state, **kwargs
    )
    assert callback["state"] == state
    assert callback["iss"] == discovery["issuer"]

    client = OAuth2Session(CLIENT_ID, CLIENT_SECRET, redirect_uri=REDIRECT_URI)
    token = client.fetch_token(
        discovery["token_endpoint"],
        grant_type="authorization_code",
        code=callback["code"],
        code_verifier=verifier,
    )
    keys = KeySet.import_key_set(requests.get(discovery["jwks_uri"], timeout=5).json())
    id_token = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": discovery["issuer"]},
        aud={"essential": True, "value": CLIENT_ID},
        nonce={"essential": True, "value": nonce},
        exp={"essential": True},
    ).validate(id_token.claims)
    return {"session": session, "token": token, "claims": id_token.claims}


def test_discovery_describes_an_id_porten_like_provider(idp, discovery):
    assert discovery["issuer"] == idp.issuer
    assert discovery["jwks_uri"].startswith(idp.issuer)
    assert discovery["end_session_endpoint"].startswith(idp.issuer)
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert "idporten-loa-substantial" in discovery["acr_values_supported"]
    assert "pid" in discovery["claims_supported"]
    assert discovery["response_types_supported"] == ["code"]


def test_an_authorization_request_without_pkce_is_refused(discovery):
    response = requests.get(
        discovery["authorization_endpoint"],
        params={
            "client_id": CLIENT_ID,
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": REDIRECT_URI,
            "state": "no-pkce",
        },
        allow_redirects=False,
        timeout=5,
    )
    if response.is_redirect:
        query = parse_qs(urlsplit(response.headers["Location"]).query)
        assert query["error"] == ["invalid_request"]
        assert "PKCE" in query["error_description"][0]
    else:
        assert response.status_code == 400


def test_the_login_page_offers_every_test_person(idp, discovery):
    _, challenge = _pkce_pair()
    response = requests.get(
        discovery["authorization_endpoint"],
        params={
            "client_id": CLIENT_ID,
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": REDIRECT_URI,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        timeout=5,
    )
    assert response.status_code == 200
    assert urlsplit(response.url).path.startswith("/interaction/")
    page = _Page(response.text)
    assert page.lang == "en"
    assert page.h1 == ["Test ID — choose a test person"]
    assert page.has_main
    persons = load_persons()
    assert [form["buttons"] for form in page.forms] == [
        [f"Log in as {person['name']}"] for person in persons
    ]
    assert all(form["method"] == "post" for form in page.forms)
    for person in persons:
        assert person["pid"] in response.text
    assert "<script" not in response.text
    assert "<link" not in response.text


def test_code_flow_with_pkce_gives_a_signed_id_token_with_pid_and_acr(discovery):
    result = _login(discovery, GRO)
    claims = result["claims"]
    assert claims["sub"] == "test-gro"
    assert claims["pid"] == GRO
    assert claims["acr"] == "idporten-loa-substantial"
    assert claims["amr"] == ["TestID"]
    assert claims["aud"] == CLIENT_ID
    assert (claims["name"], claims["given_name"], claims["family_name"]) == (
        "Gro Foresatt",
        "Gro",
        "Foresatt",
    )
    assert claims["exp"] - claims["iat"] == ID_TOKEN_TTL


def test_a_staff_person_has_an_address_and_their_own_login_methods(discovery):
    # Standing in for a municipality's staff provider: the e-mail scope, the person's own amr.
    staff = _login(discovery, HANNE, scope="openid profile email")["claims"]
    assert (staff["sub"], staff["email"], staff["email_verified"]) == (
        "staff-hanne",
        "helsesykepleier@fjordvik.example",
        True,
    )
    assert staff["amr"] == ["pwd", "mfa"]
    citizen = _login(discovery, GRO, scope="openid profile email")["claims"]
    assert "email" not in citizen and citizen["amr"] == ["TestID"]


def test_userinfo_answers_with_the_access_token(discovery):
    result = _login(discovery, GRO, acr_values=None)
    # Not asked for, the level and method are in the ID token all the same.
    assert result["claims"]["acr"] == "idporten-loa-substantial"
    assert result["claims"]["amr"] == ["TestID"]
    token = result["token"]
    response = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=5,
    )
    assert response.status_code == 200
    assert response.json() == {
        "sub": "test-gro",
        "pid": GRO,
        "name": "Gro Foresatt",
        "given_name": "Gro",
        "family_name": "Foresatt",
    }


def test_the_acr_is_the_persons_own_level_whatever_was_asked(discovery):
    # The client asked for substantial; Lars logs in at low, and the relying party must refuse it.
    claims = _login(discovery, LARS)["claims"]
    assert claims["pid"] == LARS
    assert claims["acr"] == "idporten-loa-low"


def test_a_wrong_code_verifier_is_refused(discovery):
    _, challenge = _pkce_pair()
    _, callback = _authorize(discovery, GRO, challenge=challenge, nonce="n", state="s")
    response = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": callback["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": _pkce_pair()[0],
        },
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_unknown_pid_gets_a_400_page(discovery):
    _, challenge = _pkce_pair()
    session = requests.Session()
    response = session.get(
        discovery["authorization_endpoint"],
        params={
            "client_id": CLIENT_ID,
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": REDIRECT_URI,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        timeout=5,
    )
    response = session.post(response.url, data={"pid": "01010112345"}, timeout=5)
    assert response.status_code == 400


def test_rp_initiated_logout_returns_to_the_registered_uri(discovery):
    result = _login(discovery, GRO)
    session: requests.Session = result["session"]
    response = session.get(
        discovery["end_session_endpoint"],
        params={
            "id_token_hint": result["token"]["id_token"],
            "post_logout_redirect_uri": POST_LOGOUT_URI,
            "state": "bye",
        },
        timeout=5,
    )
    assert response.status_code == 200
    page = _Page(response.text)
    form = page.forms[0]
    assert "Log out" in response.text
    response = session.post(
        urljoin(response.url, form["action"]),
        data={**form["inputs"], "logout": "yes"},
        allow_redirects=False,
        timeout=5,
    )
    assert response.is_redirect
    assert response.headers["Location"] == f"{POST_LOGOUT_URI}?state=bye"


def test_a_missing_persons_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-persons.json"
    with pytest.raises(RuntimeError, match="cannot read the test persons file"):
        start_identity_provider(clients=[CLIENT], persons_path=missing, timeout=10)


def test_without_node_the_launcher_says_so(monkeypatch):
    monkeypatch.setattr(idp_process.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match=r"Node\.js is needed"):
        start_identity_provider(clients=[CLIENT])


def test_without_npm_packages_the_launcher_asks_for_npm_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(idp_process, "REPO_ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="npm ci"):
        start_identity_provider(clients=[CLIENT])


def test_the_shipped_test_persons():
    persons = load_persons(default_persons_path())
    assert [person["sub"] for person in persons] == [
        "test-gro",
        "test-sara",
        "test-tor",
        "test-rune",
        "test-hilde",
        "test-lars",
        "staff-hanne",  # a staff person, for the demo's single sign-on
    ]
    assert [person["sub"] for person in persons if person.get("email")] == ["staff-hanne"]
    assert {person["acr"] for person in persons} == {
        "idporten-loa-low",
        "idporten-loa-substantial",
        "idporten-loa-high",
    }
