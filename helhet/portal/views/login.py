"""The portal's door: the public start page, login with e-ID, the provider's answer, logout."""

from __future__ import annotations

import logging

from allauth.core import ratelimit
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from helhet.portal import oidc
from helhet.portal.session import citizen_of, end_citizen_session, start_citizen_session

logger = logging.getLogger(__name__)


@require_GET
def start(request):
    """Public: what the portal is, how to log in, how to ask for help."""
    if request.citizen is not None:
        return redirect("portal:home")
    return render(request, "portal/start.html", {"providers": oidc.providers().values()})


@require_POST
def login(request, provider: str):
    p = oidc.provider(provider)
    if p is None:
        raise Http404
    if not ratelimit.consume(request, action="portal_login"):
        return render(request, "429.html", status=429)
    redirect_uri = request.build_absolute_uri(reverse("portal:callback", args=[p.key]))
    try:
        return oidc.login_redirect(
            request, p, redirect_uri=redirect_uri, language=translation.get_language()
        )
    except OSError:
        logger.warning("portal login: the e-ID provider %s did not answer", p.key)
        return render(request, "portal/login_error.html", {"unavailable": True}, status=503)


@require_GET
def callback(request, provider: str):
    p = oidc.provider(provider)
    if p is None:
        raise Http404
    try:
        citizen, id_token = oidc.complete_login(request, p)
    except oidc.LoginRefused as refused:
        return render(request, "portal/login_error.html", {"message": refused.message}, status=400)
    except OSError:
        logger.warning("portal login: the e-ID provider %s did not answer", p.key)
        return render(request, "portal/login_error.html", {"unavailable": True}, status=503)
    start_citizen_session(request, citizen, id_token=id_token)
    return redirect("portal:home")


@require_POST
def logout(request):
    """End the session here, then at the provider where it offers RP-initiated logout."""
    citizen = citizen_of(request)
    id_token = end_citizen_session(request)
    p = oidc.provider(citizen.provider) if citizen else None
    if p is not None:
        after = request.build_absolute_uri(reverse("portal:start"))
        url = oidc.logout_url(p, id_token=id_token, post_logout_redirect_uri=after)
        if url:
            return redirect(url)
    return redirect("portal:start")
