"""Deploy checks for the login: ``helhet check --deploy`` warns when a setting weakens it.

Each check names the setting and the hardening it undoes (docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.checks import Error, Tags, Warning, register

_SECOND_FACTOR = "helhet.accounts.middleware.RequireSecondFactorMiddleware"
_IDLE = "helhet.accounts.middleware.SessionIdleTimeoutMiddleware"
_GUESSABLE = "helhet.accounts.passwords.GuessablePasswordValidator"
_LONGEST_IDLE_MINUTES = 60


@register(Tags.security, deploy=True)
def second_factor_enforced(app_configs, **kwargs):
    from helhet.accounts.admin_site import admin_has_permission, admin_login

    problems = []
    if _SECOND_FACTOR not in settings.MIDDLEWARE:
        problems.append(
            Error(
                "RequireSecondFactorMiddleware is not in MIDDLEWARE: a password alone logs in.",
                hint=f"Add {_SECOND_FACTOR} after allauth's AccountMiddleware.",
                id="helhet.E010",
            )
        )
    if admin.site.login is not admin_login or admin.site.has_permission is not admin_has_permission:
        problems.append(
            Error(
                "The Django admin has its own login, without the second factor or throttling.",
                hint="Call helhet.accounts.admin_site.harden_admin_site(admin.site) in urls.py.",
                id="helhet.E011",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def idle_sessions_end(app_configs, **kwargs):
    minutes = settings.HELHET_SESSION_IDLE_MINUTES
    if _IDLE not in settings.MIDDLEWARE or not minutes or minutes > _LONGEST_IDLE_MINUTES:
        return [
            Warning(
                "Idle sessions are not ended within an hour: a session on a shared PC stays open.",
                hint="Set HELHET_SESSION_IDLE_MINUTES between 1 and 60 (default 30) and keep "
                f"{_IDLE} in MIDDLEWARE.",
                id="helhet.W010",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def client_address_behind_the_proxy(app_configs, **kwargs):
    proxied = settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if settings.HELHET_HTTPS and not proxied:
        return [
            Warning(
                "HELHET_HTTPS is on (behind a TLS proxy) but no trusted proxy is configured: "
                "every user shares the proxy's address, and 30 failed logins by anyone lock "
                "everyone out.",
                hint="Set HELHET_TRUSTED_PROXY_COUNT (proxies that append X-Forwarded-For) or "
                "HELHET_TRUSTED_CLIENT_IP_HEADER (e.g. X-Real-IP) to match the proxy.",
                id="helhet.W011",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def passwords_hard_to_guess(app_configs, **kwargs):
    problems = []
    names = [validator["NAME"] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    if _GUESSABLE not in names:
        problems.append(
            Warning(
                "Passwords are not checked against breached and repetitive passwords.",
                hint=f"Keep {_GUESSABLE} in AUTH_PASSWORD_VALIDATORS.",
                id="helhet.W012",
            )
        )
    lengths = [
        validator.get("OPTIONS", {}).get("min_length", 8)
        for validator in settings.AUTH_PASSWORD_VALIDATORS
        if validator["NAME"].endswith("MinimumLengthValidator")
    ]
    if not lengths or max(lengths) < 12:
        problems.append(
            Warning(
                "Passwords may be shorter than 12 characters.",
                hint="Keep MinimumLengthValidator with min_length 12 or more.",
                id="helhet.W013",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def no_sign_up_invitations(app_configs, **kwargs):
    if getattr(settings, "ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS", True):
        return [
            Warning(
                "A password reset for an unknown address sends a mail inviting a sign-up that "
                "is closed.",
                hint="Set ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False.",
                id="helhet.W014",
            )
        ]
    return []
