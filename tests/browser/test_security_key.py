"""A security key or passkey (WebAuthn) as the second factor beside the authenticator app:
a professional adds one from *Login security*, and the next login takes it instead of a code.
Chromium's virtual authenticator (DevTools protocol) stands in for the key."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from helhet.tenancy.services import level_models_ensure_builtin
from tests.browser.conftest import assert_accessible, log_in, log_in_with_code
from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def professional(transactional_db):
    level_models_ensure_builtin()
    professional = ProfessionalFactory.in_service(
        ServiceFactory(name="Nordvik barneskole"),
        user__email="kari@nordvik.example",
        user__name="Kari Nordmann",
    )
    give_second_factor(professional.user)
    return professional


def virtual_key(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_security_key_is_added_and_then_used_at_login(new_context, professional):
    page = new_context().new_page()
    virtual_key(page)
    log_in_with_code(page, "kari@nordvik.example")
    page.goto("/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("Security Keys")
    assert_accessible(page)
    page.goto("/accounts/2fa/webauthn/add/")
    if re.search(r"/accounts/reauthenticate/", page.url):
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Add Security Key")
    assert_accessible(page)
    page.get_by_label("Name").fill("Min nøkkel")
    with page.expect_navigation():
        page.get_by_role("button", name="Add", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"))
    key = Authenticator.objects.get(user=professional.user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Min nøkkel"
    page.goto("/accounts/2fa/webauthn/")  # the list of keys
    expect(page.locator("main")).to_contain_text("Min nøkkel")
    assert_accessible(page)

    # Log out; the next login asks for the second factor, and the key answers it.
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    log_in(page, "kari@nordvik.example", PASSWORD)
    expect(page.get_by_role("button", name="Use a security key")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Use a security key").click()
    expect(page).to_have_url(re.compile(r"/work/$"))
