"""Staff single sign-on with the municipality's own identity provider (OpenID Connect: Entra
ID, AD FS, Keycloak and the like), configured per municipality by the operator
(``HELHET_STAFF_OIDC``; docs/administration.md).

Authlib does the protocol exactly as for the portal (``helhet.portal.oidc.client_for``: the code
flow with PKCE, state and nonce kept in the session and used once, the ID token checked
against the provider's keys, issuer and audience). Helhet adds its own rules:

- only an address that a municipal administrator invited or imported is let in, and only by
  its own municipality's provider (an ID token from another municipality's provider logs no
  one in); the first login links the provider's subject to the account, and from then on the
  subject counts, not the e-mail claim;
- the provider's multi-factor login counts as Helhet's second factor only when the token says
  so (``amr`` holds one of the provider's ``mfa_amr`` values, or ``acr`` is one of its
  ``mfa_acr``); otherwise Helhet's own authenticator code is still asked for;
- an invited person's first login through the provider accepts the invitation (no password
  is ever set for them).
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.administration.models import Invitation, SingleSignOnLink
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.people.models import Professional, User
from helhet.portal.oidc import LoginRefused, client_for, provider_origins, verified_claims


@dataclasses.dataclass(frozen=True)
class StaffProvider:
    key: str
    name: str
    municipality_id: int
    issuer: str
    client_id: str
    client_secret: str
    scope: str
    email_claim: str
    mfa_amr: tuple[str, ...]
    mfa_acr: tuple[str, ...]
    metadata_url: str

    @classmethod
    def from_settings(cls, key: str, conf: dict) -> StaffProvider:
        issuer = conf["issuer"]
        return cls(
            key=key,
            name=conf.get("name", key),
            municipality_id=int(conf["municipality"]),
            issuer=issuer,
            client_id=conf["client_id"],
            client_secret=conf.get("client_secret", ""),
            scope=conf.get("scope", "openid email profile"),
            email_claim=conf.get("email_claim", "email"),
            mfa_amr=tuple(conf.get("mfa_amr", ("mfa",))),
            mfa_acr=tuple(conf.get("mfa_acr", ())),
            metadata_url=conf.get(
                "server_metadata_url", f"{issuer.rstrip('/')}/.well-known/openid-configuration"
            ),
        )


def providers() -> dict[str, StaffProvider]:
    return {
        key: StaffProvider.from_settings(key, conf)
        for key, conf in settings.HELHET_STAFF_OIDC.items()
    }


def provider(key: str) -> StaffProvider | None:
    return providers().get(key)


def login_redirect(request, p: StaffProvider, *, redirect_uri: str, language: str):
    return client_for(p).authorize_redirect(request, redirect_uri, ui_locales=language)


@dataclasses.dataclass(frozen=True)
class StaffLogin:
    user: User
    provider_mfa: bool  # the provider's own login had a second factor


def _had_mfa(p: StaffProvider, claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(p.mfa_amr)) or (claims.get("acr") or "") in p.mfa_acr


def _refused_unknown(p: StaffProvider) -> LoginRefused:
    # Unknown here, someone of another municipality, or another account's subject: one answer.
    return LoginRefused(
        _(
            "Helhet does not know this account for %(provider)s. Ask your municipal "
            "administrator to invite you."
        )
        % {"provider": p.name}
    )


def _linked_user(p: StaffProvider, claims: dict) -> User:
    """The user the provider's subject is linked to; at the first login, the invited or
    imported address, which links it."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise LoginRefused(_("The login could not be verified."))
    link = SingleSignOnLink.objects.filter(provider=p.key, subject=subject).first()
    if link is not None:
        return User.objects.select_for_update().get(pk=link.user_id)
    if claims.get("email_verified") is False:
        raise _refused_unknown(p)  # an address the provider itself does not vouch for
    email = User.objects.normalize_email(str(claims.get(p.email_claim) or "")).lower()
    if not email:
        raise LoginRefused(_("The login gave no e-mail address."))
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None or SingleSignOnLink.objects.filter(provider=p.key, user=user).exists():
        raise _refused_unknown(p)  # unknown, or linked to another subject already
    SingleSignOnLink.objects.create(
        user=user, provider=p.key, subject=subject, linked_at=clock.now()
    )
    return user


@transaction.atomic
def complete_login(request, p: StaffProvider) -> StaffLogin:
    """The professional the provider vouched for, after Helhet's own checks."""
    claims, _id_token = verified_claims(
        request, p, claims_options={"iss": {"essential": True, "values": [p.issuer]}}
    )
    user = _linked_user(p, claims)
    professional = Professional.objects.filter(user=user).first()
    if professional is None or professional.municipality_id != p.municipality_id:
        raise _refused_unknown(p)
    if not user.is_active:
        invitation = (
            Invitation.objects.select_for_update()
            .filter(professional=professional, accepted_at__isnull=True, withdrawn_at__isnull=True)
            .first()
        )
        if invitation is None or invitation.expires_at <= clock.now():
            raise LoginRefused(_("This account is not active. Ask your municipal administrator."))
        # The first login through the provider accepts the invitation: no password is set.
        invitation.accepted_at = clock.now()
        invitation.save(update_fields=["accepted_at"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=user,
            action="administration.invitation.accept",
            purpose=f"single sign-on {p.key}"[:200],
            municipality_id=professional.municipality_id,
            obj=professional,
        )
    return StaffLogin(user=user, provider_mfa=_had_mfa(p, claims))


def active_user(pk) -> User | None:
    """The user waiting for their code, while still active."""
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def form_action_origins() -> list[str]:
    """The providers' origins, for the login page's ``form-action`` (its form is answered with a
    redirect to the provider)."""
    return provider_origins(providers().values())
