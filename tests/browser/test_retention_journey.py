"""The data protection officer's archive (nb and en, axe-clean): a closed case the retention
rules archived is gone for its old coordinator (404) → the officer finds it under *Archive and
retention*, reads it (read-only) → places a legal hold from it → sees the hold on the overview
and lifts it again."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.core import clock
from helhet.retention import services as retention_services
from helhet.retention.models import LegalHold
from tests.browser.conftest import assert_accessible, log_in_with_code, nb, switch_language
from tests.scenarios import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, live_server):
    world = build_world()
    world.ppt_advisor.is_data_protection_officer = True
    world.ppt_advisor.save(update_fields=["is_data_protection_officer"])
    case = world.case(consent_for=(world.school, world.health))
    case_services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Trives i klassen igjen."
    )
    case.refresh_from_db()
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Det går bra.")
    Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - datetime.timedelta(days=100))
    retention_services.apply_rules(world.municipality)
    world.archived = Case.objects.get(pk=case.pk)
    assert world.archived.archived_at is not None
    return world


def test_the_officer_reads_the_archive_and_places_and_lifts_a_hold(world, new_context):
    case = world.archived
    # The old coordinator: the case is not there any more.
    teacher = new_context().new_page()
    log_in_with_code(teacher, world.teacher.user.email)
    response = teacher.goto(f"/work/cases/{case.pk}/")
    assert response.status == 404

    officer = new_context().new_page()
    log_in_with_code(officer, world.ppt_advisor.user.email)
    officer.get_by_role("link", name="Archive and retention", exact=True).click()
    expect(officer.locator("h1")).to_have_text("Archive and retention")
    expect(officer.locator("main")).to_contain_text("No child is on hold.")
    assert_accessible(officer)
    officer.get_by_role("link", name="See the archived cases").click()
    expect(officer.locator("h1")).to_have_text("Archived cases")
    assert_accessible(officer)
    officer.get_by_role("link", name=f"Case {case.pk}", exact=True).click()
    expect(officer.locator("main")).to_contain_text("Trives i klassen igjen.")
    expect(officer.locator("main")).to_contain_text("Read-only.")
    expect(officer.get_by_role("link", name="Correct this entry")).to_have_count(0)
    assert_accessible(officer)

    officer.get_by_label("Why the hold is needed").fill("Klage til Statsforvalteren, sak 2026/14")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Place a legal hold").click()
    expect(officer.get_by_role("status")).to_contain_text("The hold is placed")
    expect(officer.locator("main")).to_contain_text("Klage til Statsforvalteren, sak 2026/14")
    assert LegalHold.objects.get(lifted_at__isnull=True).child_id == case.child_id
    assert_accessible(officer)

    # In Norwegian, as the officer reads it, and the hold lifted.
    switch_language(officer, "nb")
    expect(officer.locator("h1")).to_have_text(nb("Archive and retention"))
    assert_accessible(officer)
    with officer.expect_navigation():
        officer.get_by_role("button", name=nb("Lift the hold")).click()
    expect(officer.get_by_role("status")).to_contain_text(
        nb("The hold is lifted: the retention rules apply again.")
    )
    expect(officer.locator("main")).to_contain_text(nb("No child is on hold."))
    assert_accessible(officer)
    switch_language(officer, "en")
