"""The Django admin has no login of its own and needs a second factor passed in this session.

The attack these tests repeat: with any session (or none), open /admin/login/, post a staff or
superuser's e-mail and password — no TOTP step, no allauth throttling — and land in /admin/.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory

from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
ADMIN_LOGIN = "/admin/login/"
LOGIN = "/accounts/login/"


@pytest.fixture
def superuser():
    user = UserFactory(is_superuser=True, is_staff=True, email="operator@helhet.test")
    give_second_factor(user)
    return user


@pytest.fixture
def professional():
    professional = ProfessionalFactory.in_service(ServiceFactory())
    give_second_factor(professional.user)
    return professional


def _attack(client, superuser) -> None:
    """Ten wrong superuser passwords, then the right one, on the admin's login URL."""
    for _attempt in range(10):
        client.post(ADMIN_LOGIN, {"username": superuser.email, "password": "wrong-password"})
    response = client.post(
        ADMIN_LOGIN, {"username": superuser.email, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code in {302, 404}
    assert response.get("Location", "") != ADMIN


def test_anonymous_admin_login_redirects_to_helhets_login_and_accepts_nothing(client, superuser):
    response = client.get(ADMIN_LOGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=/admin/" in response["Location"]

    _attack(client, superuser)
    assert SESSION_KEY not in client.session
    assert client.get(ADMIN)["Location"].startswith(ADMIN_LOGIN)


def test_the_admin_itself_sends_anonymous_visitors_to_helhets_login(client):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert b'name="username"' not in response.content  # never the admin's own form


def test_a_professionals_session_cannot_use_the_admin_login(client, professional, superuser):
    client.force_login(professional.user)
    response = client.get(ADMIN_LOGIN)
    assert response.status_code == 404
    assert b"password" not in response.content

    _attack(client, superuser)
    # Still the professional, never the superuser, and no admin.
    assert client.session[SESSION_KEY] == str(professional.user.pk)
    assert client.get(ADMIN).status_code == 302
    assert client.get(f"{ADMIN}people/child/").status_code == 302


def test_superuser_with_second_factor_in_this_session_reaches_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(ADMIN).status_code == 200


def test_superuser_session_without_the_second_factor_step_never_reaches_the_admin(
    client, superuser
):
    client.force_login(superuser, second_factor=False)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session  # logged out: it did not come through the login


def test_demo_superuser_in_demo_mode_must_set_up_a_second_factor_for_the_admin(client, settings):
    settings.HELHET_DEMO = True
    demo = UserFactory(is_superuser=True, is_staff=True, is_demo=True)
    client.force_login(demo, second_factor=False)
    # Professional pages let a demo account through in demo mode; the admin does not.
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert client.get(f"{ADMIN}people/child/").status_code == 302


def test_non_superuser_staff_is_not_let_into_the_admin(client):
    staff = UserFactory(is_staff=True)
    give_second_factor(staff)
    client.force_login(staff)
    assert client.get(ADMIN).status_code == 302
    assert client.get(ADMIN_LOGIN).status_code == 404


@pytest.mark.django_db
def test_a_professional_lands_on_my_work_after_login(client):
    from helhet.accounts.adapter import AccountAdapter
    from tests.scenarios import build_world

    world = build_world()
    request = RequestFactory().get("/accounts/login/")
    request.user = world.teacher.user
    assert AccountAdapter(request).get_login_redirect_url(request) == "/work/"
    operator = UserFactory(is_superuser=True, is_staff=True)
    request.user = operator
    assert AccountAdapter(request).get_login_redirect_url(request) == "/"
