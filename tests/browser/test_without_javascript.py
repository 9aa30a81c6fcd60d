"""Everything a professional needs works as plain HTML forms, with JavaScript turned off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, switch_language

pytestmark = pytest.mark.browser


def test_directory_search_and_language_switch_work_without_javascript(
    new_context, demo_data, demo_password
):
    # axe itself is a script: Playwright's evaluate() still runs it with page scripts disabled.
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, "laerer@fjordvik.example", demo_password)
    expect(page.locator("h1")).to_have_text("My work")  # a professional lands on My work
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welcome, Ingrid")
    assert_accessible(page)

    # The search box on the home page leads to the directory's results.
    page.locator("#home-q").fill("skolefravær")
    with page.expect_navigation():
        page.get_by_role("button", name="Search the service directory").click()
    expect(page).to_have_url(re.compile(r"/directory/\?q=skolefrav"))
    expect(page.locator("#id_q")).to_have_value("skolefravær")
    expect(page.locator("#directory-results")).to_contain_text("Fjordvik barneskole")
    assert_accessible(page)

    # The directory's own form, with a filter, submitted the old-fashioned way.
    page.locator("#id_q").fill("mobbing")
    page.locator("#id_age").fill("7")
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=mobbing.*age=7"))
    results = page.locator("#directory-results")
    expect(results).to_contain_text("Fjordvik barneskole")
    expect(results.locator("li.contact", has_text="Sosiallærer")).to_contain_text("mobbing")
    expect(results).not_to_contain_text("Fjordvik ungdomsskole")  # ages 12–16
    expect(page.locator("#id_age")).to_have_value("7")
    assert_accessible(page)

    # The language switcher posts and comes back to the same search.
    switch_language(page, "nb")
    expect(page).to_have_url(re.compile(r"/directory/\?q=mobbing.*age=7"))
    expect(page.locator("#directory-results")).to_contain_text("Fjordvik barneskole")
    assert_accessible(page)
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text("Service directory")
    assert_accessible(page)
