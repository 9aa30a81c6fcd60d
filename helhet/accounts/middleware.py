from __future__ import annotations

from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from helhet.accounts.second_factor import demo_account_outside_demo, needs_second_factor_setup

# Paths a signed-in user without a second factor may still reach: setting it up, logging out,
# changing language, static files and the health check.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireSecondFactorMiddleware:
    """Sends a signed-in user without TOTP to the TOTP set-up page before anything else.

    Also ends the session of a demo account once the installation no longer runs as a demo:
    their password is public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        if demo_account_outside_demo(request.user):
            logout(request)
            return redirect("account_login")
        if request.path_info.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if needs_second_factor_setup(request.user):
            if request.path_info.startswith("/api/"):
                # An API client gets a problem, not a redirect to a page it cannot show.
                return JsonResponse(
                    {
                        "type": "urn:helhet:problem:second-factor-required",
                        "title": _("Set up the second factor before using Helhet."),
                        "status": 403,
                        "detail": _("Log in in the browser and set up an authenticator app."),
                        "instance": request.path,
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
