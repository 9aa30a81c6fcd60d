"""The rule: every professional logs in with a TOTP second factor.

The only exception is a demo account while the installation runs as a demo (HELHET_DEMO), which
the login page announces.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings


def demo_account_outside_demo(user) -> bool:
    """Demo accounts have a published password: outside the demo they may not log in at all."""
    return bool(user.is_demo and not settings.HELHET_DEMO)


def may_skip_second_factor(user) -> bool:
    return bool(settings.HELHET_DEMO and user.is_demo)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def has_any_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user).exists()


def needs_second_factor_setup(user) -> bool:
    if not user.is_authenticated or may_skip_second_factor(user):
        return False
    return not has_second_factor(user)
