"""The family and youth portal, as the people use it: e-ID login through a real OpenID Connect
provider (Test ID, idp/server.mjs), then what a guardian, a young person, a restricted guardian
and a parent without a case do — and what the professionals see of it at once.

- A guardian (Gro, Norwegian, on a phone 390 px wide) follows Emil's case, says yes to the
  coordinator's question about PPT (the PPT advisor gets the case), withdraws it again (the
  advisor loses it at once), and writes what matters before the coming meeting (the coordinator
  reads it in the case's log).
- A young person at the consent age (Sara, English, 1280 px) withdraws the health station from
  the consent her father gave; her father cannot give it back. A guardian restricted by a court
  decision sees no case.
- A parent without a case asks for help; the municipality's front door finds it on My work.

Axe checks every kind of portal page once; the CSP check of tests/browser/conftest.py runs on
every page, the provider's included.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import formats, timezone
from django.utils.translation import override
from playwright.sync_api import expect

from helhet.cases.selectors.case import case_page
from helhet.core import clock
from helhet.people.models import User
from helhet.plans.services.meetings import meeting_plan
from helhet.portal.models import GuardianSharing
from tests.browser.conftest import assert_accessible
from tests.browser.portal_helpers import (
    BROWSER_LOCALES,
    DESKTOP,
    PHONE,
    Citizen,
    professional_log_in,
    start_test_id,
    status_of,
    t,
)
from tests.factories import ServiceFactory
from tests.portal.conftest import _persons, provider_conf
from tests.portal.world import build_portal_world
from tests.scenarios import professional_in

pytestmark = pytest.mark.browser

TEACHER = "Tove Lærer"
NURSE = "Hanne Helsesykepleier"
ADVISOR = "Per Rådgiver"
FRONT_DOOR = "Frida Familiehus"

PLACE = "Møterom 2, Skolen"
AGENDA = "Hvordan går det på skolen, og hva trenger Emil fremover?"
PPT_PURPOSE = "PPT kan se på hvordan Emil lærer best, og hjelpe skolen med tilrettelegging."
WHAT_MATTERS = "Det viktigste for oss er at Emil får en fast voksen å gå til på skolen."
NEED = "Sønnen vår sover dårlig og gruer seg til barnehagen. Vi vil gjerne snakke med noen."
CASE_URL = "/work/cases/{pk}/"


@pytest.fixture(scope="module")
def persons():
    return _persons()


@pytest.fixture(scope="module")
def test_id(live_server, persons, tmp_path_factory):
    with start_test_id(persons, live_server.url, tmp_path_factory.mktemp("portal-idp")) as idp:
        yield idp


@pytest.fixture
def family(transactional_db, settings, test_id, persons):
    settings.HELHET_PORTAL_PROVIDERS = {"testid": provider_conf(test_id.issuer)}
    family = build_portal_world(persons)
    for professional, name in (
        (family.teacher, TEACHER),
        (family.nurse, NURSE),
        (family.ppt_advisor, ADVISOR),
    ):
        User.objects.filter(pk=professional.user_id).update(name=name)
        professional.user.refresh_from_db()
    return family


def citizen(new_context, lang: str, viewport: dict) -> Citizen:
    context = new_context(locale=BROWSER_LOCALES[lang], viewport=viewport)
    return Citizen(context.new_page(), lang)


def test_a_guardian_follows_the_case_answers_about_consent_and_says_what_matters(
    new_context, family
):
    case = family.emil_case
    case_path = CASE_URL.format(pk=case.pk)
    meeting = meeting_plan(
        case=case,
        planned_by=family.teacher.user,
        starts_at=timezone.localtime(clock.now() + datetime.timedelta(days=7)).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
        duration_minutes=60,
        place=PLACE,
        video_link="",
        agenda=AGENDA,
        child_takes_part=True,
        guardians=[family.gro],
        professionals=[family.nurse],
    )
    case_page(fetched_by=family.nurse.user, pk=case.pk)  # the school nurse reads the case

    gro = citizen(new_context, "nb", PHONE)
    page = gro.page
    teacher = new_context().new_page()
    advisor = new_context().new_page()

    # 1. Gro logs in with e-ID and finds Emil's case: the coordinator and who helps.
    gro.log_in("Gro Foresatt", check_start=True)
    assert_accessible(page)
    gro.follow("The case of %(name)s", name=family.emil.given_name)
    expect(page).to_have_url(re.compile(rf"/portal/cases/{case.pk}/$"))
    gro.heading("At a glance")
    expect(page.locator("section[aria-labelledby=coordinator-heading]")).to_contain_text(TEACHER)
    team = page.locator("section[aria-labelledby=team-heading]")
    expect(team).to_contain_text(NURSE)
    expect(team).to_contain_text("Helsestasjonen")
    expect(page.locator("section[aria-labelledby=next-heading]")).to_contain_text(
        t("nb", "see the meeting")
    )
    assert_accessible(page)

    nav = page.get_by_role("navigation", name=gro.t("Your case"))
    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("The plan"), exact=True).click()
    gro.heading("The plan")
    expect(page.locator("main")).to_contain_text(
        gro.t("There is no plan yet. The team makes it together with you.")
    )
    assert_accessible(page)

    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("Meetings"), exact=True).click()
    gro.heading("Meetings")
    coming = page.locator("main section.ds-card")
    expect(coming).to_have_count(1)
    expect(coming).to_contain_text(PLACE)
    expect(coming).to_contain_text(AGENDA)
    expect(coming.get_by_role("link", name=gro.t("Add to your calendar (.ics)"))).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("Who looked at our case"), exact=True).click()
    gro.heading("Who looked at our case")
    nurse_read = page.locator("main table tbody tr").filter(has_text=NURSE)
    expect(nurse_read.filter(has_text=gro.t("looked at the case")).first).to_be_visible()
    expect(nurse_read.first).to_contain_text("Helsestasjonen")
    assert_accessible(page)

    # 2. The coordinator asks the family in the portal to add PPT, naming the PPT advisor.
    professional_log_in(teacher, family.teacher.user.email)
    teacher.goto(f"{case_path}consent/ask/")
    expect(teacher.locator("h1")).to_have_text("Ask the family in the portal")
    assert_accessible(teacher)
    teacher.get_by_label("PPT", exact=True).check()
    teacher.get_by_label("Why you ask, in plain words").fill(PPT_PURPOSE)
    teacher.get_by_label(f"{ADVISOR} – PPT", exact=True).check()
    with teacher.expect_navigation():
        teacher.get_by_role("button", name="Send the question", exact=True).click()
    expect(teacher).to_have_url(re.compile(re.escape(case_path) + "$"))
    expect(teacher.locator("main [role=status]").first).to_contain_text(
        "The family can answer in the portal now."
    )

    # 3. Gro says yes: the advisor joins the team and opens the case ...
    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("Consent"), exact=True).click()
    gro.heading("Consent")
    question = page.locator("section[aria-labelledby=question-heading]")
    expect(question).to_contain_text("PPT")
    expect(question).to_contain_text(PPT_PURPOSE)
    assert_accessible(page)
    gro.press("Yes, I consent", within=question)
    gro.status("Thank you. Your consent is recorded.")
    expect(question).to_have_count(0)
    ppt_consent = page.locator("main section.ds-card", has_text=PPT_PURPOSE)
    expect(ppt_consent).to_contain_text("PPT")
    assert_accessible(page)

    professional_log_in(advisor, family.ppt_advisor.user.email, check=False)
    assert status_of(advisor, case_path) == 200
    expect(advisor.locator("h1")).to_have_text(
        f"{family.emil.given_name} {family.emil.family_name}"
    )
    expect(advisor.locator("section[aria-labelledby=team-heading]")).to_contain_text(ADVISOR)

    # ... and withdraws it again: the advisor loses the case at once.
    withdraw = ppt_consent.get_by_role("button", name=f"{gro.t('Withdraw')} (PPT)", exact=True)
    with page.expect_navigation():
        withdraw.click()
    gro.status("Consent was withdrawn. The service no longer has access to your case.")
    expect(page.locator("main section.ds-card", has_text=PPT_PURPOSE)).to_have_count(0)
    expect(page.locator("main")).to_contain_text(gro.t("Ended or withdrawn"))
    assert status_of(advisor, case_path) == 404
    expect(advisor.locator("h1")).to_have_text("Page not found")

    # 4. Gro writes what matters to her before the coming meeting; the coordinator reads it.
    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("What matters to me"), exact=True).click()
    gro.heading("What matters to me")
    assert_accessible(page)
    page.get_by_label(gro.t("What matters to you?")).fill(WHAT_MATTERS)
    with override("nb"):  # the meeting as the page shows it: its local date and time
        when = formats.localize(timezone.localtime(meeting.starts_at))
    page.get_by_label(gro.t("Before which meeting?")).select_option(label=when)
    page.get_by_label(
        gro.t("How are things going right now? 0 is very bad, 10 is very good.")
    ).select_option("7")
    gro.press("Send to the team")
    expect(page).to_have_url(re.compile(rf"/portal/cases/{case.pk}/$"))
    gro.status("Thank you. The team can read what you wrote.")

    teacher.goto(case_path)
    said = teacher.locator("section[aria-labelledby=log-heading] li", has_text=WHAT_MATTERS)
    expect(said).to_have_count(1)
    expect(said).to_contain_text("From the family, in the portal")
    expect(said).to_contain_text("7/10")
    assert_accessible(teacher)

    with page.expect_navigation():
        nav.get_by_role("link", name=gro.t("Meetings"), exact=True).click()
    expect(page.locator("main section.ds-card")).to_contain_text(WHAT_MATTERS)


def test_a_young_person_decides_about_consent_and_a_restricted_guardian_sees_nothing(
    new_context, family
):
    sara_case = family.sara_case
    GuardianSharing.objects.create(case=sara_case, overview=True, decided_at=clock.now())

    # 5. Sara withdraws the health station from the consent her father gave before her birthday.
    sara = citizen(new_context, "en", DESKTOP)
    page = sara.page
    sara.log_in("Sara Ung")
    sara.follow("Your case")
    expect(page).to_have_url(re.compile(rf"/portal/cases/{sara_case.pk}/$"))
    expect(page.locator("main .meta").first).to_contain_text(sara.t("Your case"))
    assert_accessible(page)
    sara.follow("The log")
    sara.heading("The log")
    expect(page.locator("main ol.result-list > li").first).to_be_visible()
    assert_accessible(page)
    sara.follow("What my guardians see")  # she shares "who is on the team" with her father
    sara.heading("What my guardians see")
    expect(
        page.get_by_label(sara.t("Who is on the team, and what happens next"), exact=True)
    ).to_be_checked()
    expect(page.get_by_label(sara.t("The plan"), exact=True)).not_to_be_checked()
    assert_accessible(page)
    sara.follow("Consent")
    given = page.locator("main section.ds-card", has_text="Samarbeid om skole og helse")
    expect(given).to_contain_text(sara.t("Guardian(s)"))
    assert_accessible(page)
    with page.expect_navigation():
        given.get_by_role(
            "button", name=f"{sara.t('Withdraw')} (Helsestasjonen)", exact=True
        ).click()
    sara.status("Consent was withdrawn. The service no longer has access to your case.")
    in_force = page.locator("main section.ds-card")
    expect(in_force).to_have_count(1)
    expect(in_force).to_contain_text("Skolen")
    expect(in_force).not_to_contain_text("Helsestasjonen")
    assert_accessible(page)

    # Tor, her father, sees it, and cannot give it back.
    tor = citizen(new_context, "en", DESKTOP)
    tor.log_in("Tor Foresatt")
    tor.follow("The case of %(name)s", name="Sara")
    tor.follow("Consent")
    main = tor.page.locator("main")
    expect(main).to_contain_text(
        tor.t("Your young person decides about consent now. You can see it, but not change it.")
    )
    expect(main.locator("section.ds-card")).not_to_contain_text("Helsestasjonen")
    expect(main.locator("form[method=post]")).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile(r"Yes, I consent|Withdraw"))).to_have_count(0)
    assert_accessible(tor.page)

    # 6. Rune, restricted by a court decision, finds no case.
    rune = citizen(new_context, "en", DESKTOP)
    rune.log_in("Rune Begrenset")
    expect(rune.page.locator("main")).to_contain_text(rune.t("We found no case for you in Helhet."))
    expect(rune.page.locator("main").get_by_role("link", name=re.compile("case of"))).to_have_count(
        0
    )
    assert_accessible(rune.page)
    assert status_of(rune.page, f"/portal/cases/{family.emil_case.pk}/") == 404

    # What ended says what Sara withdrew: the health station, not the school, which goes on.
    ended = page.locator("main ul.ds-list li", has_text=sara.t("withdrawn %(when)s", when=""))
    expect(ended).to_have_count(1)
    expect(ended).to_contain_text("Helsestasjonen")
    expect(
        ended, "the school's consent goes on, yet the portal lists the school as withdrawn"
    ).not_to_contain_text("Skolen")


def test_a_parent_without_a_case_asks_for_help_and_the_front_door_finds_it(new_context, family):
    front_door = ServiceFactory(
        municipality=family.municipality, is_front_door=True, name="Familiens hus"
    )
    staff = professional_in(front_door)
    User.objects.filter(pk=staff.user_id).update(name=FRONT_DOOR)
    born = clock.years_before(clock.today(), 5)

    # 7. Hilde has no case; she asks the municipality for help for her son.
    hilde = citizen(new_context, "nb", PHONE)
    page = hilde.page
    hilde.log_in("Hilde Hjelp")
    expect(page.locator("main")).to_contain_text(hilde.t("We found no case for you in Helhet."))
    hilde.follow("Ask for help")
    hilde.heading("Ask for help")
    assert_accessible(page)
    page.get_by_role("radio", name=hilde.t("A child of mine who is not listed")).check()
    page.get_by_label(hilde.t("Municipality"), exact=True).select_option(
        label=family.municipality.name
    )
    page.get_by_label(hilde.t("The child's first name")).fill("Henrik")
    page.get_by_label(hilde.t("The child's last name")).fill("Hjelp")
    page.get_by_label(hilde.t("The child's date of birth")).fill(born.isoformat())
    page.get_by_label(hilde.t("What do you need help with?")).fill(NEED)
    page.get_by_role("radio", name=hilde.t("Phone"), exact=True).check()
    page.get_by_role("textbox", name=hilde.t("Phone"), exact=True).fill("+47 912 34 567")
    hilde.press("Send the request")
    expect(page).to_have_url(re.compile(r"/portal/help/sent/$"))
    hilde.heading("Requests you have sent")
    expect(page.locator("main [role=status]")).to_be_visible()
    sent = page.locator("main section.ds-card")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text(NEED)
    expect(sent).to_contain_text("Familiens hus")
    assert_accessible(page)

    # The front door's staff finds it on My work, to decide.
    work = new_context().new_page()
    professional_log_in(work, staff.user.email, check=False)
    work.goto("/work/")
    row = work.locator("main table tbody tr", has_text="Henrik Hjelp")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Help request from the family")
    expect(row).to_contain_text("Familiens hus")
    assert_accessible(work)

    # Hilde logs out, here and at Test ID, and is back on the portal's start page.
    with page.expect_navigation(url=re.compile(r"^http://127\.0\.0\.1:\d+/")):
        page.get_by_role("button", name=hilde.t("Log out"), exact=True).click()
    with page.expect_navigation(url=re.compile(r"/portal/(\?state=[\w-]+)?$")):
        page.get_by_role("button", name="Log out", exact=True).click()  # Test ID's own page
    expect(page.get_by_role("button", name=re.compile("Test ID"))).to_be_visible()
    page.goto("/portal/home/")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("main [role=status]")).to_contain_text(
        hilde.t("Log in with your e-ID to see this page.")
    )
