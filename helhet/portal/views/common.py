"""Helpers of the portal's thin views."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from helhet.access.policy.portal import access_portal_case


def citizen_required(view):
    """The portal's pages need an e-ID session; a professional's login is not one."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "citizen", None) is None:
            messages.info(request, _("Log in with your e-ID to see this page."))
            return redirect("portal:start")
        return view(request, *args, **kwargs)

    return wrapped


def portal_case(request, pk: int, section: str = "overview"):
    """The citizen's access to the case, or 404 (forbidden and missing look the same)."""
    return access_portal_case(request.citizen, pk, section=section)
