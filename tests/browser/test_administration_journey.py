"""The municipal administrator's journey (nb and en, axe-clean): invites a new school nurse →
she logs in with the municipality's identity provider (the local OpenID Connect provider),
which accepts the invitation → the administrator deactivates a teacher who still coordinates a
case, is shown the case and must have it handed over first → then the deactivation ends the
teacher's access at once. (The invitation's password path: tests/administration.)"""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.people import nordic_id
from helhet.people.models import User
from helhet.portal.idp_process import start_identity_provider
from tests.browser.conftest import (
    assert_accessible,
    log_in,
    log_in_with_code,
    nb,
    switch_language,
)
from tests.factories import PASSWORD
from tests.scenarios import build_world

pytestmark = pytest.mark.browser

NURSE = "nina.ny@kommune.example"
PROVIDER = "Fjordvik ID"


@pytest.fixture
def world(transactional_db, settings, live_server, tmp_path):
    """A municipality whose staff log in with its own identity provider (the local one)."""
    import datetime
    import random

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.save(update_fields=["is_municipal_admin"])
    world.case(consent_for=(world.school, world.health))  # the teacher coordinates it
    persons = tmp_path / "staff.json"
    pid = nordic_id.synthetic_number("NO", datetime.date(1990, 2, 3), random.Random(3))
    persons.write_text(
        json.dumps(
            [
                {
                    "sub": "staff-nina",
                    "pid": pid,
                    "name": "Nina Ny",
                    "given_name": "Nina",
                    "family_name": "Ny",
                    "acr": "idporten-loa-substantial",
                    "email": NURSE,
                    "amr": ["pwd", "mfa"],
                }
            ]
        )
    )
    clients = [
        {
            "client_id": "helhet-fjordvik",
            "client_secret": "fjordvik-secret",
            "redirect_uris": [f"{live_server.url}/accounts/sso/fjordvik/callback/"],
            "post_logout_redirect_uris": [f"{live_server.url}/"],
        }
    ]
    with start_identity_provider(clients=clients, persons_path=persons) as provider:
        settings.HELHET_STAFF_OIDC = {
            "fjordvik": {
                "municipality": world.municipality.pk,
                "name": PROVIDER,
                "issuer": provider.issuer,
                "client_id": "helhet-fjordvik",
                "client_secret": "fjordvik-secret",
                "mfa_amr": ["mfa"],
            }
        }
        yield world


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

    # 2. The mail went out; she logs in with the municipality's provider instead of a password.
    assert [m.to for m in mail.outbox] == [[NURSE]]
    nurse = new_context().new_page()
    nurse.goto("/accounts/login/")
    assert_accessible(nurse)
    nurse.get_by_role("button", name=f"Log in with {PROVIDER}").click()
    expect(nurse.locator("h1")).to_have_text("Test ID — choose a test person")
    with nurse.expect_navigation(url=re.compile(r"^http://(localhost|127\.0\.0\.1):\d+/$")):
        nurse.get_by_role("button", name="Log in as Nina Ny").click()
    expect(nurse.locator("h1")).to_have_text("Welcome, Nina")  # the provider's second factor
    assert_accessible(nurse)
    admin.reload()
    expect(admin.locator("main")).to_contain_text("Active")

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
