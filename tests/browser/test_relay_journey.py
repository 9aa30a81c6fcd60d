"""The relay's "done when": a concern becomes a case that is handed over, shared with consent,
closed to a service at once when consent is withdrawn, and leaves a tamper-evident trail.

Every professional of ``build_world`` has a TOTP second factor with a known secret, so each
logs in as a person would: password, then the current code from an authenticator app.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from playwright.sync_api import Page, expect

from helhet.audit import triggers
from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from helhet.people.models import User
from tests.browser.conftest import assert_accessible, log_in, totp_code
from tests.factories import PASSWORD
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser

# The secret tests.conftest.give_second_factor stores for every professional of the world.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
CASE_URL = re.compile(r"/work/cases/(\d+)/$")

TEACHER = "Tove Lærer"
NURSE = "Hanne Helsesykepleier"
ADVISOR = "Per Rådgiver"

OBSERVATION = "Mye fravær siste måned, virker sliten om morgenen."
STRENGTHS = "Glad i fotball, god venn med flere i klassen."
CHILD_VOICE = "Jeg orker ikke skolen om morgenen."
SCHOOL_PURPOSE = "Samarbeid om skolefravær"
PPT_PURPOSE = "Utredning hos PPT"


@pytest.fixture
def world(transactional_db) -> World:
    world = build_world()
    for professional, name in (
        (world.teacher, TEACHER),
        (world.nurse, NURSE),
        (world.ppt_advisor, ADVISOR),
    ):
        User.objects.filter(pk=professional.user_id).update(name=name)
        professional.user.refresh_from_db()
    return world


def log_in_with_code(page: Page, email: str) -> None:
    """Password, then the second factor; ends on the front page, checked."""
    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/work/$"))
    assert_accessible(page)


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.locator("#id_login")).to_be_visible()
    assert_accessible(page)


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def click_link(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def open_more_actions(page: Page) -> None:
    """The case page's less common actions are behind "More actions" (a disclosure)."""
    page.locator("nav[aria-label='Actions on the case'] summary", has_text="More actions").click()


def expect_status(page: Page) -> None:
    expect(page.locator("main [role=status]").first).to_be_visible()


def expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, (url, response and response.status)
    expect(page.locator("h1")).to_have_text("Page not found")
    assert_accessible(page)


def consent_section(page: Page):
    return page.locator("section[aria-labelledby=consent-heading]")


def test_concern_becomes_case_handed_over_shared_withdrawn_and_audited(new_context, world):
    page = new_context().new_page()  # the teacher's browser, and after the logout the nurse's
    advisor_page = new_context().new_page()
    child = world.child

    # 1. The teacher finds the child and registers a concern.
    log_in_with_code(page, world.teacher.user.email)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Register a concern"
    ).click()
    page.wait_for_url("**/work/concerns/new/")
    expect(page.locator("h1")).to_have_text("Register a concern")
    assert_accessible(page)
    page.get_by_label("Family name").fill(child.family_name)
    page.get_by_label("Date of birth").fill(child.date_of_birth.isoformat())
    submit(page, "Find the child")
    expect(page.locator("#matches-heading")).to_have_text("The child is already registered")
    expect(page.locator("main")).to_contain_text(f"{child.given_name} {child.family_name}")
    assert_accessible(page)
    click_link(page, "Register a concern about this child")
    expect(page.locator("h1")).to_have_text(f"Concern about {child.given_name} {child.family_name}")
    assert_accessible(page)
    expect(page.get_by_label("Your service")).to_have_value(str(world.school.pk))
    page.get_by_label("What do you observe?").fill(OBSERVATION)
    page.get_by_label("What is working well?").fill(STRENGTHS)
    page.get_by_label("What does the child say, in their own words?").fill(CHILD_VOICE)
    page.get_by_role("radio", name="6", exact=True).check()
    expect(page.get_by_label("Decide by")).not_to_have_value("")  # the municipality's default
    submit(page, "Register the concern")
    expect(page).to_have_url(re.compile(r"/work/concerns/\d+/$"))
    expect(page.locator("h1")).to_have_text(f"Concern about {child.given_name} {child.family_name}")
    expect_status(page)
    expect(page.locator("main")).to_contain_text(OBSERVATION)
    expect(page.locator("main")).to_contain_text(CHILD_VOICE)
    assert_accessible(page)

    # 2. ... decides on a collaboration at level 2, and becomes the coordinator.
    click_link(page, "Decide what happens next")
    assert_accessible(page)
    # Only what the chosen decision needs shows; each level says what it means.
    report_group = page.get_by_role("group", name="If you report to child welfare")
    page.get_by_label("Start a collaboration with other services").check()
    expect(report_group).to_be_hidden()
    level_2 = page.get_by_label("Level 2: Simple collaboration")
    expect(level_2).to_have_accessible_description(re.compile(r"led by one coordinator"))
    level_2.check()
    page.get_by_label("Reason or note").fill("Samarbeid med helsestasjonen.")
    submit(page, "Save the decision")
    expect(page).to_have_url(CASE_URL)
    case_path = re.search(r"/work/cases/\d+/$", page.url).group(0)
    case_id = int(CASE_URL.search(page.url).group(1))
    expect(page.locator("h1")).to_have_text(f"{child.given_name} {child.family_name}")
    expect_status(page)
    coordinator = page.locator("section[aria-labelledby=coordinator-heading]")
    expect(coordinator).to_contain_text(TEACHER)
    expect(coordinator).to_contain_text("Skolen")
    assert_accessible(page)

    # 3. ... records the guardians' consent for the school and the health station.
    click_link(page, "Record consent")
    expect(page.locator("h1")).to_have_text("Record consent")
    assert_accessible(page)
    expect(page.get_by_label("Guardian(s)", exact=True)).to_be_checked()
    page.get_by_label("Mor (Mother)").check()
    page.get_by_label("Far (Father)").check()
    page.get_by_label("Skolen", exact=True).check()
    page.get_by_label("Helsestasjonen", exact=True).check()
    page.get_by_label("Purpose of sharing").fill(SCHOOL_PURPOSE)
    page.get_by_label("Signed form").check()
    submit(page, "Record consent")
    expect(page).to_have_url(CASE_URL)
    expect_status(page)
    consent = consent_section(page)
    expect(consent).to_contain_text(re.compile(r"Guardian\(s\): (Far, Mor|Mor, Far)"))
    expect(consent).to_contain_text(re.compile(r"Helsestasjonen, Skolen|Skolen, Helsestasjonen"))
    expect(consent).to_contain_text(SCHOOL_PURPOSE)
    assert_accessible(page)

    # 4. ... proposes to hand the coordinator role to the school nurse, and logs out.
    open_more_actions(page)
    click_link(page, "Hand over the coordinator role")
    expect(page.locator("h1")).to_have_text("Hand over the coordinator role")
    assert_accessible(page)
    page.get_by_label("Who should take over as coordinator?").select_option(
        label=f"{NURSE} – Helsestasjonen"
    )
    page.get_by_label("Why?").fill("Helsesykepleier følger opp fraværet.")
    submit(page, "Propose the handover")
    expect(page).to_have_url(CASE_URL)
    expect_status(page)
    expect(page.locator("main")).to_contain_text(
        f"A handover of the coordinator role to {NURSE} (Helsestasjonen) has waited"
    )
    expect(coordinator).to_contain_text(TEACHER)
    assert_accessible(page)
    log_out(page)

    # The nurse finds the handover on My work and accepts it.
    log_in_with_code(page, world.nurse.user.email)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="My work").click()
    page.wait_for_url("**/work/")
    handovers = page.locator("section[aria-labelledby=handover-heading]")
    expect(handovers).to_contain_text(f"{child.given_name} {child.family_name}")
    expect(handovers).to_contain_text(TEACHER)
    assert_accessible(page)
    with page.expect_navigation():
        handovers.get_by_role("link", name="Answer the handover").click()
    expect(page.locator("h1")).to_have_text("Handover of the coordinator role")
    assert_accessible(page)
    submit(page, "Accept the coordinator role")
    expect(page).to_have_url(re.compile(re.escape(case_path) + "$"))
    expect_status(page)
    expect(coordinator).to_contain_text(NURSE)
    expect(coordinator).to_contain_text("Helsestasjonen")
    expect(page.locator("main")).not_to_contain_text("has waited for an answer")
    assert_accessible(page)

    # 5. The PPT advisor is not covered by consent: the case does not exist for them.
    log_in_with_code(advisor_page, world.ppt_advisor.user.email)
    expect_not_found(advisor_page, case_path)

    # 6. The nurse records consent for PPT and adds the advisor to the team.
    click_link(page, "Record consent")
    assert_accessible(page)
    page.get_by_label("Mor (Mother)").check()
    page.get_by_label("Far (Father)").check()
    page.get_by_label("PPT", exact=True).check()
    # The nurse's own service comes preselected; this consent is for PPT alone.
    own_service = page.get_by_label("Helsestasjonen", exact=True)
    expect(own_service).to_be_checked()
    own_service.uncheck()
    page.get_by_label("Purpose of sharing").fill(PPT_PURPOSE)
    page.get_by_label("Signed form").check()
    submit(page, "Record consent")
    expect(page).to_have_url(CASE_URL)
    expect(consent_section(page)).to_contain_text(PPT_PURPOSE)
    assert_accessible(page)
    expect_not_found(advisor_page, case_path)  # consent alone does not open the case

    open_more_actions(page)
    click_link(page, "Add a team member")
    expect(page.locator("h1")).to_have_text("Add a team member")
    assert_accessible(page)
    page.get_by_label("Who joins the team?").select_option(label=f"{ADVISOR} – PPT")
    page.get_by_label("Role in the case").fill("PPT-rådgiver")
    submit(page, "Add to the team")
    expect(page).to_have_url(CASE_URL)
    expect_status(page)
    team = page.locator("section[aria-labelledby=team-heading]")
    expect(team).to_contain_text(ADVISOR)
    assert_accessible(page)

    response = advisor_page.goto(case_path)
    assert response is not None and response.status == 200
    expect(advisor_page.locator("h1")).to_have_text(f"{child.given_name} {child.family_name}")
    expect(advisor_page.locator("section[aria-labelledby=coordinator-heading]")).to_contain_text(
        NURSE
    )
    assert_accessible(advisor_page)

    # 7. The family withdraws the consent covering PPT: the advisor loses access at once.
    ppt_consent = consent_section(page).locator("li.contact", has_text=PPT_PURPOSE)
    with page.expect_navigation():
        ppt_consent.get_by_role("link", name=re.compile(r"^Withdraw")).click()
    expect(page.locator("h1")).to_have_text("Withdraw consent")
    expect(page.locator("main")).to_contain_text(PPT_PURPOSE)
    assert_accessible(page)
    page.get_by_label("Note on the withdrawal").fill("Mor ringte og trakk samtykket for PPT.")
    submit(page, "Withdraw the consent")
    expect(page).to_have_url(CASE_URL)
    expect_status(page)
    earlier = consent_section(page)
    expect(earlier).to_contain_text("Withdrawn")
    expect(earlier.locator("li.contact", has_text=SCHOOL_PURPOSE)).to_be_visible()
    assert_accessible(page)
    expect_not_found(advisor_page, case_path)

    # 8. The log tells the story; the access log names everyone who read the case.
    log = page.locator("section[aria-labelledby=log-heading]")
    kinds = log.locator("li h3").all_inner_texts()
    kinds = [kind.strip() for kind in kinds]
    for kind in ("Decision", "Consent change", "Handover", "Team change"):
        assert kind in kinds, f"no {kind!r} entry in the log: {kinds}"
    assert kinds.count("Consent change") == 3, kinds  # two recorded, one withdrawn
    assert kinds.count("Handover") == 2, kinds  # proposed, accepted
    expect(log).to_contain_text("Collaboration started at Level 2: Simple collaboration.")
    expect(log).to_contain_text(re.compile(r"Consent recorded \(Guardian\(s\), Signed form\)"))
    expect(log).to_contain_text("Purpose: " + SCHOOL_PURPOSE)
    expect(log).to_contain_text(f"Handover of the coordinator role to {NURSE} (Helsestasjonen)")
    expect(log).to_contain_text(f"{NURSE} accepted the coordinator role.")
    expect(log).to_contain_text(f"{ADVISOR} (PPT) joined the team.")
    expect(log).to_contain_text("Consent withdrawn for: PPT.")

    open_more_actions(page)
    click_link(page, "Who accessed this case")
    expect(page.locator("h1")).to_have_text("Who accessed this case")
    assert_accessible(page)
    rows = page.locator("main table tbody tr")
    for name in (TEACHER, NURSE, ADVISOR):
        reads = rows.filter(has_text=name).filter(has_text="case.read")
        assert reads.count() >= 1, f"no read by {name} in the access log"

    # 9. The audit chains are intact ...
    assert list(verify()) == []

    # ... until an administrator with database rights bypasses the append-only trigger.
    from django.db import connection

    tampered = AuditEvent.objects.filter(case_id=case_id, action="consent.withdraw").get()
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET purpose = 'tampered' WHERE id = %s", [tampered.pk]
            )
    finally:
        triggers.create(connection)
    problems = list(verify())
    assert [(p.kind, p.event_id) for p in problems] == [("altered", tampered.pk)], problems
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify")
