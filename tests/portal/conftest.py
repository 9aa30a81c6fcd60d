"""The portal's tests log in for real: a local OpenID Connect provider (idp/, oidc-provider on
Node.js) runs for the session, with test persons made for today's date, and Helhet's portal is
pointed at it. ``e_id_login`` drives the browser's part of the code flow with ``requests`` and
hands the provider's answer to Django's test client."""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from helhet.core import clock
from helhet.people import nordic_id
from helhet.portal.idp_process import start_identity_provider

CLIENT_ID = "helhet-portal-test"
CLIENT_SECRET = "portal-test-secret"
OTHER_CLIENT_ID = "another-service"
CALLBACK = "http://testserver/portal/callback/testid/"
AFTER_LOGOUT = "http://testserver/portal/"
REAL_LOOKING = "15018010035"  # valid checksum, not a test number (month not +80)


@dataclasses.dataclass(frozen=True)
class Person:
    key: str
    pid: str
    name: str
    born: datetime.date
    acr: str = "idporten-loa-substantial"


def _born(years: int, days: int = 0) -> datetime.date:
    today = clock.today()
    return clock.years_before(today, years) - datetime.timedelta(days=days)


def _persons() -> dict[str, Person]:
    rng = random.Random(2026)
    made = {
        # a guardian, the other (restricted) guardian, a young person just past the consent age
        # (15) whose guardians' consent still runs, one below the portal age, a parent with no
        # case, a professional who is also a parent, a too-low level, and no one at all.
        "gro": ("Gro Foresatt", _born(42)),
        "rune": ("Rune Begrenset", _born(45)),
        "sara": ("Sara Ung", _born(15, days=10)),
        "tor": ("Tor Foresatt", _born(47)),
        "liten": ("Lille Ung", _born(12)),
        "hilde": ("Hilde Hjelp", _born(38)),
        "pia": ("Pia Fagperson", _born(40)),
        "lars": ("Lars Lavt", _born(50)),
        "ukjent": ("Ukjent Person", _born(33)),
    }
    persons = {
        key: Person(key, nordic_id.synthetic_number("NO", born, rng), name, born)
        for key, (name, born) in made.items()
    }
    persons["lars"] = dataclasses.replace(persons["lars"], acr="idporten-loa-low")
    persons["ekte"] = Person("ekte", REAL_LOOKING, "Ekte Person", datetime.date(1980, 1, 15))
    return persons


@pytest.fixture(scope="session")
def persons() -> dict[str, Person]:
    return _persons()


def write_persons(path, persons):
    """The provider's persons file for ``persons`` (``Person``s); returns the path."""
    path.write_text(
        json.dumps(
            [
                {
                    "sub": f"test-{p.key}",
                    "pid": p.pid,
                    "name": p.name,
                    "given_name": p.name.split()[0],
                    "family_name": p.name.split()[-1],
                    "acr": p.acr,
                    "description": p.key,
                }
                for p in persons
            ]
        )
    )
    return path


@pytest.fixture(scope="session")
def test_idp(persons, tmp_path_factory):
    path = write_persons(tmp_path_factory.mktemp("idp") / "persons.json", persons.values())
    clients = [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [CALLBACK],
            "post_logout_redirect_uris": [AFTER_LOGOUT],
        },
        {
            "client_id": OTHER_CLIENT_ID,
            "client_secret": "other-secret",
            "redirect_uris": [CALLBACK],
            "post_logout_redirect_uris": [AFTER_LOGOUT],
        },
    ]
    with start_identity_provider(clients=clients, persons_path=path) as provider:
        yield provider


def provider_conf(issuer: str, **overrides) -> dict:
    return {
        "name": "Test ID",
        "country": "NO",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "acr_values": "idporten-loa-substantial",
        "accepted_acr": ["idporten-loa-substantial", "idporten-loa-high"],
        "identity_claim": "pid",
        **overrides,
    }


@pytest.fixture
def portal_provider(settings, test_idp):
    settings.HELHET_PORTAL_PROVIDERS = {"testid": provider_conf(test_idp.issuer)}
    return test_idp


def authorize_at_provider(location: str, pid: str, *, stop_at: str = CALLBACK) -> str:
    """The browser's part at the provider: follow the redirects, pick the test person, and
    return the URL the provider sends the browser back to."""
    session = requests.Session()
    response = session.get(location, allow_redirects=False, timeout=10)
    for _ in range(12):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith(stop_at):
                return target
            response = session.get(target, allow_redirects=False, timeout=10)
            continue
        assert response.status_code == 200, response.text[:500]
        action = response.url
        response = session.post(action, data={"pid": pid}, allow_redirects=False, timeout=10)
    raise AssertionError("the provider did not send the browser back")


def e_id_login(client, pid: str, *, provider: str = "testid"):
    """Log in to the portal as the test person with ``pid``; the callback's response."""
    started = client.post(f"/portal/login/{provider}/")
    assert started.status_code == 302, started.content[:300]
    back = authorize_at_provider(started["Location"], pid)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def as_citizen(client, person: Person) -> None:
    """A citizen's session without the provider round trip (the login itself is tested in
    test_login.py), as ``force_login`` stands for a professional's login."""
    import time

    from helhet.portal.session import LAST_SEEN_KEY, SESSION_KEY

    session = client.session
    session[SESSION_KEY] = {
        "provider": "testid",
        "country": "NO",
        "identity_number": person.pid,
        "name": person.name,
        "acr": person.acr,
    }
    session[LAST_SEEN_KEY] = time.time()
    session.save()


def citizen(person: Person):
    from helhet.portal.session import Citizen

    return Citizen(
        provider="testid",
        country="NO",
        identity_number=person.pid,
        name=person.name,
        acr=person.acr,
    )
