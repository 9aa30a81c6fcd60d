"""The follow-up service of a municipality, a counsellor and a leader, and young people of
15–24 with synthetic identity numbers to put on its register."""

from __future__ import annotations

import datetime
import random

import pytest

from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup import services
from helhet.people import nordic_id
from helhet.people.models import MembershipRole
from tests.factories import ChildFactory, ServiceFactory
from tests.scenarios import build_world, professional_in

SINCE = (clock.today() - datetime.timedelta(days=120)).isoformat()


@pytest.fixture
def service(db):
    world = build_world()
    follow_up = ServiceFactory(
        municipality=world.municipality, name="Oppfølgingstjenesten", sector=Sector.FOLLOW_UP
    )
    counsellor = professional_in(follow_up)
    leader = professional_in(follow_up, role=MembershipRole.LEADER)
    return world, follow_up, counsellor, leader


def young(world, n: int = 1, age: int = 17):
    rng = random.Random(n)
    people = []
    for _ in range(n):
        child = ChildFactory(
            municipality=world.municipality,
            date_of_birth=clock.today() - datetime.timedelta(days=age * 366),
        )
        number = nordic_id.synthetic_number(world.municipality.country, child.date_of_birth, rng)
        child.national_id = nordic_id.parse(number, world.municipality.country).number
        child.save(update_fields=["national_id"])
        people.append(child)
    return people


def register(service, people, reason: str = "left"):
    _world, follow_up, _counsellor, leader = service
    raw = csv_of([(p.national_id, reason, SINCE) for p in people])
    return services.register_import(imported_by=leader.user, service_pk=follow_up.pk, raw=raw)


def csv_of(rows) -> bytes:
    return ("national_id,reason,since\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)).encode()
