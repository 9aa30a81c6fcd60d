"""The follow-up service's register, as the service uses it: its leader imports the school
register's file and a young person who left upper secondary school is on the register; a
counsellor (in Norwegian) opens them, becomes their counsellor, records a phone call that
reached them (in contact) and moves them back into education; the count by status hides the
small figures and the register's filter finds them; the health station gets 404."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import Page, expect

from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup.models import FollowUp, FollowUpStatus
from helhet.people import nordic_id
from helhet.people.models import MembershipRole
from tests.browser.conftest import assert_accessible, log_in, switch_language, totp_code
from tests.factories import PASSWORD, ChildFactory, ServiceFactory
from tests.scenarios import World, build_world, professional_in

pytestmark = pytest.mark.browser

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's
SERVICE_NAME = "Oppfølgingstjenesten"
NOTE = "Fikk tak i ham på mobilen. Vil tilbake på skolen til høsten."


def nb(text: str) -> str:
    with override("nb"):
        return gettext(text)


@pytest.fixture
def world(transactional_db) -> World:
    """The scenario world with a follow-up service (a leader, a counsellor) and six young people
    aged 16–21 with synthetic identity numbers; Jonas Berg is the one the journey follows."""
    world = build_world()
    world.follow_up = ServiceFactory(
        municipality=world.municipality, name=SERVICE_NAME, sector=Sector.FOLLOW_UP
    )
    world.counsellor = professional_in(world.follow_up)
    world.leader = professional_in(world.follow_up, role=MembershipRole.LEADER)
    rng = random.Random(17)
    world.young = []
    for age in range(16, 22):
        child = ChildFactory(
            municipality=world.municipality,
            date_of_birth=clock.today() - datetime.timedelta(days=age * 366),
            **({"given_name": "Jonas", "family_name": "Berg"} if age == 17 else {}),
        )
        number = nordic_id.synthetic_number(world.municipality.country, child.date_of_birth, rng)
        child.national_id = nordic_id.parse(number, world.municipality.country).number
        child.save(update_fields=["national_id"])
        world.young.append(child)
    world.jonas = world.young[1]
    return world


def log_in_with_code(page: Page, email: str, sign_in: str = "Sign In") -> None:
    log_in(page, email, PASSWORD)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name=sign_in, exact=True).click()
    expect(page).to_have_url(re.compile(r"/work/$"))


def test_a_young_person_from_the_school_register_is_followed_back_into_education(
    new_context, world, tmp_path
):
    since = (clock.today() - datetime.timedelta(days=120)).isoformat()
    jonas = world.jonas

    # 1. The leader imports the school register's file: the six are on the register.
    leader = new_context().new_page()
    log_in_with_code(leader, world.leader.user.email)
    leader.get_by_role("link", name="Young people outside school and work").click()
    expect(leader.locator("h1")).to_have_text("Young people outside school and work")
    expect(leader.locator("main")).to_contain_text(
        "No young person on the register with this status."
    )
    assert_accessible(leader)
    leader.get_by_role("link", name="Import from the school register").click()
    expect(leader.locator("h1")).to_have_text("Import from the school register")
    assert_accessible(leader)
    register_file = tmp_path / "skoleregister.csv"
    register_file.write_text(
        "national_id,reason,since\n"
        + "".join(f"{child.national_id},left,{since}\n" for child in world.young),
        encoding="utf-8",
    )
    leader.get_by_label("Follow-up service").select_option(label=SERVICE_NAME)
    leader.get_by_label("Register file (CSV)").set_input_files(register_file)
    with leader.expect_navigation():
        leader.get_by_role("button", name="Import", exact=True).click()
    expect(leader.get_by_role("status")).to_contain_text(
        "6 young people added; 0 were on the register already."
    )
    assert_accessible(leader)
    assert FollowUp.objects.filter(service=world.follow_up).count() == 6
    item = FollowUp.objects.get(child=jonas)
    assert item.status == FollowUpStatus.NOT_REACHED

    leader.get_by_role("link", name="← Young people outside school and work").click()
    row = leader.locator("tbody tr", has_text="Jonas Berg")
    expect(row).to_contain_text("Not reached")
    expect(row).to_contain_text("Left upper secondary school")
    expect(leader.locator("tbody tr")).to_have_count(6)
    row.get_by_role("link", name="Jonas Berg").click()
    expect(leader).to_have_url(re.compile(rf"/work/follow-up/{item.pk}/$"))
    expect(leader.locator("h1")).to_have_text("Jonas Berg")
    expect(leader.locator("main")).to_contain_text("No contact recorded yet.")
    assert_accessible(leader)
    leader.get_by_role("link", name="← Young people outside school and work").click()
    leader.get_by_role("link", name="Count by status").click()
    expect(leader.locator("h1")).to_have_text("Count by status")
    assert_accessible(leader)
    # The import page in Norwegian too.
    leader.goto("/work/follow-up/import/")
    switch_language(leader, "nb")
    expect(leader.locator("h1")).to_have_text(nb("Import from the school register"))
    assert_accessible(leader)

    # 2. The counsellor, in Norwegian, opens Jonas and becomes his counsellor.
    counsellor = new_context(locale="nb-NO").new_page()
    log_in_with_code(counsellor, world.counsellor.user.email, sign_in=nb("Sign In"))
    counsellor.get_by_role("link", name=nb("Young people outside school and work")).click()
    expect(counsellor.locator("h1")).to_have_text(nb("Young people outside school and work"))
    assert_accessible(counsellor)
    counsellor.get_by_role("link", name="Jonas Berg").click()
    expect(counsellor.locator("h1")).to_have_text("Jonas Berg")
    facts = counsellor.locator("dl.facts")
    expect(facts).to_contain_text(nb("Not reached"))
    expect(facts).to_contain_text(nb("Nobody yet"))
    assert_accessible(counsellor)
    with counsellor.expect_navigation():
        counsellor.get_by_role("button", name=nb("I am the counsellor")).click()
    expect(counsellor.get_by_role("status")).to_contain_text(
        nb("You are the young person's counsellor.")
    )
    expect(facts).to_contain_text(world.counsellor.user.name)
    expect(counsellor.get_by_role("button", name=nb("I am the counsellor"))).to_have_count(0)
    item.refresh_from_db()
    assert item.counsellor == world.counsellor

    # 3. ... records the phone call that reached him: he is in contact.
    contact = counsellor.locator("section", has=counsellor.locator("#contact-heading"))
    contact.get_by_label(nb("How")).select_option(label=nb("Phone call"))
    contact.get_by_label(nb("I reached the young person")).check()
    contact.get_by_label(nb("Note")).fill(NOTE)
    with counsellor.expect_navigation():
        contact.get_by_role("button", name=nb("Record the contact")).click()
    expect(counsellor.get_by_role("status")).to_contain_text(nb("The contact was recorded."))
    expect(facts).to_contain_text(nb("In contact"))
    contacts = counsellor.locator("section", has=counsellor.locator("#contacts-heading"))
    expect(contacts).to_contain_text(NOTE)
    expect(contacts).to_contain_text(nb("Phone call"))
    assert_accessible(counsellor)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_CONTACT
    [call] = item.contacts.all()
    assert (call.kind, call.reached, call.note, call.by) == ("phone", True, NOTE, world.counsellor)

    # 4. ... and, once he has started again, changes the status to back in education.
    status = counsellor.locator("section", has=counsellor.locator("#status-heading"))
    status.get_by_label(nb("New status")).select_option(label=nb("Back in education"))
    with counsellor.expect_navigation():
        status.get_by_role("button", name=nb("Change the status")).click()
    expect(counsellor.get_by_role("status")).to_contain_text(nb("The status was changed."))
    expect(facts).to_contain_text(nb("Back in education"))
    history = counsellor.locator("section", has=counsellor.locator("#history-heading"))
    expect(history.locator("li")).to_have_count(3)
    assert_accessible(counsellor)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_EDUCATION
    assert list(item.history.values_list("status", flat=True)) == [
        FollowUpStatus.NOT_REACHED,
        FollowUpStatus.IN_CONTACT,
        FollowUpStatus.IN_EDUCATION,
    ]

    # 5. The count by status: five not reached and one back in education, and no figure shown
    # (the one hidden would be given away by the five), only the total of six.
    counsellor.get_by_role("link", name="← " + nb("Young people outside school and work")).click()
    counsellor.get_by_role("link", name=nb("Count by status")).click()
    expect(counsellor.locator("h1")).to_have_text(nb("Count by status"))
    hidden = nb("fewer than 5, or hidden")
    expect(counsellor.locator("tbody tr", has_text=nb("Back in education"))).to_contain_text(hidden)
    expect(counsellor.locator("tbody tr", has_text=nb("Not reached"))).to_contain_text(hidden)
    expect(counsellor.locator("tbody td")).to_have_text([hidden] * len(FollowUpStatus.values))
    expect(counsellor.locator("tfoot td")).to_have_text("6")
    assert_accessible(counsellor)

    # 6. The register filtered by status: Jonas alone is back in education.
    counsellor.get_by_role("link", name="← " + nb("Young people outside school and work")).click()
    counsellor.get_by_label(nb("Status"), exact=True).select_option(label=nb("Back in education"))
    with counsellor.expect_navigation():
        counsellor.get_by_role("button", name=nb("Show"), exact=True).click()
    expect(counsellor).to_have_url(re.compile(r"\?status=in_education$"))
    rows = counsellor.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jonas Berg")
    expect(rows.first).to_contain_text(nb("Back in education"))
    expect(rows.first).to_contain_text(world.counsellor.user.name)
    assert_accessible(counsellor)

    # 7. The health station's nurse has no door to the register.
    nurse = new_context().new_page()
    log_in_with_code(nurse, world.nurse.user.email)
    assert nurse.goto(f"/work/follow-up/{item.pk}/").status == 404
    expect(nurse.locator("main")).not_to_contain_text("Berg")
    assert nurse.goto("/work/follow-up/").status == 404
