"""Absence signals, as a school uses them: the principal imports a month of attendance, two
pupils' absence raises signals, their contact teacher (in Norwegian) opens one, starts the
worrying-school-absence pathway, calls home (a task on My work, done: the meeting is due) and
registers a concern with the facts filled in; the health station sees neither."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import Page, expect

from helhet.cases.models import Concern
from helhet.signals.models import Enrolment, Signal
from tests.browser.conftest import assert_accessible, log_in, totp_code
from tests.factories import PASSWORD, ChildFactory
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's


def nb(text: str) -> str:
    with override("nb"):
        return gettext(text)


@pytest.fixture
def world(transactional_db, settings) -> World:
    settings.HELHET_DEMO = True  # the upload page offers the demo's month of attendance
    world = build_world()
    pupils = [world.child] + [
        ChildFactory(municipality=world.municipality, given_name=name)
        for name in ("Kari", "Nils", "Sara")
    ]
    for number, child in enumerate(pupils, start=1):
        Enrolment.objects.create(
            school=world.school, child=child, pupil_id=f"E{number}", contact_teacher=world.teacher
        )
    return world


def log_in_with_code(page: Page, email: str, sign_in: str = "Sign In") -> None:
    log_in(page, email, PASSWORD)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name=sign_in, exact=True).click()
    expect(page).to_have_url(re.compile(r"/work/$"))


def test_an_imported_month_raises_signals_and_one_becomes_a_concern(new_context, world, tmp_path):
    # 1. The principal imports the month the school's system exported.
    principal = new_context().new_page()
    log_in_with_code(principal, world.head_teacher.user.email)
    principal.get_by_role("link", name="Absence signals").click()
    expect(principal.locator("h1")).to_have_text("Absence signals")
    assert_accessible(principal)
    principal.get_by_role("link", name="Import absence records").click()
    expect(principal.locator("h1")).to_have_text("Import absence records")
    assert_accessible(principal)
    with principal.expect_download() as download:
        principal.get_by_role("link", name=re.compile("download a month of synthetic")).click()
    month = tmp_path / "fravaer.csv"
    download.value.save_as(month)
    principal.get_by_label("Attendance file (CSV or Parquet)").set_input_files(month)
    with principal.expect_navigation():
        principal.get_by_role("button", name="Import", exact=True).click()
    expect(principal.get_by_role("status")).to_contain_text("The absence records were imported.")
    assert_accessible(principal)
    flagged = set(Signal.objects.values_list("child__given_name", flat=True))
    assert len(flagged) == 2, flagged

    # 2. The contact teacher, in Norwegian, sees the two pupils and opens the run of days.
    teacher = new_context(locale="nb-NO").new_page()
    log_in_with_code(teacher, world.teacher.user.email, sign_in=nb("Sign In"))
    teacher.get_by_role("link", name=nb("Absence signals")).click()
    expect(teacher.locator("h1")).to_have_text(nb("Absence signals"))
    assert_accessible(teacher)
    rows = teacher.locator("tbody tr")
    for name in flagged:
        expect(rows.filter(has_text=name).first).to_be_visible()
    run = Signal.objects.get(rule__kind="consecutive_days")
    teacher.locator(f"a[href='/work/signals/{run.pk}/']").click()
    expect(teacher.locator("main")).to_contain_text(
        nb("%(days)s school days in a row, %(first)s to %(last)s.").split("%")[0]
    )
    expect(teacher.locator("h2", has_text=nb("Days of absence"))).to_be_visible()
    assert_accessible(teacher)

    # 3. ... puts the pupil on the worrying-school-absence pathway: "call home today" is on
    # My work; done, the meeting within a week is due.
    teacher.get_by_label("Bekymringsfullt skolefravær").check()
    with teacher.expect_navigation():
        teacher.get_by_role("button", name=nb("Start the pathway")).click()
    expect(teacher.locator("h1")).to_have_text("Bekymringsfullt skolefravær")
    assert_accessible(teacher)
    pathway_url = teacher.url
    teacher.get_by_role("link", name=nb("My work"), exact=True).click()
    task = teacher.locator("tbody tr", has_text="Ring hjem i dag")
    expect(task).to_be_visible()
    task.get_by_role("link").click()
    expect(teacher).to_have_url(re.compile(re.escape(pathway_url) + "#step-"))
    call_home = teacher.locator(
        "li.ds-card", has=teacher.get_by_role("heading", name=re.compile("Ring hjem i dag"))
    )
    call_home.get_by_label(nb("What was done")).fill("Snakket med mor. Avtalt møte torsdag.")
    with teacher.expect_navigation():
        call_home.get_by_role("button", name=re.compile(nb("Mark the step as done"))).click()
    meeting = teacher.locator(
        "li.ds-card", has=teacher.get_by_role("heading", name=re.compile("Møte med eleven"))
    )
    expect(meeting.locator(".ds-tag")).to_have_text(nb("Due"))
    expect(call_home).to_contain_text("Snakket med mor. Avtalt møte torsdag.")
    assert_accessible(teacher)

    # 4. ... and registers a concern: the facts are there, the teacher adds what they know.
    teacher.get_by_role("link", name=nb("The absence signal")).click()
    teacher.get_by_role("link", name=nb("Register a concern"), exact=True).last.click()
    observation = teacher.locator("#id_observation")
    expect(observation).to_have_value(re.compile("5"))
    assert_accessible(teacher)
    teacher.locator("#id_strengths").fill("Flink i matte, har gode venner i klassen.")
    teacher.locator("#id_child_not_asked_reason").fill("Ikke på skolen ennå; ringer hjem i dag.")
    teacher.locator("label[for='id_worry_6']").click()
    with teacher.expect_navigation():
        teacher.get_by_role("button", name=nb("Register the concern")).click()
    concern = Concern.objects.get(child=run.child)
    expect(teacher).to_have_url(re.compile(rf"/work/concerns/{concern.pk}/$"))
    assert_accessible(teacher)
    run.refresh_from_db()
    assert run.concern_id == concern.pk

    # 5. The health station has no door to the school's absence, nor to the pathway.
    nurse = new_context().new_page()
    log_in_with_code(nurse, world.nurse.user.email)
    response = nurse.goto(f"/work/signals/{run.pk}/")
    assert response.status == 404
    assert nurse.goto(pathway_url).status == 404
    nurse.goto("/work/signals/")
    expect(nurse.locator("main")).not_to_contain_text(run.child.family_name)
