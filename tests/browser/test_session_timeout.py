"""Before an idle session ends, the page warns and offers to stay logged in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_relay_journey import log_in_with_code
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_idle_warning_appears_before_the_end_and_staying_keeps_the_session(
    page: Page, world, settings
):
    settings.HELHET_SESSION_IDLE_MINUTES = 30
    page.clock.install()  # the page's timers run on a clock the test moves
    log_in_with_code(page, world.teacher.user.email)
    dialog = page.locator("#session-timeout")
    expect(dialog).to_be_hidden()

    page.clock.fast_forward("27:00")
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("01:30")  # two minutes before the end
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You will soon be logged out")
    assert_accessible(page)

    with page.expect_response("**/accounts/session/keepalive/") as answer:
        dialog.get_by_role("button", name="Stay logged in").click()
    assert answer.value.status == 204
    expect(dialog).to_be_hidden()
    # The clock started again: no warning until another 28 minutes have passed.
    page.clock.fast_forward("20:00")
    expect(dialog).to_be_hidden()
