"""Writes for API tokens. The plain token exists only in the return value of ``token_create``."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access.policy import actor_professional
from helhet.api.models import ApiToken, TokenScope
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.core.errors import DomainError

TOKEN_PREFIX = "hlh_"  # noqa: S105 (a visible marker, not a secret)
MAX_LIFETIME_DAYS = 366


def digest_of(secret: str) -> str:
    # The secret has 256 bits of entropy: a plain hash cannot be brute-forced (unlike passwords).
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


@transaction.atomic
def token_create(*, user, name: str, scope: str, expires_on: datetime.date) -> NewToken:
    professional = actor_professional(user)
    if professional is None:
        raise DomainError(_("Only professionals can create API tokens."))
    if not name.strip():
        raise DomainError(_("Name the token after the system that will use it."), field="name")
    if scope not in TokenScope.values:
        raise DomainError(_("Choose read only, or read and write."), field="scope")
    today = clock.today()
    if expires_on <= today:
        raise DomainError(_("The expiry date must be after today."), field="expires_on")
    if expires_on > today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        raise DomainError(_("A token lives at most one year."), field="expires_on")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=digest_of(secret),
        scope=scope,
        created_at=clock.now(),
        expires_at=clock.aware_end_of(expires_on),
    )
    audit_record(
        actor=user,
        action="api.token.create",
        municipality_id=professional.municipality_id,
        obj=token,
    )
    return NewToken(token=token, plain=f"{TOKEN_PREFIX}{prefix}_{secret}")


@transaction.atomic
def token_revoke(*, token: ApiToken, revoked_by) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != revoked_by.pk:
        raise DomainError(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        professional = actor_professional(revoked_by)
        audit_record(
            actor=revoked_by,
            action="api.token.revoke",
            municipality_id=professional.municipality_id if professional else None,
            obj=token,
        )
    return token
