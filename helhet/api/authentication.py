"""Who is calling: a personal API token (``Authorization: Bearer hlh_…``) or the browser session.

A token is refused — 401, the same answer for each — when it is unknown, wrong, revoked or
expired, or when its owner's account is inactive. The comparison is constant-time.
"""

from __future__ import annotations

import hmac

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from helhet.api.models import ApiToken
from helhet.api.services import TOKEN_PREFIX, digest_of
from helhet.core import clock


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, value = header.partition(" ")
        if keyword != self.keyword:
            return None
        token = self._token_for(value.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(_("The API token is not valid."))
        now = clock.now()
        # At most one write a minute per token, so reads do not all write to the database.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def _token_for(self, value: str) -> ApiToken | None:
        if not value.startswith(TOKEN_PREFIX):
            return None
        prefix, _sep, secret = value.removeprefix(TOKEN_PREFIX).partition("_")
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
            return None
        if token.revoked_at is not None or token.expires_at <= clock.now():
            return None
        if not token.user.is_active:
            return None
        return token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session (with CSRF on writes); the second factor is enforced by the
    middleware before any API view runs."""
