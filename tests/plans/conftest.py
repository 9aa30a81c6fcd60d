"""A case with consent for school, health and PPT and a member of each on the team."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.core import clock
from helhet.plans import services
from helhet.plans.models import Goal
from helhet.tenancy.models import LifeArea
from tests.scenarios import World, build_world


@dataclasses.dataclass
class PlanWorld:
    world: World
    case: Case

    def area(self, code: str = "learning") -> LifeArea:
        return LifeArea.objects.get(framework__code="nordic", code=code)

    def goal(self, text: str = "Jeg vil gå på skolen hver dag.", **kwargs) -> Goal:
        defaults = {
            "case": self.case,
            "added_by": self.world.teacher.user,
            "life_area": self.area(),
            "text": text,
            "whose_words": "child",
            "responsible_service": self.world.school,
        }
        defaults.update(kwargs)
        return services.goal_add(**defaults)

    def measure(self, goal: Goal, *, service=None, responsible=None, days=(0, 60), **kwargs):
        today = clock.today()
        defaults = {
            "goal": goal,
            "added_by": self.world.teacher.user,
            "description": "Ukentlig samtale med kontaktlærer.",
            "service": service or self.world.school,
            "responsible": responsible or self.world.teacher,
            "starts_on": today + datetime.timedelta(days=days[0]),
            "ends_on": today + datetime.timedelta(days=days[1]) if days[1] is not None else None,
            "frequency": "",
        }
        defaults.update(kwargs)
        return services.measure_add(**defaults)

    def refresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case


@pytest.fixture
def pw(db) -> PlanWorld:
    world = build_world()
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    for professional, service in ((world.nurse, world.health), (world.ppt_advisor, world.ppt)):
        case_services.team_member_add(
            case=case, added_by=world.teacher.user, professional=professional, service=service
        )
    case.refresh_from_db()
    return PlanWorld(world=world, case=case)
