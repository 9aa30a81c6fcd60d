from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from helhet.accounts.second_factor import (
    demo_account_outside_demo,
    has_any_authenticator,
    may_skip_second_factor,
    session_passed_second_factor,
)

# What a signed-in user who has not passed the second factor may reach: setting it up, logging
# out, the password pages, changing language and the health check. Nothing else — not even
# other account pages (adding an unverified e-mail address there would block TOTP set-up).
_OPEN_URL_NAMES = (
    "mfa_activate_totp",
    "account_reauthenticate",
    "account_logout",
    "account_change_password",
    "account_set_password",
    "set_language",
    "healthz",
)
_open_paths = SimpleLazyObject(lambda: frozenset(reverse(name) for name in _OPEN_URL_NAMES))
_ALWAYS_OPEN_PREFIXES = ("/static/",)

# When the session last did something, in epoch seconds; written at most once a minute.
LAST_SEEN_KEY = "helhet_last_seen"
_LAST_SEEN_RESOLUTION = 60


def _problem(request, title: str, detail: str) -> JsonResponse:
    # An API client gets a problem, not a redirect to a page it cannot show.
    return JsonResponse(
        {
            "type": "urn:helhet:problem:second-factor-required",
            "title": title,
            "status": 403,
            "detail": detail,
            "instance": request.path,
        },
        status=403,
        content_type="application/problem+json",
    )


class SessionIdleTimeoutMiddleware:
    """Ends a signed-in session after HELHET_SESSION_IDLE_MINUTES without a request.

    The absolute lifetime (SESSION_COOKIE_AGE, one working day) still applies; this one protects a
    shared municipal PC that someone walked away from.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_minutes = settings.HELHET_SESSION_IDLE_MINUTES
        if idle_minutes and request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - float(last_seen) > idle_minutes * 60:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {
                            "type": "urn:helhet:problem:session-expired",
                            "title": _("Your session has ended."),
                            "status": 401,
                            "detail": _("Log in again."),
                            "instance": request.path,
                        },
                        status=401,
                        content_type="application/problem+json",
                    )
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": idle_minutes},
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - float(last_seen) >= _LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """Lets a signed-in user in only once this session has passed the second factor.

    A user without any authenticator is sent to the TOTP set-up page; a user who has one but whose
    session skipped the step (any login path other than allauth's) is logged out. Also ends the
    session of a demo account once the installation no longer runs as a demo: their password is
    public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        if demo_account_outside_demo(user):
            logout(request)
            return redirect("account_login")
        if session_passed_second_factor(request):
            return self.get_response(request)
        path = request.path_info
        if path in _open_paths or path.startswith(_ALWAYS_OPEN_PREFIXES):
            return self.get_response(request)
        # The Django admin has no demo exemption; the admin site's own check says so too.
        if may_skip_second_factor(user) and not path.startswith("/admin/"):
            return self.get_response(request)
        if has_any_authenticator(user):
            # Logged in without the step it requires: not through Helhet's login.
            logout(request)
            if path.startswith("/api/"):
                return _problem(
                    request,
                    _("Log in with the second factor before using Helhet."),
                    _("Log in in the browser with your authenticator app."),
                )
            return redirect_to_login(request.get_full_path())
        if path.startswith("/api/"):
            return _problem(
                request,
                _("Set up the second factor before using Helhet."),
                _("Log in in the browser and set up an authenticator app."),
            )
        return redirect("mfa_activate_totp")
