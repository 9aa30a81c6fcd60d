"""Second factor per session, set-up that cannot lock itself, idle timeout, proxies, passwords."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhet.accounts.middleware import LAST_SEEN_KEY
from helhet.accounts.passwords import GuessablePasswordValidator
from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts. Try again later."


def _locked(response) -> bool:
    """Refused by a login limit: the per-account message, or the per-address 429 page."""
    return response.status_code == 429 or TOO_MANY in response.content.decode()


@pytest.fixture
def pro():
    return ProfessionalFactory.in_service(ServiceFactory())


# --- The second factor is proven per session ---------------------------------------------


def test_a_session_that_skipped_the_second_factor_is_logged_out(client, pro):
    give_second_factor(pro.user)
    client.force_login(pro.user, second_factor=False)
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_an_api_call_from_such_a_session_gets_a_problem(client, pro):
    give_second_factor(pro.user)
    client.force_login(pro.user, second_factor=False)
    response = client.get("/api/v1/services/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert SESSION_KEY not in client.session


def test_the_password_and_totp_login_records_the_step_and_lets_in(client, pro):
    from tests.browser.conftest import totp_code

    authenticator = give_second_factor(pro.user)
    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(authenticator.data["secret"])}
    )
    assert response.status_code == 302
    assert client.get(reverse("directory:index")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_counts_as_the_sessions_second_factor(client, pro):
    # Transactional: allauth announces the new authenticator on commit, inside the request.
    from tests.browser.conftest import totp_code

    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    assert secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("directory:index")).status_code == 200


# --- Account set-up cannot lock itself ---------------------------------------------------


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/2fa/", "/api-tokens/", "/"])
def test_before_the_second_factor_only_set_up_logout_and_password_are_reachable(client, pro, path):
    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    response = client.post(path, {"email": "second@test.example", "action_add": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="second@test.example").exists()


@pytest.mark.parametrize("name", ["mfa_activate_totp", "account_change_password", "account_logout"])
def test_set_up_logout_and_password_pages_stay_open(client, pro, name):
    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    assert client.get(reverse(name)).status_code == 200


# --- Inactivity timeout ------------------------------------------------------------------


def _idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes * 60
    session.save()


def test_a_session_idle_longer_than_the_timeout_is_logged_out(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 30
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 31)
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert "logged out after 30 minutes without activity" in page.content.decode()


def test_activity_within_the_timeout_keeps_the_session(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 30
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 29)
    assert client.get(reverse("directory:index")).status_code == 200
    # The request counted as activity: the clock starts again.
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_an_idle_api_session_gets_401(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 10
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 11)
    response = client.get("/api/v1/services/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_the_idle_timeout_can_be_switched_off(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 0
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 600)
    assert client.get(reverse("directory:index")).status_code == 200


# --- Login throttling behind a proxy -----------------------------------------------------


def _fail_logins(client, count: int, **headers) -> None:
    for attempt in range(count):
        client.post(
            LOGIN, {"login": f"nobody{attempt}@test.example", "password": "wrong"}, **headers
        )


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_others(client, pro, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    _fail_logins(client, 30, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    attacker = client.post(
        LOGIN,
        {"login": pro.user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        **proxy,
    )
    assert _locked(attacker)
    colleague = client.post(
        LOGIN,
        {"login": pro.user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert colleague.status_code == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(client, pro, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(30):
        client.post(
            LOGIN,
            {"login": f"nobody{attempt}@test.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    response = client.post(
        LOGIN, {"login": pro.user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert _locked(response)
    assert "Too many attempts" in response.content.decode()


def test_a_proxy_header_named_in_the_settings_gives_the_client_address(client, pro, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    _fail_logins(client, 30, HTTP_X_REAL_IP="203.0.113.5")
    other = client.post(
        LOGIN, {"login": pro.user.email, "password": PASSWORD}, HTTP_X_REAL_IP="198.51.100.7"
    )
    assert other.status_code == 302


# --- Passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Password1234!", "qwertyuiop123", "abcabcabcabcabc", "aaaaaaaaaaaaaaaa", "1234567890abcd"],
)
def test_breached_common_and_repetitive_passwords_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        GuessablePasswordValidator().validate(password)
    assert refused.value.error_list[0].code == "password_guessable"


def test_the_users_own_name_is_no_password():
    from types import SimpleNamespace

    user = SimpleNamespace(email="kari.nordmann@fjordvik.example", name="Kari Nordmann")
    with pytest.raises(ValidationError, match="your own name"):
        GuessablePasswordValidator().validate("nordmannkari", user=user)


@pytest.mark.parametrize("password", ["korrekt-hest-batteri-stift", "Tr0ub4dor&3x-fjell"])
def test_unguessable_passwords_pass(password):
    GuessablePasswordValidator().validate(password)


def test_the_password_change_page_refuses_a_breached_password(client, pro):
    give_second_factor(pro.user)
    client.force_login(pro.user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Password1234!", "password2": "Password1234!"},
    )
    assert response.status_code == 200
    assert "too easy to guess" in response.content.decode()
    pro.user.refresh_from_db()
    assert pro.user.check_password(PASSWORD)


# --- Password reset for an unknown address -------------------------------------------------


def test_a_reset_for_an_unknown_address_sends_no_mail_and_no_sign_up_invite(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@test.example"})
    assert response.status_code == 302  # same answer as for a known address
    assert mail.outbox == []


def test_a_reset_for_a_known_address_sends_the_link(client, pro):
    response = client.post(reverse("account_reset_password"), {"email": pro.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "sign up" not in mail.outbox[0].body.lower()


def test_pages_carry_the_idle_warning_with_the_configured_timeout(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 20
    give_second_factor(pro.user)
    client.force_login(pro.user)
    content = client.get(reverse("directory:index")).content.decode()
    assert 'id="session-timeout"' in content
    assert 'data-idle-seconds="1200"' in content
    assert 'data-warn-seconds="120"' in content


def test_no_idle_warning_without_a_session_or_a_timeout(client, pro, settings):
    assert 'id="session-timeout"' not in client.get(LOGIN).content.decode()
    settings.HELHET_SESSION_IDLE_MINUTES = 0
    give_second_factor(pro.user)
    client.force_login(pro.user)
    assert 'id="session-timeout"' not in client.get(reverse("directory:index")).content.decode()


def test_stay_logged_in_restarts_the_idle_clock(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 30
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 29.5)
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 204
    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    assert client.get(reverse("session_keepalive")).status_code == 405


def test_stay_logged_in_does_not_revive_an_ended_session(client, pro, settings):
    settings.HELHET_SESSION_IDLE_MINUTES = 30
    give_second_factor(pro.user)
    client.force_login(pro.user)
    _idle_for(client, 31)
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
