"""The Django admin has no login of its own.

Its login form would accept a staff password without the second factor and without allauth's
throttling. So ``/admin/login/`` only ever redirects (to Helhet's login, or to setting up the
second factor), and the admin is open only to an active superuser whose *session* passed the
second factor — the demo exemption for demo accounts does not reach the admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect

from helhet.accounts.second_factor import session_passed_second_factor


def admin_has_permission(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser and session_passed_second_factor(request))


def admin_login(request, extra_context=None):
    """Stands in for ``AdminSite.login``: never renders or accepts a form."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or "/admin/")
    if user.is_active and user.is_superuser and not session_passed_second_factor(request):
        return redirect("mfa_activate_totp")
    # Signed in, but the admin is not for them: it does not exist.
    raise Http404


def harden_admin_site(site: admin.AdminSite) -> None:
    site.login = admin_login
    site.has_permission = admin_has_permission
