"""``helhet check --deploy`` warns about each setting that weakens the login's hardening."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite

from helhet.accounts import checks


def _ids(problems) -> set[str]:
    return {problem.id for problem in problems}


def test_the_hardened_settings_pass(settings):
    settings.HELHET_HTTPS = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for check in (
        checks.second_factor_enforced,
        checks.idle_sessions_end,
        checks.client_address_behind_the_proxy,
        checks.passwords_hard_to_guess,
        checks.no_sign_up_invitations,
    ):
        assert check(None) == []


def test_missing_second_factor_middleware_is_an_error(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorMiddleware")
    ]
    assert _ids(checks.second_factor_enforced(None)) == {"helhet.E010"}


def test_an_admin_with_its_own_login_is_an_error(monkeypatch):
    monkeypatch.setattr(admin.site, "login", AdminSite().login)
    assert _ids(checks.second_factor_enforced(None)) == {"helhet.E011"}


@pytest.mark.parametrize("minutes", [0, 61, 480])
def test_idle_sessions_that_never_end_or_too_late_warn(settings, minutes):
    settings.HELHET_SESSION_IDLE_MINUTES = minutes
    assert _ids(checks.idle_sessions_end(None)) == {"helhet.W010"}


def test_https_behind_a_proxy_without_a_trusted_proxy_warns(settings):
    settings.HELHET_HTTPS = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    assert _ids(checks.client_address_behind_the_proxy(None)) == {"helhet.W011"}
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert checks.client_address_behind_the_proxy(None) == []


def test_weaker_password_rules_warn(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}
    ]
    assert _ids(checks.passwords_hard_to_guess(None)) == {"helhet.W012", "helhet.W013"}


def test_sign_up_invitations_warn(settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    assert _ids(checks.no_sign_up_invitations(None)) == {"helhet.W014"}


def test_an_audit_key_derived_from_the_secret_key_warns(settings):
    from helhet.core import checks as core_checks

    settings.HELHET_AUDIT_KEY = ""
    assert _ids(core_checks.audit_key_of_its_own(None)) == {"helhet.W005"}
    settings.HELHET_AUDIT_KEY = "k" * 64
    assert core_checks.audit_key_of_its_own(None) == []


def test_server_errors_are_never_mailed_with_the_request():
    import logging

    handlers = logging.getLogger("django").handlers
    assert not any(type(handler).__name__ == "AdminEmailHandler" for handler in handlers)


def test_the_production_headers_pass():
    from helhet.core import checks as core_checks

    assert core_checks.security_headers_strict(None) == []


def test_missing_header_middleware_warns(settings):
    from helhet.core import checks as core_checks

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    assert _ids(core_checks.security_headers_strict(None)) == {"helhet.W020"}


@pytest.mark.parametrize("source", ["'unsafe-inline'", "'unsafe-eval'", "*"])
def test_a_weakened_csp_warns(settings, source):
    from helhet.core import checks as core_checks

    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives["script-src"] = [*directives["script-src"], source]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    problems = core_checks.security_headers_strict(None)
    assert _ids(problems) == {"helhet.W021"}
    assert source in problems[0].msg


def test_public_api_docs_warn(settings):
    from helhet.core import checks as core_checks

    settings.HELHET_API_DOCS_PUBLIC = True
    assert _ids(core_checks.security_headers_strict(None)) == {"helhet.W023"}
