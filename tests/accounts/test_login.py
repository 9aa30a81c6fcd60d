"""Login: password, mandatory second factor, demo exception, throttling, closed sign-up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def pro():
    return ProfessionalFactory.in_service(ServiceFactory())


def test_password_login_without_second_factor_is_sent_to_totp_setup(client, pro):
    response = client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself, logout and language switching stay reachable.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_user_with_totp_is_asked_for_the_code_before_being_logged_in(client, pro):
    give_second_factor(pro.user)
    response = client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the directory still needs login.
    directory = client.get(reverse("directory:index"))
    assert directory["Location"].startswith(LOGIN)


def test_demo_account_skips_second_factor_in_demo_mode(client, pro, settings):
    pro.user.is_demo = True
    pro.user.save()
    settings.HELHET_DEMO = True
    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    assert client.get(reverse("directory:index")).status_code == 200


def test_demo_account_cannot_log_in_outside_demo_mode(client, pro, settings):
    pro.user.is_demo = True
    pro.user.save()
    give_second_factor(pro.user)
    settings.HELHET_DEMO = False
    response = client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


def test_demo_session_ends_when_demo_mode_is_switched_off(client, pro, settings):
    pro.user.is_demo = True
    pro.user.save()
    settings.HELHET_DEMO = True
    client.force_login(pro.user)
    assert client.get(reverse("directory:index")).status_code == 200
    settings.HELHET_DEMO = False
    response = client.get(reverse("directory:index"))
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_non_demo_account_never_skips_even_in_demo_mode(client, pro, settings):
    settings.HELHET_DEMO = True
    client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    response = client.get(reverse("directory:index"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_login_page_announces_the_demo_only_in_demo_mode(client, settings):
    settings.HELHET_DEMO = False
    assert 'id="demo-notice"' not in client.get(LOGIN).content.decode()
    settings.HELHET_DEMO = True
    content = client.get(LOGIN).content.decode()
    assert 'id="demo-notice"' in content
    assert "without a second factor" in content


def test_five_wrong_passwords_lock_the_login_with_a_clear_message(client, pro):
    for _attempt in range(5):
        response = client.post(LOGIN, {"login": pro.user.email, "password": "wrong-password"})
        content = response.content.decode()
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in content
        assert f'value="{pro.user.email}"' in content  # what was typed is kept
    response = client.post(LOGIN, {"login": pro.user.email, "password": PASSWORD})
    content = response.content.decode()
    assert "Too many failed login attempts. Try again later." in content
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode()
    client.post(
        "/accounts/signup/",
        {"email": "new@test.example", "password1": "x" * 20, "password2": "x" * 20},
    )
    from helhet.people.models import User

    assert not User.objects.filter(email="new@test.example").exists()


def test_session_cookie_is_http_only_and_expires_with_the_browser(client, pro, settings):
    give_second_factor(pro.user)
    client.force_login(pro.user)
    response = client.get("/")
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert response.status_code == 200
