"""A municipality where families use the portal: Emil (12) with his mother Gro, who takes part,
and his father Rune, restricted by a court decision; Sara (15, just past the consent age) with
her father Tor, whose consent from before her birthday still runs; Lille (12) below the portal
age; and a professional, Pia, who is also a parent."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction

from helhet.cases.models import Case
from helhet.consent.models import ConsentMethod, GivenBy
from helhet.consent.services import create_consent
from helhet.core import clock
from helhet.people.models import Child, NetworkPerson, PortalRestriction
from tests.factories import ChildFactory, NetworkPersonFactory
from tests.scenarios import World, build_world, professional_in


@dataclasses.dataclass
class PortalWorld:
    world: World
    emil: Child
    emil_case: Case
    gro: NetworkPerson
    rune: NetworkPerson
    sara: Child
    sara_case: Case
    tor: NetworkPerson
    liten: Child
    liten_case: Case

    def __getattr__(self, name):
        return getattr(self.world, name)


def _case_for(world: World, child: Child, guardians: list[NetworkPerson]) -> Case:
    concern = world.concern(child=child)
    from helhet.cases import services as case_services

    decided = case_services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="collaboration",
        level=world.level(2),
        note="Samarbeid.",
    )
    return decided.case


@transaction.atomic
def build_portal_world(persons) -> PortalWorld:
    world = build_world(child_age_years=12)
    emil = world.child
    emil.national_id = None
    emil.save()
    gro, rune = world.mother, world.father
    NetworkPerson.objects.filter(pk=gro.pk).update(
        name="Gro Foresatt", national_id=persons["gro"].pid, has_parental_responsibility=True
    )
    NetworkPerson.objects.filter(pk=rune.pk).update(
        name="Rune Begrenset",
        national_id=persons["rune"].pid,
        has_parental_responsibility=True,
        portal_restriction=PortalRestriction.COURT_DECISION,
        phone="+47 900 00 001",
        address="Hemmelig vei 1",
        address_protected=True,
    )
    gro.refresh_from_db()
    rune.refresh_from_db()
    emil_case = world.case()
    world.consent(emil_case, world.school, world.health)  # Gro and Rune consented
    from helhet.cases import services as case_services

    case_services.team_member_add(
        case=emil_case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )

    # Sara: 15 years and 10 days; her father's consent was given before her birthday.
    sara = ChildFactory(
        municipality=world.municipality,
        given_name="Sara",
        family_name="Ung",
        date_of_birth=persons["sara"].born,
        national_id=persons["sara"].pid,
    )
    tor = NetworkPersonFactory(
        child=sara,
        name="Tor Foresatt",
        relation="father",
        national_id=persons["tor"].pid,
        has_parental_responsibility=True,
    )
    sara_case = _case_for(world, sara, [tor])
    locked = Case.objects.get(pk=sara_case.pk)
    create_consent(
        locked,
        given_by=GivenBy.GUARDIANS,
        services=[world.school, world.health],
        purpose="Samarbeid om skole og helse",
        valid_from=clock.today() - datetime.timedelta(days=40),
        valid_until=None,
        method=ConsentMethod.SIGNED_FORM,
        guardians=[tor],
        recorded_by=world.teacher,
    )
    case_services.team_member_add(
        case=sara_case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )

    liten = ChildFactory(
        municipality=world.municipality,
        given_name="Lille",
        family_name="Ung",
        date_of_birth=persons["liten"].born,
        national_id=persons["liten"].pid,
    )
    liten_case = _case_for(world, liten, [])
    return PortalWorld(
        world=world,
        emil=emil,
        emil_case=emil_case,
        gro=gro,
        rune=rune,
        sara=sara,
        sara_case=sara_case,
        tor=tor,
        liten=liten,
        liten_case=liten_case,
    )


def professional_parent(world: PortalWorld, persons):
    """Pia: a PPT advisor at work, and a guardian of Lille at home."""
    pia = professional_in(world.ppt)
    NetworkPersonFactory(
        child=world.liten,
        name="Pia Fagperson",
        relation="mother",
        national_id=persons["pia"].pid,
        has_parental_responsibility=True,
    )
    return pia
