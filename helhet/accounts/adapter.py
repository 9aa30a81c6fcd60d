from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from helhet.accounts.second_factor import has_any_authenticator


class AccountAdapter(DefaultAccountAdapter):
    """Professionals get accounts from their municipality; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Setting up the *first* second factor happens right after the password login that the
        # mandatory-TOTP rule redirected from; asking for the password again there adds nothing.
        # Changing or removing an existing factor still requires re-authentication.
        request = getattr(self, "request", None) or context.request
        user = getattr(request, "user", None)
        first_factor = (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not has_any_authenticator(user)
        )
        if first_factor:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_login_redirect_url(self, request) -> str:
        # A professional starts the day on My work (their tasks, concerns, cases); others, such
        # as an operator without a municipality, on the home page. A "next" still wins (allauth).
        from django.urls import reverse

        from helhet.access.policy import actor_professional

        if actor_professional(request.user) is not None:
            return reverse("cases:my_work")
        return super().get_login_redirect_url(request)
