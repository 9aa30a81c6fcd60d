"""A school with a class of children, its contact teacher on the group's staff and its
principal; another teacher of the same school who is not on the group's staff."""

from __future__ import annotations

import dataclasses
import random

import pytest

from helhet.people import nordic_id
from helhet.people.models import Child, Professional
from helhet.screening import services
from helhet.screening.models import Group
from helhet.tenancy.models import LifeArea
from helhet.tenancy.selectors import life_areas_of
from tests.factories import ChildFactory
from tests.scenarios import World, build_world, professional_in


@dataclasses.dataclass
class Screening:
    world: World
    group: Group
    children: list[Child]
    other_teacher: Professional

    @property
    def leader(self):
        return self.world.head_teacher.user

    @property
    def staff(self):
        return self.world.teacher.user

    def areas(self, n: int = 3) -> list[LifeArea]:
        return list(life_areas_of(self.world.municipality).order_by("position")[:n])


def numbered_children(world: World, n: int, seed: int = 1) -> list[Child]:
    rng = random.Random(seed)
    children = []
    for _ in range(n):
        child = ChildFactory(municipality=world.municipality)
        while True:  # a number no child of the municipality has yet
            number = nordic_id.synthetic_number(
                world.municipality.country, child.date_of_birth, rng
            )
            number = nordic_id.parse(number, world.municipality.country).number
            if not Child.objects.filter(municipality=world.municipality, national_id=number):
                break
        child.national_id = number
        child.save(update_fields=["national_id"])
        children.append(child)
    return children


def screening_of(world: World, n: int = 6) -> Screening:
    group = services.group_create(
        created_by=world.head_teacher.user, service_pk=world.school.pk, name="5B"
    )
    children = numbered_children(world, n)
    for child in children:
        services.group_child_add(
            added_by=world.head_teacher.user, group_pk=group.pk, national_id=child.national_id
        )
    services.group_staff_add(
        added_by=world.head_teacher.user, group_pk=group.pk, professional_pk=world.teacher.pk
    )
    return Screening(world, group, children, professional_in(world.school))


@pytest.fixture
def screening(db) -> Screening:
    return screening_of(build_world())
