"""The issue's "done when": a demo visitor logs in, changes language, finds help for absence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, submit_login, switch_language

pytestmark = pytest.mark.browser


def search_directory(page: Page, text: str) -> None:
    page.locator("#id_q").fill(text)
    page.locator("form.search-form button[type=submit]").click()
    expect(page.locator("#results-heading")).to_be_visible()


def test_demo_visitor_logs_in_switches_language_and_finds_help_for_school_absence(
    page: Page, demo_data, demo_password
):
    page.goto("/accounts/login/")
    assert_accessible(page)
    notice = page.locator("#demo-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(demo_password)
    expect(notice).to_contain_text("laerer@fjordvik.example")

    submit_login(page, "laerer@fjordvik.example", demo_password)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/work/$"))
    expect(page.locator("h1")).to_have_text("My work")  # a professional lands on My work
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welcome, Ingrid")
    expect(page.locator("main")).to_contain_text("Fjordvik kommune")
    assert_accessible(page)

    # Norwegian Bokmål: the page says so, and speaks it.
    switch_language(page, "nb")
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text("Velkommen, Ingrid")
    expect(page.locator("form.language-form button[type=submit]")).not_to_have_text("Change")

    # And back to English.
    switch_language(page, "en")
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text("Welcome, Ingrid")

    # The service directory, searched in Norwegian.
    switch_language(page, "nb")
    page.locator("nav.site-nav a[href='/directory/']").click()
    page.wait_for_url("**/directory/")
    assert_accessible(page)
    search_directory(page, "skolefravær")
    results = page.locator("#directory-results")
    expect(results).to_contain_text("Fjordvik barneskole")
    expect(results).to_contain_text("Helsestasjon og skolehelsetjeneste Fjordvik")
    social_teacher = results.locator("li.contact", has_text="Sosiallærer")
    expect(social_teacher.first).to_contain_text("skolefravær")
    nurse = results.locator("li.contact", has_text="Helsesykepleier").filter(has_text="skolefravær")
    expect(nurse.first).to_be_visible()
    assert_accessible(page)
    nb_services = set(results.locator("li.result h3").all_inner_texts())

    # The same search in English finds the same services.
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text("Service directory")
    assert_accessible(page)
    search_directory(page, "school absence")
    expect(results).to_contain_text("Fjordvik barneskole")
    expect(results.locator("li.contact", has_text="Sosiallærer").first).to_contain_text(
        "skolefravær"
    )
    assert_accessible(page)
    en_services = set(results.locator("li.result h3").all_inner_texts())
    assert nb_services <= en_services, f"found in nb only: {sorted(nb_services - en_services)}"
