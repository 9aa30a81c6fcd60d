from __future__ import annotations

from django.shortcuts import redirect

from helhet.accounts.second_factor import needs_second_factor_setup

# Paths a signed-in user without a second factor may still reach: setting it up, logging out,
# changing language, static files and the health check.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireSecondFactorMiddleware:
    """Sends a signed-in user without TOTP to the TOTP set-up page before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(_OPEN_PREFIXES) or not request.user.is_authenticated:
            return self.get_response(request)
        if needs_second_factor_setup(request.user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
