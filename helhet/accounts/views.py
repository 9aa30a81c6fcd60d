from __future__ import annotations

import logging
import time

from allauth.account.internal.flows.login import record_authentication
from allauth.account.views import LoginView as AllauthLoginView
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.accounts import sso
from helhet.accounts.middleware import LAST_SEEN_KEY
from helhet.accounts.second_factor import totp_of
from helhet.people.models import User
from helhet.people.selectors import demo_users

logger = logging.getLogger(__name__)
BACKEND = "helhet.accounts.backends.AuthenticationBackend"
PENDING_KEY = "helhet_sso_pending"  # {"user": pk, "provider": key}: the code still to come


class LoginView(AllauthLoginView):
    """allauth's login, plus the demo notice and demo accounts while HELHET_DEMO is on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = list(sso.providers().values())
        if settings.HELHET_DEMO:
            from helhet.synthetic.demo import DEMO_PASSWORD

            context["demo_password"] = DEMO_PASSWORD
            context["demo_accounts"] = [
                {"email": u.email, "description": u.name} for u in demo_users()
            ]
        return context


login = LoginView.as_view()


@require_POST
@login_required
def session_keepalive(request):
    """'Stay logged in' from the idle warning: the request itself is the activity.

    The idle middleware records activity at most once a minute; here it is recorded always.
    """
    request.session[LAST_SEEN_KEY] = time.time()
    return HttpResponse(status=204)


# --- single sign-on with the municipality's identity provider --------------------------------


def _signed_in(request, user: User, p: sso.StaffProvider, *, second_factor: bool):
    auth_login(request, user, backend=BACKEND)
    record_authentication(request, user, "sso", provider=p.key)
    if second_factor:  # the provider's own, as the token said, or Helhet's code just now
        record_authentication(request, user, "mfa", type="sso", provider=p.key)
    return redirect("home")


@require_POST
def sso_login(request, provider: str):
    p = sso.provider(provider)
    if p is None:
        raise Http404
    if not ratelimit.consume(request, action="login"):
        return render(request, "429.html", status=429)
    redirect_uri = request.build_absolute_uri(reverse("sso_callback", args=[p.key]))
    try:
        return sso.login_redirect(
            request, p, redirect_uri=redirect_uri, language=translation.get_language()
        )
    except OSError:
        logger.warning("staff login: the identity provider %s did not answer", p.key)
        return render(request, "account/sso_error.html", {"unavailable": True}, status=503)


@require_GET
def sso_callback(request, provider: str):
    p = sso.provider(provider)
    if p is None:
        raise Http404
    try:
        found = sso.complete_login(request, p)
    except sso.LoginRefused as refused:
        return render(request, "account/sso_error.html", {"message": refused.message}, status=400)
    except OSError:
        logger.warning("staff login: the identity provider %s did not answer", p.key)
        return render(request, "account/sso_error.html", {"unavailable": True}, status=503)
    if found.provider_mfa:
        return _signed_in(request, found.user, p, second_factor=True)
    if totp_of(found.user) is None:
        # No authenticator yet: signed in, and sent to set one up before anything else.
        return _signed_in(request, found.user, p, second_factor=False)
    request.session[PENDING_KEY] = {"user": found.user.pk, "provider": p.key}
    return redirect("sso_code")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@require_http_methods(["GET", "POST"])
def sso_code(request):
    """The provider's login had no second factor: Helhet's own code, as after a password."""
    pending = request.session.get(PENDING_KEY) or {}
    p = sso.provider(pending.get("provider", ""))
    user = sso.active_user(pending.get("user")) if p else None
    if p is None or user is None:  # no login waiting for its code
        return redirect("home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # As for a wrong password: 5 tries per account (and 30 per address) in 15 minutes.
        if not ratelimit.consume(request, action="login_failed", key=f"sso-code:{user.pk}"):
            return render(request, "429.html", status=429)
        totp = totp_of(user)
        if totp is not None and totp.validate_code(form.cleaned_data["code"].strip()):
            del request.session[PENDING_KEY]
            return _signed_in(request, user, p, second_factor=True)
        form.add_error("code", _("Incorrect code."))
    return render(request, "account/sso_code.html", {"form": form, "provider": p})
