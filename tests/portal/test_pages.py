"""Every portal page as a citizen: what it shows, the one read event it writes, and the 404s of
the leak matrix (another family's child, a restricted guardian, a young person's guardian
without their agreement, a young person below the portal age, a professional's e-ID session,
another municipality)."""

from __future__ import annotations

import datetime
import json

import pytest

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import CitizenRole, Concern, ConcernStatus
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.plans import services as plan_services
from helhet.portal.models import GuardianSharing, HelpRequest
from tests.factories import ServiceFactory
from tests.portal.conftest import as_citizen
from tests.portal.world import build_portal_world, professional_parent
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db

READ_PAGES = {
    "": "portal.case.read",
    "plan/": "portal.plan.read",
    "meetings/": "portal.meetings.read",
    "log/": "portal.log.read",
    "who-looked/": "portal.access_log.read",
    "consent/": "portal.consent.read",
    "copy.json": "portal.copy",
    "copy.pdf": "portal.copy",
}
FORMS = ("what-matters/",)


@pytest.fixture
def family(persons):
    world = build_portal_world(persons)
    world.meeting = plan_services.meeting_plan(
        case=world.emil_case,
        planned_by=world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        place="Skolen, rom 2",
        video_link="",
        agenda="Hvordan går det med lesingen?",
        child_takes_part=True,
        guardians=[world.gro],
        professionals=[world.nurse],
    )
    return world


def _after(pk):
    return list(AuditEvent.objects.filter(pk__gt=pk).order_by("pk"))


def _last():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_page_shows_the_case_and_writes_one_read_event_with_the_citizen(
    client, family, persons
):
    as_citizen(client, persons["gro"])
    base = f"/portal/cases/{family.emil_case.pk}/"
    for rest, action in READ_PAGES.items():
        before = _last()
        response = client.get(base + rest)
        assert response.status_code == 200, rest
        events = [
            (e.action, e.actor_id, e.actor_role, e.citizen_ref, e.child_id, e.case_id)
            for e in _after(before)
        ]
        assert events == [
            (
                action,
                None,
                "guardian",
                f"network_person:{family.gro.pk}",
                family.emil.pk,
                family.emil_case.pk,
            )
        ], rest
    ics = client.get(f"{base}meetings/{family.meeting.pk}.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "Skolen\\, rom 2" in body and "BEGIN:VEVENT" in body
    assert family.emil.given_name not in body  # no personal data in a calendar
    assert client.get(base + "what-matters/").status_code == 200


def test_the_overview_names_the_coordinator_and_the_team(client, family, persons):
    as_citizen(client, persons["gro"])
    page = client.get(f"/portal/cases/{family.emil_case.pk}/").content.decode()
    assert str(family.teacher) in page
    assert family.teacher.user.email in page
    assert str(family.nurse) in page and "Helsestasjonen" in page
    assert "Hemmelig vei" not in page and "+47 900 00 001" not in page


LEAKS = {
    "guardian of another child": ("gro", "sara_case"),
    "restricted guardian": ("rune", "emil_case"),
    "guardian without the young person's agreement": ("tor", "sara_case"),
    "young person below the portal age": ("liten", "liten_case"),
    "someone unknown": ("ukjent", "emil_case"),
}


@pytest.mark.parametrize("who", LEAKS)
def test_the_leak_matrix_answers_404_and_reads_nothing(client, family, persons, who):
    person, case_name = LEAKS[who]
    case = getattr(family, case_name)
    as_citizen(client, persons[person])
    before = _last()
    for rest in (*READ_PAGES, *FORMS, "sharing/"):
        assert client.get(f"/portal/cases/{case.pk}/{rest}").status_code == 404, rest
    assert client.get(f"/portal/cases/{case.pk}/meetings/1.ics").status_code == 404
    for rest in ("consent/withdraw/", "consent/answer/"):
        assert (
            client.post(
                f"/portal/cases/{case.pk}/{rest}", {"consent": 1, "service": 1, "proposal": 1}
            ).status_code
            == 404
        ), rest
    assert _after(before) == []


def test_a_professionals_e_id_session_sees_only_their_own_child(client, family, persons):
    professional_parent(family, persons)
    family.liten_case.guardians.add(*family.liten.network.all())
    as_citizen(client, persons["pia"])
    assert client.get(f"/portal/cases/{family.liten_case.pk}/").status_code == 200
    assert client.get(f"/portal/cases/{family.emil_case.pk}/").status_code == 404
    # The e-ID session is not a professional login: the professional pages send to the login.
    assert client.get(f"/work/cases/{family.emil_case.pk}/").status_code == 302
    assert client.get("/api/v1/cases/").status_code in (401, 403)


def test_another_municipalitys_case_is_404(client, family, persons):
    other = build_world().case()
    as_citizen(client, persons["gro"])
    assert client.get(f"/portal/cases/{other.pk}/").status_code == 404


def test_pages_need_an_e_id_session(client, family):
    for rest in READ_PAGES:
        response = client.get(f"/portal/cases/{family.emil_case.pk}/{rest}")
        assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get("/portal/how-to-ask-for-help/").status_code == 200


# --- who looked --------------------------------------------------------------------------------


def test_who_looked_shows_the_nurses_read_and_the_childs_record_read_without_a_case(
    client, family, persons
):
    from helhet.cases.selectors.case import case_page
    from tests.api.conftest import token_for

    case_page(fetched_by=family.nurse.user, pk=family.emil_case.pk)
    api = type(client)()
    token = token_for(family.teacher)
    assert (
        api.get(
            f"/api/v1/children/{family.emil.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 200
    )
    as_citizen(client, persons["gro"])
    page = client.get(f"/portal/cases/{family.emil_case.pk}/who-looked/").content.decode()
    assert str(family.nurse) in page and "looked at the case" in page
    assert "looked at the child&#x27;s details" in page or "looked at the child's details" in page
    # The coordinator's "who accessed this case" shows the record read too.
    client.force_login(family.teacher.user)
    coordinator = client.get(f"/work/cases/{family.emil_case.pk}/access-log/").content.decode()
    assert '<code lang="en">child.read</code>' in coordinator
    # ... and the guardian's own reads in the portal, with the guardian as actor.
    assert '<code lang="en">portal.access_log.read</code>' in coordinator
    assert "A guardian, in the portal" in coordinator


# --- the log, withheld entries -----------------------------------------------------------------


def test_a_withheld_entry_is_hidden_from_the_guardians_only(client, family, persons):
    entry = case_services.log_entry_add(
        case=family.sara_case,
        author=family.teacher.user,
        kind="note",
        text="Sara fortalte i fortrolighet om kjæresten.",
    )
    with pytest.raises(Exception, match="Only the coordinator"):
        case_services.log_entry_withhold(entry=entry, withheld_by=family.nurse.user, reason="x")
    case_services.log_entry_withhold(
        entry=entry, withheld_by=family.teacher.user, reason="Sagt i fortrolighet."
    )
    GuardianSharing.objects.create(case=family.sara_case, log=True, decided_at=clock.now())
    as_citizen(client, persons["tor"])
    assert (
        "kjæresten" not in client.get(f"/portal/cases/{family.sara_case.pk}/log/").content.decode()
    )
    assert "kjæresten" not in json.dumps(
        client.get(f"/portal/cases/{family.sara_case.pk}/copy.json").json(), ensure_ascii=False
    )
    as_citizen(client, persons["sara"])
    assert "kjæresten" in client.get(f"/portal/cases/{family.sara_case.pk}/log/").content.decode()
    client.force_login(family.teacher.user)
    team = client.get(f"/work/cases/{family.sara_case.pk}/log/").content.decode()
    assert "Withheld from the guardians" in team and "Sagt i fortrolighet." in team


# --- consent and the family's voice over HTTP --------------------------------------------------


def test_the_guardian_withdraws_over_http_and_the_team_member_gets_404(client, family, persons):
    from helhet.consent.models import Consent

    consent = Consent.objects.get(case=family.emil_case, withdrawn_at__isnull=True)
    nurse = type(client)()
    nurse.force_login(family.nurse.user)
    assert nurse.get(f"/work/cases/{family.emil_case.pk}/").status_code == 200
    as_citizen(client, persons["gro"])
    response = client.post(
        f"/portal/cases/{family.emil_case.pk}/consent/withdraw/",
        {"consent": consent.pk, "service": family.health.pk},
    )
    assert response.status_code == 302
    assert nurse.get(f"/work/cases/{family.emil_case.pk}/").status_code == 404
    again = client.post(
        f"/portal/cases/{family.emil_case.pk}/consent/withdraw/",
        {"consent": consent.pk, "service": family.health.pk},
        follow=True,
    )
    assert "already been withdrawn" in again.content.decode()


def test_what_matters_keeps_what_was_typed_when_refused(client, family, persons):
    as_citizen(client, persons["gro"])
    url = f"/portal/cases/{family.emil_case.pk}/what-matters/"
    long_text = "a" * 10_001
    response = client.post(url, {"what_matters": long_text, "scale": "5"})
    assert response.status_code == 200
    assert "at most 10000" in response.content.decode().replace("\u00a0", "").replace(" ", "") or (
        "10,000" in response.content.decode() or "10000" in response.content.decode()
    )
    assert (
        'value="5" selected' in response.content.decode() or "selected" in response.content.decode()
    )
    ok = client.post(
        url,
        {"what_matters": "Vi vil at Emil blir hørt.", "scale": "6", "meeting": family.meeting.pk},
    )
    assert ok.status_code == 302
    client.force_login(family.teacher.user)
    case_page = client.get(f"/work/cases/{family.emil_case.pk}/").content.decode()
    assert "Vi vil at Emil blir hørt." in case_page
    assert "From the family, in the portal" in case_page


# --- the family's copy -------------------------------------------------------------------------


def test_the_copy_holds_the_case_and_never_a_protected_address_or_the_other_guardians_contact(
    client, family, persons
):
    from helhet.people.models import NetworkPerson

    NetworkPerson.objects.filter(pk=family.gro.pk).update(
        phone="+47 911 11 111", address="Fjordveien 3"
    )
    as_citizen(client, persons["gro"])
    data = client.get(f"/portal/cases/{family.emil_case.pk}/copy.json").json()
    text = json.dumps(data, ensure_ascii=False)
    assert data["child"]["given_name"] == family.emil.given_name
    assert "+47 911 11 111" in text and "Fjordveien 3" in text  # her own
    assert "Hemmelig vei" not in text and "+47 900 00 001" not in text
    assert "Rune Begrenset" not in text  # restricted: not named to the other guardian either
    assert data["who_looked"][0]["what"] == "downloaded a copy of everything"
    pdf = client.get(f"/portal/cases/{family.emil_case.pk}/copy.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- asking for help ---------------------------------------------------------------------------


@pytest.fixture
def front_door(family):
    service = ServiceFactory(
        municipality=family.municipality,
        name="Familiens hus",
        sector=Sector.FAMILY_CENTRE,
        is_front_door=True,
    )
    return service, professional_in(service)


def test_a_parent_without_a_case_asks_for_help_and_it_reaches_the_front_door(
    client, family, persons, front_door
):
    service, staff = front_door
    as_citizen(client, persons["hilde"])
    form = client.get(f"/portal/help/?municipality={family.municipality.pk}")
    assert form.status_code == 200
    response = client.post(
        "/portal/help/",
        {
            "who": "other",
            "municipality": family.municipality.pk,
            "child_given_name": "Mina",
            "child_family_name": "Hjelp",
            "child_date_of_birth": "2016-04-01",
            "need": "Mina gruer seg til skolen hver dag.",
            "service": "",
            "contact_way": "phone",
            "phone": "+47 922 22 222",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = HelpRequest.objects.get()
    concern = request.concern
    assert concern.service == service and concern.registered_by is None
    assert concern.status == ConcernStatus.OPEN
    assert concern.decision_due == clock.today() + datetime.timedelta(
        days=family.municipality.concern_decision_days
    )
    event = AuditEvent.objects.get(action="help_request.create")
    assert event.actor_id is None and event.actor_role == "guardian"
    client.force_login(staff.user)
    work = client.get("/work/").content.decode()
    assert "Help request from the family" in work
    assert client.get(f"/work/concerns/{concern.pk}/").status_code == 200
    # Someone in another service of the municipality does not see it.
    client.force_login(family.nurse.user)
    assert client.get(f"/work/concerns/{concern.pk}/").status_code == 404
    as_citizen(client, persons["hilde"])
    status = client.get("/portal/help/sent/").content.decode()
    assert "Mina gruer seg" in status and "Familiens hus" in status


def test_a_young_person_asks_for_help_for_themselves(client, family, persons, front_door):
    as_citizen(client, persons["sara"])
    response = client.post(
        "/portal/help/",
        {"who": "me", "need": "Jeg sover dårlig.", "contact_way": "portal", "service": ""},
    )
    assert response.status_code == 302
    concern = Concern.objects.get(help_request__isnull=False)
    assert concern.child == family.sara and concern.child_voice == "Jeg sover dårlig."
    assert HelpRequest.objects.get().role == CitizenRole.YOUNG_PERSON


def test_a_help_request_with_a_huge_text_is_refused_and_nothing_is_written(
    client, family, persons, front_door
):
    as_citizen(client, persons["hilde"])
    response = client.post(
        "/portal/help/",
        {
            "who": "other",
            "municipality": family.municipality.pk,
            "child_given_name": "Mina",
            "child_family_name": "Hjelp",
            "child_date_of_birth": "2016-04-01",
            "need": "x" * 50_000,
            "contact_way": "portal",
        },
    )
    assert response.status_code == 200
    assert "Nothing has been sent" in response.content.decode()
    assert 'value="Mina"' in response.content.decode()
    assert (
        not HelpRequest.objects.exists()
        and not Concern.objects.filter(registered_by__isnull=True).exists()
    )


def test_help_requests_are_throttled(client, family, persons, front_door, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "portal_help_request": "2/h/key",
    }
    as_citizen(client, persons["sara"])
    statuses = [
        client.post(
            "/portal/help/", {"who": "me", "need": f"Hjelp {i}", "contact_way": "portal"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert HelpRequest.objects.count() == 2
