"""Throttling per API token (an integration gets its own budget), else per user."""

from __future__ import annotations

from allauth.core.internal.httpkit import get_client_ip
from rest_framework.throttling import SimpleRateThrottle

from helhet.api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope = "session"
            self.rate = self.get_rate()
            self.num_requests, self.duration = self.parse_rate(self.rate)
            ident = f"user-{request.user.pk}"
        else:
            # The client's address as the login limits see it (trusted proxy settings).
            ident = get_client_ip(request) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
