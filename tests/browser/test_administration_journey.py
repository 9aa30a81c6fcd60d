"""The municipal administrator's journey (nb and en, axe-clean): invites a new school nurse →
she opens the link from the e-mail, chooses a password, logs in and sets up her authenticator →
the administrator deactivates a teacher who still coordinates a case, is shown the case and
must have it handed over first → then the deactivation ends the teacher's access at once."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.people.models import User
from tests.browser.conftest import (
    assert_accessible,
    log_in,
    log_in_with_code,
    nb,
    switch_language,
    totp_code,
)
from tests.factories import PASSWORD
from tests.scenarios import build_world

pytestmark = pytest.mark.browser

NURSE = "nina.ny@kommune.example"
NEW_PASSWORD = "Fjelltur-i-regn-2026!"
LINK = re.compile(r"https?://[^/\s]+(/work/administration/invitation/[A-Za-z0-9_-]+/)")


@pytest.fixture
def world(transactional_db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.save(update_fields=["is_municipal_admin"])
    world.case(consent_for=(world.school, world.health))  # the teacher coordinates it
    return world


def test_the_administrator_invites_and_deactivates(new_context, world):
    admin = new_context().new_page()
    log_in_with_code(admin, world.head_teacher.user.email)

    # 1. Invites the new school nurse (in Norwegian).
    switch_language(admin, "nb")
    admin.get_by_role("link", name=nb("Municipal administration"), exact=True).click()
    expect(admin.locator("h1")).to_have_text(nb("Municipal administration"))
    assert_accessible(admin)
    switch_language(admin, "en")
    admin.get_by_role("link", name="Invite a professional").click()
    admin.get_by_label("E-mail address").fill(NURSE)
    admin.get_by_label(re.compile(r"^Name")).fill("Nina Ny")
    admin.get_by_label(re.compile(r"^Title")).fill("Helsesykepleier")
    admin.get_by_role("combobox", name=re.compile(r"^Service")).select_option(
        label="Helsestasjonen"
    )
    assert_accessible(admin)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_role("status")).to_contain_text(f"The invitation is sent to {NURSE}.")
    expect(admin.locator("main")).to_contain_text("Invited")
    assert_accessible(admin)

    # 2. She opens the link from the e-mail, chooses a password, logs in, sets up the app.
    [invitation] = [m for m in mail.outbox if m.to == [NURSE]]
    path = LINK.search(invitation.body).group(1)
    nurse = new_context().new_page()
    nurse.goto(path)
    expect(nurse).to_have_url(re.compile(r"/work/administration/invitation/$"))  # no token
    expect(nurse.locator("h1")).to_have_text("Welcome to Helhet")
    assert_accessible(nurse)
    nurse.get_by_label("Choose a password").fill(NEW_PASSWORD)
    nurse.get_by_label("The password again").fill(NEW_PASSWORD)
    with nurse.expect_navigation():
        nurse.get_by_role("button", name="Set the password").click()
    expect(nurse).to_have_url(re.compile(r"/accounts/login/"))
    expect(nurse.get_by_role("status")).to_contain_text("Your password is set.")
    log_in(nurse, NURSE, NEW_PASSWORD)
    if re.search(r"/accounts/reauthenticate/", nurse.url):
        nurse.locator("#id_password").fill(NEW_PASSWORD)
        with nurse.expect_navigation():
            nurse.get_by_role("button", name="Confirm").click()
    expect(nurse).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = nurse.locator("#authenticator_secret").input_value()
    nurse.locator("#id_code").fill(totp_code(secret))
    with nurse.expect_navigation():
        nurse.get_by_role("button", name="Activate").click()
    nurse.goto("/")
    expect(nurse.locator("h1")).to_have_text("Welcome, Nina")

    # 3. The administrator deactivates the teacher, who still coordinates a case: refused.
    teacher = new_context().new_page()
    log_in_with_code(teacher, world.teacher.user.email)
    case = Case.objects.get(coordinator=world.teacher)
    teacher.goto(f"/work/cases/{case.pk}/")
    expect(teacher.locator("h1")).to_be_visible()
    admin.goto("/work/administration/")
    admin.get_by_role("link", name=world.teacher.user.name).click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Deactivate", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("must be handed over first")
    expect(admin.locator("main")).to_contain_text(f"Coordinator of case {case.pk}")
    expect(admin.locator("main")).not_to_contain_text(world.child.family_name)
    assert_accessible(admin)

    # ... the teacher hands the case to the nurse, who accepts (their own pages do this) ...
    nina = User.objects.get(email=NURSE).professional
    case_services.team_member_add(
        case=case, added_by=world.teacher.user, professional=nina, service=world.health
    )
    handover = case_services.handover_propose(
        case=case, proposed_by=world.teacher.user, to_professional=nina, to_service=world.health
    )
    case_services.handover_accept(handover=handover, accepted_by=nina.user)

    # ... and now the deactivation goes through, and the teacher's access ends at once.
    admin.reload()
    expect(admin.locator("main")).not_to_contain_text(f"Coordinator of case {case.pk}")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Deactivate", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("Deactivated")
    expect(admin.locator("main")).to_contain_text("Reactivate")
    assert_accessible(admin)
    teacher.goto(f"/work/cases/{case.pk}/")
    expect(teacher).to_have_url(re.compile(r"/accounts/login/"))
    assert not User.objects.get(pk=world.teacher.user_id).is_active
    log_in(teacher, world.teacher.user.email, PASSWORD)  # the password opens nothing now
    expect(teacher).to_have_url(re.compile(r"/accounts/(login|inactive)/"))
