"""Issue 13's "done when" in the browser: after a handover the case shows one coordinator, in
Norwegian and in English; dates read day-month-year in English and Icelandic; and what the
system wrote in the log is shown in the reader's language, not the language it was written in."""

from __future__ import annotations

import re

import pytest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from helhet.cases.models import LogKind
from helhet.cases.services import handovers
from tests.browser.conftest import assert_accessible, log_in, switch_language, totp_code
from tests.factories import PASSWORD
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's secret
ACCEPTED = "%(name)s accepted the coordinator role."


@pytest.fixture
def handed_over(transactional_db) -> tuple[World, object]:
    """A case whose coordinator role went from the teacher to the school nurse, with the
    system's log entries written while Norwegian was active."""
    world = build_world()
    with translation.override("nb"):
        case = world.case(consent_for=(world.school, world.health))
        handover = handovers.handover_propose(
            case=case,
            proposed_by=world.teacher.user,
            to_professional=world.nurse,
            to_service=world.health,
        )
        handovers.handover_accept(handover=handover, accepted_by=world.nurse.user)
    return world, case


def log_in_as(page: Page, email: str) -> None:
    log_in(page, email, PASSWORD)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/work/$"))


def in_language(code: str, text: str) -> str:
    with translation.override(code):
        return gettext(text)


def test_one_coordinator_dates_and_system_log_in_the_readers_language(new_context, handed_over):
    world, case = handed_over
    nurse = str(world.nurse)
    page = new_context(locale="en-GB").new_page()
    log_in_as(page, world.teacher.user.email)  # the former coordinator, still on the team
    page.goto(f"/work/cases/{case.pk}/")
    team = page.locator("section[aria-labelledby=team-heading]")
    log = page.locator("section[aria-labelledby=log-heading]")
    accepted_entry = (
        log.locator("li")
        .filter(has_text=nurse)
        .filter(has_text=re.compile("coordinator|stafettholder|málstjóra", re.I))
    )
    entry = case.log.filter(kind=LogKind.HANDOVER).latest("created_at", "pk")
    assert entry.message["t"] == ACCEPTED  # stored as its code and parameters
    created = timezone.localtime(entry.created_at)

    for code, switch in (("en", False), ("nb", True), ("is", True)):
        if switch:
            switch_language(page, code)
        label = in_language(code, "Coordinator")
        assert code == "en" or label != "Coordinator", "the catalog lacks the label"
        # One coordinator: the nurse carries the label, the teacher (still a member) does not.
        expect(team.locator(".ds-tag", has_text=label)).to_have_count(1)
        expect(team.locator("li", has_text=nurse).locator(".ds-tag")).to_have_text(label)
        expect(team.locator("li", has_text=str(world.teacher))).not_to_contain_text(label)
        # The system's sentence in the reader's language, although written under Norwegian.
        sentence = in_language(code, ACCEPTED) % {"name": nurse}
        expect(accepted_entry.first).to_contain_text(sentence)
        with translation.override(code):
            shown = formats.date_format(created, "SHORT_DATETIME_FORMAT")
        expect(log.locator("time").first).to_be_visible()
        expect(log).to_contain_text(shown)
        if code in ("en", "is"):
            # Day before month: "2 Dec 2026, 14:05" / "2.12.2026, 14:05"; 24-hour clock.
            assert re.match(rf"^{created.day}[ .]", shown), shown
            assert f"{created:%H:%M}" in shown and "p.m." not in shown, shown
        assert_accessible(page)
