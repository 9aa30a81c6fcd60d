"""A professional creates a personal API token for a school system, copies it (shown once),
uses it against the API, and revokes it. Every page axe-checked."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect
from rest_framework.test import APIClient

from helhet.api.models import ApiToken
from helhet.core import clock
from tests.browser.conftest import assert_accessible
from tests.browser.test_relay_journey import log_in_with_code
from tests.scenarios import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_create_use_and_revoke_an_api_token(page: Page, world, live_server):
    log_in_with_code(page, world.teacher.user.email)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("Skoleadministrasjon")
    page.get_by_label("Read and write").check()
    expires = clock.today() + datetime.timedelta(days=30)
    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="Your new API token")).to_be_visible()
    assert_accessible(page)
    plain = page.locator("#new-token").input_value()
    assert plain.startswith("hlh_")

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.get("/api/v1/cases/").status_code == 200

    page.get_by_role("link", name="Back to your tokens").click()
    expect(page.get_by_role("cell", name="Skoleadministrasjon (", exact=False)).to_be_visible()
    assert plain not in page.content()
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The token was revoked.")).to_be_visible()
    assert_accessible(page)
    assert ApiToken.objects.get().revoked_at is not None
    assert api.get("/api/v1/cases/").status_code == 401
