"""A long-running case: the case page shows the newest log entries and the team member opens the
whole log, page by page, newest first. Every page axe-checked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helhet.cases import services
from tests.browser.conftest import assert_accessible
from tests.browser.test_relay_journey import log_in_with_code
from tests.scenarios import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_the_whole_log_of_a_long_case(page: Page, world, live_server):
    case = world.case()
    for number in range(1, 61):
        services.log_entry_add(
            case=case, author=world.teacher.user, kind="note", text=f"Samtale nr. {number}."
        )
    log_in_with_code(page, world.teacher.user.email)
    page.goto(f"{live_server.url}/work/cases/{case.pk}/")
    expect(page.get_by_text("Samtale nr. 60.")).to_be_visible()
    expect(page.get_by_text("Samtale nr. 30.")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Show the whole log", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log of")
    expect(page.get_by_text("Samtale nr. 30.")).to_be_visible()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Samtale nr. 1.", exact=True)).to_be_visible()
    assert_accessible(page)
