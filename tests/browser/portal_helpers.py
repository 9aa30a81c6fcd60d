"""Building blocks of the portal journeys: a real Test ID provider for the live server, and the
two ways in — a citizen with e-ID through the provider's login page, a professional with a
password and the second factor.

The labels the journeys look for are the project's own, translated with ``gettext`` in the
page's language (a string the catalog lacks stays English, on the page and here alike).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from helhet.portal.idp_process import IdentityProvider, start_identity_provider
from tests.browser.conftest import assert_accessible, log_in, totp_code
from tests.factories import PASSWORD
from tests.portal.conftest import CLIENT_ID, CLIENT_SECRET, Person, write_persons

# The secret tests.conftest.give_second_factor stores for every professional of the world.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
PROVIDER_KEY = "testid"
PROVIDER_NAME = "Test ID"  # tests.portal.conftest.provider_conf's "name"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BROWSER_LOCALES = {"nb": "nb-NO", "en": "en-GB"}


def t(lang: str, text: str, **values) -> str:
    """The project's own translation of ``text`` in ``lang``, with ``%(name)s`` filled in."""
    with override(lang):
        translated = gettext(text)
    return translated % values if values else translated


def start_test_id(
    persons: dict[str, Person], live_server_url: str, folder: Path
) -> IdentityProvider:
    """Test ID with the live server's callback and post-logout addresses registered."""
    path = write_persons(folder / "persons.json", persons.values())
    clients = [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{live_server_url}/portal/callback/{PROVIDER_KEY}/"],
            "post_logout_redirect_uris": [f"{live_server_url}/portal/"],
        }
    ]
    return start_identity_provider(clients=clients, persons_path=path)


class Citizen:
    """One citizen's browser in the portal, speaking one language."""

    def __init__(self, page: Page, lang: str):
        self.page = page
        self.lang = lang

    def t(self, text: str, **values) -> str:
        return t(self.lang, text, **values)

    def log_in(self, name: str, *, check_start: bool = False) -> None:
        """From the portal's start page through Test ID's login page, back on the home page."""
        page = self.page
        page.goto("/portal/")
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        if check_start:
            expect(page.locator("h1")).to_have_text(
                self.t("Helhet for children, young people and families")
            )
            assert_accessible(page)
        login = page.get_by_role(
            "button",
            name=re.compile("^" + re.escape(self.t("Log in with %(name)s", name=PROVIDER_NAME))),
        )
        expect(login.locator("xpath=ancestor::form")).to_have_attribute(
            "action", f"/portal/login/{PROVIDER_KEY}/"
        )
        blocked = ""
        try:
            with page.expect_navigation(url=re.compile(r"/interaction/[\w-]+$")):
                login.click()
        except PlaywrightError as error:
            blocked = error.message.splitlines()[0]
        if blocked:
            policy = page.request.get("/portal/").headers.get("content-security-policy", "")
            pytest.fail(
                "The browser did not reach the e-ID provider's login page: the login form "
                "posts to /portal/login/, which redirects to the provider, and the portal's "
                f"Content-Security-Policy ({policy!r}) must allow that in form-action. "
                f"({blocked})",
                pytrace=False,
            )
        with page.expect_navigation(url=re.compile(r"/portal/home/$")):
            page.get_by_role("button", name=f"Log in as {name}", exact=True).click()
        expect(page.locator("h1")).to_have_text(self.t("Welcome, %(name)s", name=name))
        expect(page.locator("html")).to_have_attribute("lang", self.lang)

    def link(self, text: str, **values):
        return self.page.get_by_role("link", name=self.t(text, **values), exact=True)

    def follow(self, text: str, **values) -> None:
        with self.page.expect_navigation():
            self.link(text, **values).first.click()

    def press(self, text: str, *, within=None, **values) -> None:
        where = within if within is not None else self.page
        with self.page.expect_navigation():
            where.get_by_role("button", name=self.t(text, **values), exact=True).click()

    def heading(self, text: str, **values) -> None:
        expect(self.page.locator("h1")).to_have_text(self.t(text, **values))

    def status(self, text: str, **values) -> None:
        expect(self.page.locator("main [role=status]")).to_contain_text(self.t(text, **values))


def professional_log_in(page: Page, email: str, *, check: bool = True) -> None:
    """Password, then the current code from the authenticator app; ends on the front page."""
    if check:
        log_in(page, email, PASSWORD)
    else:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    if check:
        assert_accessible(page)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In", exact=True).click()  # an en-GB browser
    expect(page).to_have_url(re.compile(r"^http://[^/]+/work/$"))


def status_of(page: Page, path: str) -> int:
    response = page.goto(path)
    assert response is not None
    return response.status
