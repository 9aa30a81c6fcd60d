"""Wrong passwords: a clear message each time, then the account's login is locked for a while."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helhet.tenancy.services import level_models_ensure_builtin
from tests.browser.conftest import assert_accessible, submit_login, switch_language
from tests.conftest import give_second_factor
from tests.factories import PASSWORD, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.browser

EMAIL = "kari@nordvik.example"
LOGIN = re.compile(r"/accounts/login/$")
WRONG_CREDENTIALS = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def professional(transactional_db):
    level_models_ensure_builtin()  # a transactional test starts without the migrations' rows
    professional = ProfessionalFactory.in_service(
        ServiceFactory(), user__email=EMAIL, user__name="Kari Nordmann"
    )
    give_second_factor(professional.user)
    return professional


def login_error(page: Page):
    return page.locator("#error-summary li")


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(page: Page, professional):
    page.goto("/accounts/login/")
    switch_language(page, "en")
    assert_accessible(page)

    # An empty form is refused with a message at each field.
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(LOGIN)
    expect(page.locator("form.stack .ds-validation-message")).to_have_count(2)
    expect(page.locator("form.stack")).to_contain_text("This field is required.")
    assert_accessible(page)

    for attempt in range(1, 6):
        submit_login(page, EMAIL, f"wrong-password-{attempt}")
        expect(page).to_have_url(LOGIN)
        expect(login_error(page)).to_have_text(WRONG_CREDENTIALS)
        # What was typed is still there, except the password.
        expect(page.locator("#id_login")).to_have_value(EMAIL)
        expect(page.locator("#id_password")).to_have_value("")
        assert_accessible(page)

    # The sixth try is not even checked: the account's login is locked.
    submit_login(page, EMAIL, "wrong-password-6")
    expect(login_error(page)).to_have_text(TOO_MANY)
    expect(page.locator("#id_login")).to_have_value(EMAIL)
    assert_accessible(page)

    # Right after, the correct password is refused too.
    submit_login(page, EMAIL, PASSWORD)
    expect(page).to_have_url(LOGIN)
    expect(login_error(page)).to_have_text(TOO_MANY)
    expect(page.locator("h1")).to_have_text("Log in to Helhet")
    assert_accessible(page)
    page.goto("/")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)
