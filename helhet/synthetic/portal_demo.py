"""Demo families for the family and youth portal, made through the real services.

They match the test persons of the local identity provider (``idp/test-persons.json``), so that
logging in with Test ID as one of them shows the portal with something in it:

- Gro Foresatt (mother) and Rune Begrenset (father, restricted by a court decision) are the
  guardians of Emil, 12: a case coordinated by the teacher with the school nurse on the team, a
  plan, a meeting next week, an access-log read by the nurse and a proposal to add PPT that waits
  for the family's answer.
- Sara Ung, 16 (above the consent age 15), consented together with her father Tor Foresatt; she
  shares only "who is on the team" with him.
- Hilde Hjelp has no case (she may ask for help at the front door); Lars Lavt is refused at login
  for a too low level. Neither needs any data.

Synthetic identity numbers only (Norway's month + 80 test numbers).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from helhet.cases import services as case_services
from helhet.cases.selectors.case import case_page
from helhet.consent import services as consent_services
from helhet.consent.services.proposals import consent_propose
from helhet.core import clock
from helhet.people import services as people_services
from helhet.people.models import Child, PortalRestriction, Professional, Relation
from helhet.plans import services as plan_services
from helhet.portal.models import GuardianSharing
from helhet.synthetic.demo import DEMO_MUNICIPALITIES
from helhet.synthetic.relay import _collaboration
from helhet.tenancy.models import Municipality
from helhet.tenancy.selectors import life_areas_of

MUNICIPALITY = "Fjordvik kommune"
# The pids of idp/test-persons.json.
EMIL = {
    "given_name": "Emil",
    "family_name": "Foresatt",
    "date_of_birth": datetime.date(2014, 2, 2),
    "national_id": "02821453782",
}
GRO = {
    "name": "Gro Foresatt",
    "relation": Relation.MOTHER,
    "national_id": "14838416552",
    "has_parental_responsibility": True,
    "lives_with_child": True,
    "email": "gro@example.invalid",
    "phone": "912 34 567",
    "address": "Fjordveien 12, 9990 Fjordvik",
}
RUNE = {
    "name": "Rune Begrenset",
    "relation": Relation.FATHER,
    "national_id": "30817920221",
    "has_parental_responsibility": True,
    "lives_with_child": False,
    "portal_restriction": PortalRestriction.COURT_DECISION,
}
SARA = {
    "given_name": "Sara",
    "family_name": "Ung",
    "date_of_birth": datetime.date(2010, 5, 2),
    "national_id": "02851098545",
}
TOR = {
    "name": "Tor Foresatt",
    "relation": Relation.FATHER,
    "national_id": "23898607720",
    "has_parental_responsibility": True,
    "lives_with_child": True,
    "phone": "923 45 678",
    "address": "Nordre gate 4, 9990 Fjordvik",
}
# Who the demo accounts are (helhet.synthetic.demo.DEMO_ACCOUNTS).
LOGINS = ("laerer", "helsesykepleier", "ppt", "admin")


def _accounts(municipality: Municipality) -> dict[str, Professional]:
    domain = next(m["domain"] for m in DEMO_MUNICIPALITIES if m["name"] == MUNICIPALITY)
    found = {}
    for login in LOGINS:
        professional = Professional.objects.filter(
            municipality=municipality, user__email=f"{login}@{domain}"
        ).first()
        if professional is not None:
            found[login] = professional
    return found


def _front_door(admin: Professional) -> None:
    """The municipality's 0–24 coordination service receives the help requests that name no
    service."""
    service = admin.memberships.get().service
    if not service.is_front_door:
        service.is_front_door = True
        service.save(update_fields=["is_front_door"])


@transaction.atomic
def seed_portal_demo(*, accounts: dict[str, Professional] | None = None) -> bool:
    """Create the portal demo families in Fjordvik once; ``False`` if there was nothing to do
    (no demo municipality, no demo accounts, or the families exist already)."""
    municipality = Municipality.objects.filter(name=MUNICIPALITY, country="NO").first()
    if municipality is None:
        return False
    accounts = accounts if accounts is not None else _accounts(municipality)
    if not all(accounts.get(login) for login in LOGINS):
        return False
    _front_door(accounts["admin"])
    if Child.objects.filter(
        municipality=municipality, national_id__in=[EMIL["national_id"], SARA["national_id"]]
    ).exists():
        return False
    _emil(municipality, accounts)
    _sara(municipality, accounts)
    return True


def _emil(municipality: Municipality, accounts: dict[str, Professional]) -> None:
    teacher, nurse, ppt = accounts["laerer"], accounts["helsesykepleier"], accounts["ppt"]
    school = teacher.memberships.get().service
    health = nurse.memberships.get().service
    ppt_service = ppt.memberships.get().service
    child = people_services.child_register(
        registered_by=teacher.user, municipality=municipality, child=EMIL, guardians=[GRO, RUNE]
    )
    gro = child.network.get(national_id=GRO["national_id"])
    case = _collaboration(
        author=teacher,
        service=school,
        child=child,
        level=2,
        observation="Kommer ofte for sent, har vondt i magen om morgenen og er mye alene i "
        "friminuttene.",
        strengths="Glad i fotball og tegning, hjelpsom mot de yngre elevene.",
        child_voice="Jeg liker ikke friminuttene, da har jeg ingen å være med.",
        worry=5,
        note="Skolen og helsestasjonen samarbeider med mor om trivsel og magevondt.",
    )
    consent_services.consent_record(
        case=case,
        recorded_by=teacher.user,
        given_by="guardians",
        guardians=[gro],
        services=[school, health],
        purpose="Samarbeid mellom skolen og helsestasjonen om trivsel og magevondt",
        valid_from=clock.today(),
        method="signed_form",
    )
    case_services.team_member_add(
        case=case,
        added_by=teacher.user,
        professional=nurse,
        service=health,
        role_in_case="Helsesykepleier",
    )
    areas = {a.code: a for a in life_areas_of(municipality)}
    goal = plan_services.goal_add(
        case=case,
        added_by=teacher.user,
        life_area=areas["relationships"],
        text="Jeg vil ha noen å være sammen med i friminuttene.",
        whose_words="child",
        responsible_service=school,
    )
    today = clock.today()
    plan_services.measure_add(
        goal=goal,
        added_by=teacher.user,
        description="Organiserte aktiviteter i storefri to dager i uka, med en fast voksen.",
        service=school,
        responsible=teacher,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        frequency="Tirsdag og torsdag",
        status="planned",
    )
    ten = timezone.localtime(clock.now()).replace(hour=10, minute=0, second=0, microsecond=0)
    plan_services.meeting_plan(
        case=case,
        planned_by=teacher.user,
        starts_at=ten + datetime.timedelta(days=7),
        duration_minutes=45,
        place="Grupperommet ved biblioteket, Fjordvik ungdomsskole",
        video_link="",
        agenda="1. Hvordan har Emil det på skolen?\n2. Friminuttene\n3. Veien videre",
        child_takes_part=True,
        guardians=[gro],
        professionals=[nurse],
    )
    # The school nurse opens the case page once: the family sees it in "who has looked".
    case_page(fetched_by=nurse.user, pk=case.pk)
    consent_propose(
        case=case,
        proposed_by=teacher.user,
        services=[ppt_service],
        purpose="Vi vil gjerne at PP-tjenesten blir med, så de kan se på hvordan Emil lærer "
        "best og hjelpe skolen med å legge til rette for ham.",
        professionals=[ppt],
    )


def _sara(municipality: Municipality, accounts: dict[str, Professional]) -> None:
    teacher, nurse = accounts["laerer"], accounts["helsesykepleier"]
    school = teacher.memberships.get().service
    health = nurse.memberships.get().service
    child = people_services.child_register(
        registered_by=nurse.user, municipality=municipality, child=SARA, guardians=[TOR]
    )
    tor = child.network.get(national_id=TOR["national_id"])
    case = _collaboration(
        author=nurse,
        service=health,
        child=child,
        level=2,
        observation="Sover dårlig, er sliten på skolen og har begynt å trekke seg fra venner.",
        strengths="Reflektert, spiller i korps og har et godt forhold til faren sin.",
        child_voice="Jeg vil få til skolen, men jeg er så trøtt hele tiden.",
        worry=4,
        note="Helsestasjonen og skolen samarbeider med Sara om søvn og skolehverdag.",
    )
    consent_services.consent_record(
        case=case,
        recorded_by=nurse.user,
        given_by="both",
        guardians=[tor],
        services=[health, school],
        purpose="Samarbeid mellom helsestasjonen og skolen om søvn og skolehverdag",
        valid_from=clock.today(),
        method="digital",
    )
    case_services.team_member_add(
        case=case,
        added_by=nurse.user,
        professional=teacher,
        service=school,
        role_in_case="Kontaktlærer",
    )
    # Above the consent age Sara decides what her father sees: only who is on the team.
    GuardianSharing.objects.create(
        case=case, overview=True, plan=False, meetings=False, log=False, decided_at=clock.now()
    )
