"""A municipal administrator adds a service to the directory; staff members cannot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helhet.directory.models import Service
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

NAME = "Fjordvik leksehjelp"


def test_admin_adds_a_service_and_fixes_an_age_mistake(page: Page, demo_data, demo_password):
    log_in(page, "admin@fjordvik.example", demo_password)
    expect(page.locator("h1")).to_have_text("My work")  # a professional lands on My work
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welcome, Aslak")
    assert_accessible(page)

    page.goto("/directory/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a service").click()
    page.wait_for_url("**/directory/new/")
    expect(page.locator("h1")).to_have_text("Add a service")
    assert_accessible(page)

    page.locator("#id_name").fill(NAME)
    page.locator("#id_sector").select_option("leisure")
    page.locator("#id_description").fill("Gratis leksehjelp for elever på 5.–10. trinn.")
    page.get_by_label("Learning difficulties").check()
    page.get_by_label("School absence").check()
    page.locator("#id_min_age").fill("12")
    page.locator("#id_max_age").fill("9")
    page.locator("#id_contacts-0-name").fill("Liv Leksehjelp")
    page.locator("#id_contacts-0-role").fill("Koordinator")
    page.locator("#id_contacts-0-email").fill("liv.leksehjelp@fjordvik.example")
    page.locator("#id_contacts-0-ask_me_about").fill("leksehjelp og motivasjon")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    # Refused: a summary at the top, the message at the field, everything typed still there.
    expect(page.locator("#error-summary")).to_contain_text("Nothing has been saved yet.")
    max_age_field = page.locator(".ds-field", has=page.locator("#id_max_age"))
    expect(max_age_field).to_contain_text("The upper age must not be lower than the lower age.")
    # ... and tied to the field for screen readers.
    max_age = page.locator("#id_max_age")
    expect(max_age).to_have_attribute("aria-invalid", "true")
    described_by = (max_age.get_attribute("aria-describedby") or "").split()
    assert any(
        "must not be lower" in page.locator(f"[id='{ref}']").inner_text() for ref in described_by
    ), f"the age error is not in the field's aria-describedby {described_by}"
    expect(page.locator("#id_name")).to_have_value(NAME)
    expect(page.locator("#id_sector")).to_have_value("leisure")
    expect(page.locator("#id_description")).to_have_value(
        "Gratis leksehjelp for elever på 5.–10. trinn."
    )
    expect(page.get_by_label("Learning difficulties")).to_be_checked()
    expect(page.get_by_label("School absence")).to_be_checked()
    expect(page.locator("#id_min_age")).to_have_value("12")
    expect(page.locator("#id_max_age")).to_have_value("9")
    expect(page.locator("#id_contacts-0-name")).to_have_value("Liv Leksehjelp")
    expect(page.locator("#id_contacts-0-role")).to_have_value("Koordinator")
    expect(page.locator("#id_contacts-0-ask_me_about")).to_have_value("leksehjelp og motivasjon")
    assert_accessible(page)
    assert not Service.objects.filter(name=NAME).exists()

    # Fixed, saved, and shown with its contact person.
    page.locator("#id_max_age").fill("16")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/directory/\d+/$"))
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator("main [role=status]")).to_contain_text("The directory entry was saved.")
    expect(page.locator("main")).to_contain_text("ages 12–16")
    contact = page.locator("li.contact", has_text="Liv Leksehjelp")
    expect(contact).to_contain_text("Koordinator")
    expect(contact).to_contain_text("Ask me about: leksehjelp og motivasjon")
    expect(contact.get_by_role("link", name="liv.leksehjelp@fjordvik.example")).to_be_visible()
    assert_accessible(page)
    service = Service.objects.get(name=NAME)
    assert (service.municipality.name, service.min_age, service.max_age) == (
        "Fjordvik kommune",
        12,
        16,
    )

    # Others find it in the directory.
    page.goto("/directory/?q=leksehjelp")
    expect(page.locator("#directory-results")).to_contain_text(NAME)
    expect(page.locator("#directory-results")).to_contain_text("Liv Leksehjelp")
    assert_accessible(page)


def test_staff_member_cannot_add_services(page: Page, demo_data, demo_password):
    log_in(page, "laerer@fjordvik.example", demo_password)
    assert_accessible(page)
    page.goto("/directory/")
    expect(page.locator("h1")).to_have_text("Service directory")
    expect(page.get_by_role("link", name="Add a service")).to_have_count(0)
    assert_accessible(page)

    response = page.goto("/directory/new/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("form[method=post]").filter(has=page.locator("#id_name"))).to_have_count(0)
    assert_accessible(page)
