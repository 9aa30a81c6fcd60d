"""A municipality's directory is its own: others neither find nor open its services."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helhet.directory.models import Service
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_ekdala_professional_cannot_see_fjordvik_services(page: Page, demo_data, demo_password):
    fjordvik_school = Service.objects.get(
        municipality__name="Fjordvik kommune", name="Fjordvik barneskole"
    )
    ekdala_school = Service.objects.get(
        municipality__name="Ekdala kommun", name="Ekdala grundskola"
    )

    log_in(page, "larare@ekdala.example", demo_password)
    expect(page.locator("h1")).to_have_text("My work")  # a professional lands on My work
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welcome, Lena")
    expect(page.locator("main")).to_contain_text("Ekdala kommun")
    assert_accessible(page)

    # The own municipality's services open fine ...
    response = page.goto(f"/directory/{ekdala_school.pk}/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Ekdala grundskola")
    assert_accessible(page)

    # ... another municipality's service looks as if it did not exist.
    for path in (f"/directory/{fjordvik_school.pk}/", f"/directory/{fjordvik_school.pk}/edit/"):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        expect(page.locator("h1")).to_have_text("Page not found")
        expect(page.locator("main")).not_to_contain_text("Fjordvik")
        assert_accessible(page)

    # The directory lists only Ekdala's services, with and without a search.
    page.goto("/directory/")
    results = page.locator("#directory-results")
    expect(results).to_contain_text("Ekdala grundskola")
    expect(results).not_to_contain_text("Fjordvik")
    assert_accessible(page)
    ekdala_count = Service.objects.filter(
        municipality__name="Ekdala kommun", is_active=True
    ).count()
    expect(page.locator("#results-heading")).to_have_text(f"{ekdala_count} services")

    for query in ("Fjordvik", "skolefravær", "school absence"):
        page.goto("/directory/?q=" + query)
        expect(page.locator("#results-heading")).to_be_visible()
        expect(results).not_to_contain_text("Fjordvik")
        assert_accessible(page)
    expect(results).to_contain_text("Ekdala grundskola")  # "school absence": Ekdala's own school
