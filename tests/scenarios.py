"""Scenario builders for the relay: a municipality with services, people, a child and a case."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction

from helhet.cases import services as case_services
from helhet.cases.models import Case, Concern
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.directory.models import Service
from helhet.directory.vocabulary import Sector
from helhet.people.models import Child, MembershipRole, NetworkPerson, Professional
from helhet.tenancy.models import Level, Municipality
from tests.conftest import give_second_factor
from tests.factories import (
    ChildFactory,
    MunicipalityFactory,
    NetworkPersonFactory,
    ProfessionalFactory,
    ServiceFactory,
)


@dataclasses.dataclass
class World:
    municipality: Municipality
    school: Service
    health: Service
    ppt: Service
    child_welfare: Service
    teacher: Professional
    head_teacher: Professional
    nurse: Professional
    ppt_advisor: Professional
    cw_worker: Professional
    child: Child
    mother: NetworkPerson
    father: NetworkPerson

    def level(self, number: int) -> Level:
        return self.municipality.level_model.levels.get(number=number)

    def concern(self, **kwargs) -> Concern:
        defaults = {
            "registered_by": self.teacher.user,
            "service": self.school,
            "child": self.child,
            "observation": "Mye fravær siste måned, virker sliten.",
            "strengths": "Glad i fotball, god venn med flere i klassen.",
            "child_voice": "Jeg orker ikke skolen om morgenen.",
            "worry": 6,
        }
        defaults.update(kwargs)
        return case_services.concern_register(**defaults)

    def case(self, *, consent_for: tuple[Service, ...] = ()) -> Case:
        concern = self.concern()
        concern = case_services.concern_decide(
            concern=concern,
            decided_by=self.teacher.user,
            decision="collaboration",
            level=self.level(2),
            note="Samarbeid med helsestasjonen.",
        )
        case = concern.case
        if consent_for:
            self.consent(case, *consent_for)
        case.refresh_from_db()
        return case

    def consent(self, case: Case, *services: Service, actor=None):
        return consent_services.consent_record(
            case=case,
            recorded_by=(actor or self.teacher).user,
            given_by="guardians",
            guardians=[self.mother, self.father],
            services=list(services),
            purpose="Samarbeid om skolefravær",
            valid_from=clock.today(),
            method="signed_form",
        )


def professional_in(service: Service, *, role=MembershipRole.STAFF, **kwargs) -> Professional:
    professional = ProfessionalFactory.in_service(service, role=role, **kwargs)
    give_second_factor(professional.user)
    return professional


@transaction.atomic
def build_world(*, child_age_years: int = 10) -> World:
    municipality = MunicipalityFactory()
    school = ServiceFactory(municipality=municipality, name="Skolen", sector=Sector.SCHOOL)
    health = ServiceFactory(
        municipality=municipality, name="Helsestasjonen", sector=Sector.HEALTH_STATION
    )
    ppt = ServiceFactory(municipality=municipality, name="PPT", sector=Sector.PPT)
    cw = ServiceFactory(municipality=municipality, name="Barnevernet", sector=Sector.CHILD_WELFARE)
    child = ChildFactory(
        municipality=municipality,
        date_of_birth=clock.today() - datetime.timedelta(days=int(child_age_years * 365.25) + 30),
    )
    return World(
        municipality=municipality,
        school=school,
        health=health,
        ppt=ppt,
        child_welfare=cw,
        teacher=professional_in(school),
        head_teacher=professional_in(school, role=MembershipRole.LEADER),
        nurse=professional_in(health),
        ppt_advisor=professional_in(ppt),
        cw_worker=professional_in(cw),
        child=child,
        mother=NetworkPersonFactory(child=child, name="Mor", relation="mother"),
        father=NetworkPersonFactory(child=child, name="Far", relation="father"),
    )
