"""Puts the citizen on the request and ends an idle citizen session sooner than a professional's."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from helhet.portal import oidc
from helhet.portal.session import LAST_SEEN_KEY, citizen_of, end_citizen_session

_RESOLUTION = 30  # seconds: the time of the last request is saved at most this often


class CitizenSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.citizen = citizen_of(request)
        if request.citizen is not None:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            idle = settings.HELHET_PORTAL_IDLE_MINUTES * 60
            if idle and last_seen is not None and now - float(last_seen) > idle:
                end_citizen_session(request)
                request.citizen = None
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.HELHET_PORTAL_IDLE_MINUTES},
                )
                return redirect("portal:start")
            if last_seen is None or now - float(last_seen) >= _RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


STAFF_LOGIN = "/accounts/login/"


class PortalFormActionMiddleware:
    """The portal's login and logout forms are answered with a redirect to the e-ID provider,
    and browsers apply ``form-action`` to the whole redirect chain: the portal's pages allow
    the providers' authorization and end-session origins (from their discovery documents), and
    nothing else beyond 'self'. The staff login page likewise allows the municipalities'
    single sign-on providers. Sits inside django-csp's middleware, which reads the update."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = []
        if request.path_info.startswith("/portal/"):
            origins = oidc.form_action_origins()
        elif request.path_info == STAFF_LOGIN and settings.HELHET_STAFF_OIDC:
            from helhet.accounts import sso

            origins = sso.form_action_origins()
        if origins:
            response._csp_update = {"form-action": origins}
        return response
