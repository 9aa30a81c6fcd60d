"""The citizen's session: who logged in with e-ID, kept apart from professionals' logins.

A citizen is never a Django ``User``: the session holds the verified identity under one key,
and starting it logs any professional out first (and a professional's login removes it, see
``helhet.portal.signals``), so one browser session is never both doors at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_KEY = "helhet_citizen"
LAST_SEEN_KEY = "helhet_citizen_seen"
ID_TOKEN_KEY = "helhet_citizen_id_token"  # noqa: S105 (a session key)


@dataclasses.dataclass(frozen=True)
class Citizen:
    """A person logged in with national e-ID, as the provider vouched for them."""

    provider: str  # the key of the provider in HELHET_PORTAL_PROVIDERS
    country: str
    identity_number: str  # canonical form (helhet.people.nordic_id)
    name: str
    acr: str  # the level of assurance the provider returned

    @property
    def key(self) -> str:
        """A keyed hash of the identity number: the citizen's id wherever one must be stored."""
        return hmac.new(
            settings.SECRET_KEY.encode(), f"citizen:{self.identity_number}".encode(), hashlib.sha256
        ).hexdigest()


def citizen_of(request) -> Citizen | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    return Citizen(**data)


def start_citizen_session(request, citizen: Citizen, *, id_token: str = "") -> None:
    # ``logout`` flushes the session: a professional logged in in this browser is logged out.
    logout(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = dataclasses.asdict(citizen)
    request.session[ID_TOKEN_KEY] = id_token
    request.session[LAST_SEEN_KEY] = time.time()


def end_citizen_session(request) -> str:
    """Forget the citizen; returns the ID token, for the provider's logout."""
    id_token = request.session.get(ID_TOKEN_KEY, "")
    request.session.flush()
    return id_token
