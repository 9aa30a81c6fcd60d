"""API-wide permissions: a professional, and a token's scope. Object rules are the policy's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from helhet.access.policy import actor_professional
from helhet.api.models import ApiToken, TokenScope


class IsProfessional(permissions.BasePermission):
    message = _("Only professionals can use the API.")

    def has_permission(self, request, view) -> bool:
        return actor_professional(request.user) is not None


class TokenScopeAllows(permissions.BasePermission):
    """A read-only token may only read; the browser session may do what its user may."""

    message = _("This API token may only read. Create a token with write access to change data.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        return request.method in permissions.SAFE_METHODS or token.scope == TokenScope.WRITE
