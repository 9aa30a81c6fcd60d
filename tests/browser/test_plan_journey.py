"""Issue 4's "done when": the coordinator writes a plan with the child's goals and measures from
three services, plans a meeting with the child and a guardian, records the minutes when it has
been held (a decision becomes a measure in the plan), is reminded on My work and by one e-mail to
evaluate the plan, prints the plan as PDF, and closes the case with a final evaluation.

Run in Norwegian Bokmål and in English: the browser asks for the language (Accept-Language), and
every label the journey looks for is the project's own, translated with ``gettext`` in that
language (a string the catalog lacks stays English, on the page and here alike). Form fields are
found by their ids, and their labels are checked in the page's language. Axe checks every page.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from helhet.cases.services import team_member_add
from helhet.core import clock
from helhet.people.models import User
from helhet.plans.models import Goal, Meeting, MeetingStatus, PlanSnapshot
from helhet.reminders.models import Task, TaskKind
from helhet.tenancy.services import wellbeing_frameworks_ensure_builtin
from tests.browser.conftest import assert_accessible, log_in, totp_code
from tests.factories import PASSWORD
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser

# The secret tests.conftest.give_second_factor stores for every professional of the world.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
BROWSER_LOCALES = {"nb": "nb-NO", "en": "en-GB"}

TEACHER = "Tove Lærer"
NURSE = "Hanne Helsesykepleier"
ADVISOR = "Per Rådgiver"

# The child's goals, with the Nordic letters the PDF must keep.
GOAL_SCHOOL = "Jeg vil gå på skolen hver dag og slippe å føle meg alene i friminuttene."
GOAL_HEALTH = "Jeg vil lære å svømme og være med på fotballtreningen uten å være så sliten."
MEASURE_SCHOOL = "Fast voksen tar imot Ola ved skoleporten hver morgen."
MEASURE_PPT = "PPT kartlegger læringsmiljøet i klassen."
MEASURE_HEALTH = "Samtaler med helsesykepleier om søvn og kosthold."
AGENDA = "1. Hvordan går det på skolen?\n2. Søvn og morgener.\n3. Veien videre."
PLACE = "Møterom 2, Skolen"
SUMMARY = "Vi snakket om morgenene. Fraværet er mindre, men søvnen er fortsatt et problem."
MEETING_VOICE = "Det er lettere når noen venter på meg ved porten."
DECISION = "Helsesykepleier lager en søvnplan sammen med familien."
FINAL_VOICE = "Jeg går på skolen nesten hver dag nå, og jeg har venner i friminuttene."
CLOSING_REASON = "Målene er nådd; familien og teamet er enige om å avslutte samarbeidet."


def t(lang: str, text: str) -> str:
    """The project's own translation of ``text`` in ``lang`` (English if not translated yet)."""
    with override(lang):
        return gettext(text)


@pytest.fixture
def world(transactional_db, settings) -> World:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HELHET_BASE_URL = "https://helhet.example.no"
    wellbeing_frameworks_ensure_builtin()  # a transactional test starts without migrations' rows
    world = build_world()
    for professional, name in (
        (world.teacher, TEACHER),
        (world.nurse, NURSE),
        (world.ppt_advisor, ADVISOR),
    ):
        User.objects.filter(pk=professional.user_id).update(name=name)
        professional.user.refresh_from_db()
    return world


class Journey:
    """The coordinator's browser, speaking one language."""

    def __init__(self, page: Page, lang: str):
        self.page = page
        self.lang = lang

    def t(self, text: str) -> str:
        return t(self.lang, text)

    def log_in(self, email: str) -> None:
        page = self.page
        log_in(page, email, PASSWORD)
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        assert_accessible(page)
        page.locator("#id_code").fill(totp_code(TOTP_SECRET))
        with page.expect_navigation():
            page.get_by_role("button", name=self.t("Sign In"), exact=True).click()
        expect(page).to_have_url(re.compile(r"^http://[^/]+/work/$"))
        assert_accessible(page)

    def field(self, field_id: str, label: str):
        """The input with this id, after checking its label reads ``label`` in the language."""
        expect(self.page.locator(f"label[for={field_id}]")).to_contain_text(self.t(label))
        return self.page.locator(f"#{field_id}")

    def fill(self, field_id: str, label: str, value: str) -> None:
        self.field(field_id, label).fill(value)

    def choose(self, field_id: str, label: str, option: str) -> None:
        self.field(field_id, label).select_option(label=option)

    def option(self, label: str):
        """A radio button or checkbox of a choice list, by its label (already translated)."""
        return self.page.get_by_label(label, exact=True)

    def link(self, name: str, *, within=None, exact: bool = True):
        return (within or self.page).get_by_role("link", name=self.t(name), exact=exact).first

    def follow(
        self, name: str, *, within=None, exact: bool = True, heading: str | None = None
    ) -> None:
        with self.page.expect_navigation():
            self.link(name, within=within, exact=exact).click()
        if heading is not None:
            expect(self.page.locator("h1")).to_have_text(self.t(heading))
        assert_accessible(self.page)

    def submit(self, button: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=self.t(button), exact=True).click()

    def saved(self, message: str) -> None:
        """Back on a page after a save: the message says so, and the page is accessible."""
        expect(self.page.locator("main [role=status]").first).to_contain_text(self.t(message))
        assert_accessible(self.page)

    def open_case(self, case) -> None:
        self.page.goto(f"/work/cases/{case.pk}/")
        expect(self.page.locator("h1")).to_have_text(str(case.child))
        assert_accessible(self.page)

    def case_actions(self):
        return self.page.get_by_role("navigation", name=self.t("Actions on the case"))

    def more_actions(self):
        """The case page's less common actions, behind "More actions" (a disclosure), opened."""
        actions = self.case_actions()
        actions.locator("summary", has_text=self.t("More actions")).click()
        return actions

    def open_plan(self, case) -> None:
        self.open_case(case)
        self.follow("Plan", within=self.case_actions(), heading="Plan")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_plan_meeting_minutes_reminder_pdf_and_closing(new_context, world, monkeypatch, lang):
    page = new_context(locale=BROWSER_LOCALES[lang]).new_page()
    j = Journey(page, lang)
    _ = j.t

    # 1. A case with consent for the school, the health station and PPT; the nurse and the PPT
    #    advisor are on the team; the teacher coordinates.
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    for professional, service in ((world.nurse, world.health), (world.ppt_advisor, world.ppt)):
        team_member_add(
            case=case, added_by=world.teacher.user, professional=professional, service=service
        )
    case.refresh_from_db()
    assert case.coordinator_id == world.teacher.pk
    today = clock.today()

    # 2. The coordinator opens the case, goes to the plan, and writes two goals in the child's
    #    words, each with a life area and a responsible service.
    j.log_in(world.teacher.user.email)
    j.open_case(case)
    expect(page.locator("#plan-overview-heading")).to_have_text(_("The plan at a glance"))
    j.follow("Plan", within=j.case_actions(), heading="Plan")
    expect(page.locator("main")).to_contain_text(_("The plan has no goals yet."))

    for text, area, service in (
        (GOAL_SCHOOL, "Relationships and belonging", world.school),
        (GOAL_HEALTH, "Health", world.health),
    ):
        j.follow("Add a goal", heading="Add a goal")
        j.fill("id_text", "The goal", text)
        expect(page.locator("#id_whose_words_0")).to_be_visible()
        j.option(_("The child's own words")).check()
        j.choose("id_life_area", "Life area", _(area))
        j.choose("id_responsible_service", "Service responsible for the goal", service.name)
        j.submit("Add the goal")
        j.saved("The goal was added to the plan.")
    goal_school = Goal.objects.get(plan__case=case, text=GOAL_SCHOOL)
    goal_health = Goal.objects.get(plan__case=case, text=GOAL_HEALTH)

    # ... then measures from three services, with responsible persons, at overlapping times.
    for goal, description, service, responsible, starts, ends in (
        (goal_school, MEASURE_SCHOOL, world.school, TEACHER, 0, 60),
        (goal_school, MEASURE_PPT, world.ppt, ADVISOR, 7, 45),
        (goal_health, MEASURE_HEALTH, world.health, NURSE, 0, 90),
    ):
        card = page.locator(f"#goal-{goal.pk}")
        # The link's name ends with the goal, for a screen reader's list of links.
        j.follow("Add a measure", within=card, exact=False, heading="Add a measure")
        expect(page.locator("main")).to_contain_text(goal.text)
        j.fill("id_description", "What will be done", description)
        j.choose("id_service", "Service", service.name)
        j.choose("id_responsible", "Responsible", responsible)
        j.fill("id_starts_on", "Start", (today + datetime.timedelta(days=starts)).isoformat())
        j.fill("id_ends_on", "End", (today + datetime.timedelta(days=ends)).isoformat())
        j.submit("Add the measure")
        j.saved("The measure was added to the plan.")

    goals = page.locator("section[aria-labelledby=goals-heading]")
    expect(goals.locator(f"#goal-{goal_school.pk} h3")).to_contain_text(GOAL_SCHOOL)
    expect(goals.locator(f"#goal-{goal_health.pk} h3")).to_contain_text(GOAL_HEALTH)
    overlap = page.locator("section[aria-labelledby=overlap-heading]")
    expect(overlap.locator("h2")).to_have_text(_("Measures running at the same time"))
    rows = overlap.locator("table tbody tr")
    expect(rows).to_have_count(3)
    services = sorted(rows.locator("td:first-child").all_inner_texts())
    assert services == sorted(s.name for s in (world.school, world.health, world.ppt)), services
    expect(rows.filter(has_text=MEASURE_PPT).locator("td").nth(3)).to_contain_text(
        world.school.name
    )

    # 3. A meeting tomorrow at 10:00, with the child, the mother and the nurse taking part.
    j.open_case(case)
    j.follow("Plan a meeting", within=j.case_actions(), heading="Plan a meeting")
    tomorrow = today + datetime.timedelta(days=1)
    j.fill("id_starts_at", "Time", f"{tomorrow.isoformat()}T10:00")
    j.fill("id_place", "Place", PLACE)
    j.fill("id_agenda", "Agenda", AGENDA)
    j.option(_("The child or young person takes part")).check()
    for guardian in (world.mother, world.father):
        with override(lang):
            label = f"{guardian.name} ({guardian.get_relation_display()})"
        if guardian == world.mother:
            j.option(label).check()
        else:
            j.option(label).uncheck()
    j.option(NURSE).check()
    j.submit("Plan the meeting")
    j.saved("The meeting was planned.")
    meeting = Meeting.objects.get(case=case)
    starts = timezone.localtime(meeting.starts_at)
    assert (starts.date(), starts.time()) == (tomorrow, datetime.time(10, 0))
    with page.expect_navigation():
        page.locator(f"#meeting-{meeting.pk} h2 a").click()
    assert_accessible(page)
    taking_part = page.locator("section[aria-labelledby=practical-heading] ul")
    expect(taking_part).to_contain_text(str(world.child))
    expect(taking_part).to_contain_text(world.mother.name)
    expect(taking_part).to_contain_text(NURSE)
    expect(taking_part).not_to_contain_text(f"{world.father.name} (")
    expect(page.get_by_role("link", name=_("Record the minutes"))).to_have_count(0)

    # 4. Two hours after the meeting began, the coordinator records the minutes; decision 1
    #    becomes a measure for the health goal, with the nurse responsible.
    moved = meeting.starts_at + datetime.timedelta(hours=2)
    monkeypatch.setattr(clock, "now", lambda: moved)
    page.reload()
    assert_accessible(page)
    j.follow("Record the minutes", heading="Record the minutes")
    j.fill("id_summary", "Summary", SUMMARY)
    j.fill(
        "id_child_voice",
        "What does the child or young person say, in their own words?",
        MEETING_VOICE,
    )
    row = page.locator("fieldset.decision-row").first
    expect(row.locator(":scope > legend")).to_have_text(_("Decision %(n)s") % {"n": 1})
    j.fill("id_decision-0-text", "Decision", DECISION)
    j.choose("id_decision-0-responsible", "Responsible", NURSE)
    deadline = clock.today() + datetime.timedelta(days=14)
    j.fill("id_decision-0-due_on", "Deadline", deadline.isoformat())
    row.get_by_label(_("A measure in the plan"), exact=True).check()
    j.choose("id_decision-0-goal", "Goal the measure serves", GOAL_HEALTH[:80])
    j.submit("Record the minutes")
    j.saved("The minutes were recorded and added to the log.")
    item = page.locator(f"#meeting-{meeting.pk}")
    expect(item).to_contain_text(_("Held – minutes recorded"))
    with page.expect_navigation():
        item.locator("h2 a").click()
    expect(page.locator("main")).to_contain_text(_("Held – minutes recorded"))
    expect(page.locator("section[aria-labelledby=minutes-heading]")).to_contain_text(SUMMARY)
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD

    j.follow("Plan", within=page.get_by_role("navigation", name=_("The plan and meetings")))
    measure_row = page.locator(f"#goal-{goal_health.pk} table tbody tr", has_text=DECISION)
    expect(measure_row).to_have_count(1)
    expect(measure_row).to_contain_text(NURSE)
    expect(measure_row).to_contain_text(world.health.name)

    j.open_case(case)
    log = page.locator("section[aria-labelledby=log-heading]")
    expect(log.locator("li", has_text=SUMMARY)).to_have_count(1)
    expect(log).to_contain_text(DECISION)

    # 5. The evaluation is due within a week: a task on My work, and one e-mail, once.
    j.follow("Plan", within=j.case_actions(), heading="Plan")
    j.follow("Set the evaluation date", heading="Set the evaluation date")
    due = clock.today() + datetime.timedelta(days=5)
    j.fill("id_due", "Evaluate the plan by", due.isoformat())
    j.submit("Save the date")
    j.saved("The evaluation date was set.")

    with page.expect_navigation():
        page.get_by_role("navigation", name=_("Main menu")).get_by_role(
            "link", name=_("My work"), exact=True
        ).click()
    task = Task.objects.get(case=case, kind=TaskKind.EVALUATION_DUE, done_at__isnull=True)
    assert task.assignee_id == world.teacher.pk
    row = page.locator(f"#task-{task.pk}")
    expect(row).to_contain_text(_("Evaluate the plan"))
    expect(row).to_contain_text(str(world.child))
    assert_accessible(page)

    call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    sent = mail.outbox[0]
    assert sent.to == [world.teacher.user.email]
    assert f"/work/#task-{task.pk}" in sent.body
    for name in (world.child.given_name, world.child.family_name, world.mother.name):
        assert name not in sent.subject and name not in sent.body, name
    call_command("reminders", stdout=io.StringIO())
    call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]

    # 6. The plan as PDF, with the child's goals as written, Nordic letters and all.
    j.open_plan(case)
    with page.expect_download() as download_info:
        j.link("Download the plan (PDF)").click()
    download = download_info.value
    # Named after the plan's last agreed version, not the child or the case.
    agreed = PlanSnapshot.objects.filter(plan__case=case).latest("taken_at").taken_at
    assert download.suggested_filename == f"plan-{timezone.localdate(agreed).isoformat()}.pdf"
    reader = PdfReader(download.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for goal_text in (GOAL_SCHOOL, GOAL_HEALTH):
        assert goal_text in text, f"{goal_text!r} not in the PDF: {text[:1500]!r}"
    assert set("æøå") <= set(GOAL_SCHOOL + GOAL_HEALTH)  # the letters checked are there

    # 7. Closing asks for the final evaluation first; then the case closes.
    j.open_case(case)
    j.follow("Close the case", within=j.more_actions(), heading="Close the case")
    expect(page.locator("main .ds-alert")).to_contain_text(
        _(
            "The plan has goals but no final evaluation. Record the final evaluation with the "
            "child and the family before closing the case."
        )
    )
    j.follow("Record the final evaluation", heading="Record an evaluation")
    j.fill(
        "id_child_voice",
        "What does the child or young person say, in their own words?",
        FINAL_VOICE,
    )
    j.choose("id_child_scale", "How is it going, according to the child or the family? (0–10)", "8")
    j.fill("id_worked", "What worked?", "Fast voksen ved porten, og søvnplanen.")
    j.fill("id_did_not_work", "What did not work?", "Samtalene kom sent i gang.")
    j.fill("id_next_steps", "What next?", "Skolen følger opp som vanlig; saken avsluttes.")
    j.choose("id_team_scale", "How is it going, according to the team? (0–10)", "7")
    expect(
        j.field("id_is_final", "This is the final evaluation (the case is about to close)")
    ).to_be_checked()
    expect(j.field("id_next_evaluation_due", "Next evaluation")).to_have_value("")
    j.submit("Record the evaluation")
    j.saved("The evaluation was recorded.")
    expect(page.locator("section[aria-labelledby=goals-heading]")).to_contain_text(
        _("Final evaluation")
    )
    expect(page.locator("main")).to_contain_text(FINAL_VOICE)

    j.open_case(case)
    j.follow("Close the case", within=j.more_actions(), heading="Close the case")
    expect(page.get_by_role("link", name=_("Record the final evaluation"))).to_have_count(0)
    j.fill("id_reason", "Why is the case closed?", CLOSING_REASON)
    j.submit("Close the case")
    j.saved("The case was closed.")
    expect(page.locator("h1")).to_have_text(str(world.child))
    expect(page.locator("main p.meta .ds-tag").last).to_have_text(_("Closed"))
    expect(page.locator("main")).to_contain_text(CLOSING_REASON)
    case.refresh_from_db()
    assert case.status == "closed"
