"""Login with national e-ID through OpenID Connect (docs/decisions/0018-portal-e-id.md).

Authlib's Django client does the protocol: the authorization code flow with PKCE (S256),
``state`` kept in the session and used once, ``nonce``, and the ID token checked against the
provider's published keys (signature, issuer, audience, expiry, nonce). Helhet adds what
is its own: the level of assurance (``acr``) it requires, and the identity number claim
validated through ``helhet.people.nordic_id``. No token validation is written here by hand.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from urllib.parse import urlsplit

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from helhet.people import nordic_id
from helhet.portal.session import Citizen

logger = logging.getLogger(__name__)


class LoginRefused(Exception):
    """The login did not give a citizen Helhet may let in; ``message`` is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclasses.dataclass(frozen=True)
class Provider:
    key: str
    name: str
    country: str
    issuer: str
    client_id: str
    client_secret: str
    acr_values: str
    accepted_acr: tuple[str, ...]
    identity_claim: str
    scope: str
    metadata_url: str

    @classmethod
    def from_settings(cls, key: str, conf: dict) -> Provider:
        # Compared exactly with the token's ``iss``: kept as configured (some end in "/").
        issuer = conf["issuer"]
        acr_values = conf.get("acr_values", "idporten-loa-substantial")
        return cls(
            key=key,
            name=conf.get("name", key),
            country=conf.get("country", "NO"),
            issuer=issuer,
            client_id=conf["client_id"],
            client_secret=conf.get("client_secret", ""),
            acr_values=acr_values,
            accepted_acr=tuple(conf.get("accepted_acr") or acr_values.split()),
            identity_claim=conf.get("identity_claim", "pid"),
            scope=conf.get("scope", "openid profile"),
            metadata_url=conf.get(
                "server_metadata_url", f"{issuer.rstrip('/')}/.well-known/openid-configuration"
            ),
        )


def providers() -> dict[str, Provider]:
    return {
        key: Provider.from_settings(key, conf)
        for key, conf in settings.HELHET_PORTAL_PROVIDERS.items()
    }


def provider(key: str) -> Provider | None:
    return providers().get(key)


HTTP_TIMEOUT = 10  # seconds for each request to the provider (metadata, keys, tokens)

# One Authlib client per provider configuration (the metadata and keys it fetched are cached
# on it); a changed configuration (another port in the tests) gets a client of its own.
_clients: dict[str, object] = {}


def client_for(p: Provider):
    cache_key = json.dumps(dataclasses.asdict(p), sort_keys=True)
    client = _clients.get(cache_key)
    if client is None:
        registry = OAuth()
        client = registry.register(
            name=p.key,
            client_id=p.client_id,
            client_secret=p.client_secret,
            server_metadata_url=p.metadata_url,
            # A provider that hangs must not hang the portal's pages.
            client_kwargs={
                "scope": p.scope,
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIMEOUT,
            },
        )
        _clients[cache_key] = client
    return client


def login_redirect(request, p: Provider, *, redirect_uri: str, language: str):
    """The redirect to the provider: PKCE, state and nonce are made and kept by Authlib."""
    return client_for(p).authorize_redirect(
        request, redirect_uri, acr_values=p.acr_values, ui_locales=language
    )


def _claims_options(p: Provider) -> dict:
    return {
        "iss": {"essential": True, "values": [p.issuer]},
        "acr": {"essential": True},
        p.identity_claim: {"essential": True},
    }


def citizen_from_claims(p: Provider, claims: dict) -> Citizen:
    """Helhet's own checks of a verified ID token's claims."""
    acr = claims.get("acr") or ""
    if acr not in p.accepted_acr:
        raise LoginRefused(
            _(
                "Your login was at a lower level of security than the portal needs. Log in "
                "again with a higher level (for example BankID or a passport)."
            )
        )
    try:
        number = nordic_id.parse(str(claims.get(p.identity_claim) or ""), p.country)
    except ValidationError as error:
        if error.code == "real_number":
            # Outside production only synthetic test identities exist (domain rule 9).
            raise LoginRefused(
                _(
                    "This installation only accepts synthetic test identities, never a real "
                    "person's number."
                )
            ) from None
        raise LoginRefused(_("The login did not give a valid identity number.")) from None
    name = str(claims.get("name") or "").strip()
    return Citizen(
        provider=p.key, country=p.country, identity_number=number.number, name=name, acr=acr
    )


def verify_id_token(p: Provider, token: dict, *, nonce: str) -> dict:
    """The ID token's claims after Authlib checked it against the provider's keys."""
    client = client_for(p)
    try:
        claims = client.parse_id_token(
            token,
            nonce=nonce,
            claims_options=_claims_options(p),
            leeway=settings.HELHET_PORTAL_OIDC_LEEWAY,
        )
    except (JoseError, ValueError) as error:
        logger.info("portal login refused: the ID token did not verify (%s)", type(error).__name__)
        raise LoginRefused(_("The login could not be verified. Nothing was saved.")) from None
    if claims is None:
        raise LoginRefused(_("The login could not be verified. Nothing was saved."))
    return dict(claims)


def complete_login(request, p: Provider) -> tuple[Citizen, str]:
    """The citizen and their ID token from the provider's answer at the callback."""
    claims, id_token = verified_claims(request, p, claims_options=_claims_options(p))
    return citizen_from_claims(p, claims), id_token


def verified_claims(request, p, *, claims_options: dict) -> tuple[dict, str]:
    """The provider's answer at a callback (the portal's or staff single sign-on): the state
    used once, the tokens fetched with the code and the PKCE verifier, the ID token verified;
    its claims and the raw ID token."""
    client = client_for(p)
    state = request.GET.get("state", "")
    state_data = client.framework.get_state_data(request.session, state) if state else None
    if not state_data:
        # No such state in this session: replayed, forged, or from another browser.
        raise LoginRefused(_("This login link has already been used or has expired. Log in again."))
    try:
        # Fetches the tokens with the code and the PKCE verifier; the state is used up here.
        token = client.authorize_access_token(
            request, claims_options=claims_options, leeway=settings.HELHET_PORTAL_OIDC_LEEWAY
        )
    except OAuthError as error:
        logger.info("login refused by the provider %s (%s)", p.key, error.error)
        raise LoginRefused(_("The login was cancelled or refused. Nothing was saved.")) from None
    except (JoseError, ValueError) as error:
        logger.info("login refused: the ID token did not verify (%s)", type(error).__name__)
        raise LoginRefused(_("The login could not be verified. Nothing was saved.")) from None
    claims = token.get("userinfo")
    if not claims:
        raise LoginRefused(_("The login could not be verified. Nothing was saved."))
    return dict(claims), token.get("id_token", "")


def provider_origins(configured) -> list[str]:
    """The origins browsers are sent to by these providers: each one's issuer, authorization and
    end-session endpoints (ID-porten logs in on another host than its issuer); for
    ``form-action``, which applies to a form's whole redirect chain."""
    origins: set[str] = set()
    for p in configured:
        urls = [p.issuer]
        try:
            metadata = client_for(p).load_server_metadata()
        except OSError:
            metadata = {}
        urls += [metadata.get("authorization_endpoint"), metadata.get("end_session_endpoint")]
        for url in filter(None, urls):
            parts = urlsplit(url)
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def form_action_origins() -> list[str]:
    """The origins the portal's forms may lead to."""
    return provider_origins(providers().values())


def logout_url(p: Provider, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout), if it offers one."""
    client = client_for(p)
    try:
        metadata = client.load_server_metadata()
    except OSError:  # the provider is down: the local logout still holds
        return None
    if not metadata.get("end_session_endpoint") or not id_token:
        return None
    return client.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token
    )["url"]
