"""Every professional outside the demo must set up and use a TOTP second factor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helhet.tenancy.services import level_models_ensure_builtin
from tests.browser.conftest import assert_accessible, log_in, submit_login, totp_code
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.browser

ACTIVATE = re.compile(r"/accounts/2fa/totp/activate/$")
REAUTHENTICATE = re.compile(r"/accounts/reauthenticate/")
HOME = re.compile(r"^http://[^/]+/work/$")  # a professional lands on My work


@pytest.fixture
def professional(transactional_db):
    level_models_ensure_builtin()  # a transactional test starts without the migrations' rows
    service = ServiceFactory(name="Nordvik barneskole")
    return ProfessionalFactory.in_service(
        service, user__email="kari@nordvik.example", user__name="Kari Nordmann"
    )


def test_professional_without_totp_must_set_it_up_and_then_use_it(page: Page, professional):
    log_in(page, "kari@nordvik.example", PASSWORD)
    if REAUTHENTICATE.search(page.url):
        # allauth asks for the password once more before any change to the second factor
        # (MFA_REAUTHENTICATION_REQUIRED), even seconds after the login; confirm it.
        expect(page.locator("h1")).to_have_text("Confirm Access")
        assert_accessible(page)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(ACTIVATE)
    expect(page.locator("h1")).to_have_text("Activate Authenticator App")
    assert_accessible(page)

    # Nothing else is reachable before the second factor is set up.
    page.goto("/directory/")
    expect(page).to_have_url(ACTIVATE)
    page.goto("/")
    expect(page).to_have_url(ACTIVATE)
    assert_accessible(page)

    # A wrong code is refused, with a message next to the field.
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    page.locator("#id_code").fill(wrong)
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(ACTIVATE)
    expect(page.locator("form.stack")).to_contain_text("Incorrect code")
    assert_accessible(page)

    # The secret shown on the page, in an authenticator app, gives the right code.
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    expect(page).not_to_have_url(ACTIVATE)
    assert_accessible(page)  # recovery codes, shown once after activation

    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welcome, Kari")
    assert_accessible(page)
    page.goto("/directory/")
    expect(page.locator("h1")).to_have_text("Service directory")
    expect(page.locator("#directory-results")).to_contain_text("Nordvik barneskole")
    assert_accessible(page)

    # Log out, and log in again: now the code is asked for after the password.
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.locator("#id_login")).to_be_visible()
    assert_accessible(page)
    submit_login(page, "kari@nordvik.example", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.locator("h1")).to_have_text("Two-Factor Authentication")
    assert_accessible(page)
    page.locator("#id_code").fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(HOME)
    expect(page.locator("h1")).to_have_text("My work")
    assert_accessible(page)
