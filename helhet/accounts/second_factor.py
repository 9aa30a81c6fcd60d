"""The rule: every professional logs in with a second factor, proven in the session.

Having set up an authenticator is not enough: *this session* must have completed the TOTP (or
recovery-code) step, as allauth records it in the session during login. So a session that came
through any other path (a bug, a future login method, an admin form) is not let in.

The only exception is a demo account while the installation runs as a demo (HELHET_DEMO), which
the login page announces — and never for the Django admin.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings


def demo_account_outside_demo(user) -> bool:
    """Demo accounts have a published password: outside the demo they may not log in at all."""
    return bool(user.is_demo and not settings.HELHET_DEMO)


def may_skip_second_factor(user) -> bool:
    return bool(settings.HELHET_DEMO and user.is_demo)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_of(user):
    """The user's authenticator app, as allauth's TOTP (to check a code), or None."""
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return TOTP(authenticator) if authenticator is not None else None


def has_any_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user).exists()


def session_passed_second_factor(request) -> bool:
    """Whether this session's login (for this user) included the second-factor step.

    Read from the session only, so the check costs no query on every request.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def record_second_factor_set_up(request, user, authenticator) -> None:
    """Setting up TOTP means typing a valid code from the new device: the session has proven it."""
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
