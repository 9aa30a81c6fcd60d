"""A school with two pupils (the teacher is contact teacher for both) and files to import."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import random
from pathlib import Path

import pytest

from helhet.core import clock
from helhet.people import nordic_id
from helhet.people.models import Child
from helhet.signals.models import Enrolment
from tests.factories import ChildFactory
from tests.scenarios import World, build_world

HEADER = ["national_id", "pupil_id", "date", "lesson", "absence_type"]


def school_days_back(count: int, *, before: datetime.date | None = None) -> list[datetime.date]:
    """The ``count`` weekdays before ``before`` (today), oldest first."""
    day, found = before or clock.today(), []
    while len(found) < count:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return sorted(found)


@dataclasses.dataclass
class School:
    world: World
    pupil: Child  # the world's child, known by pupil id P-1
    other: Child  # known by identity number only
    tmp: Path

    def file(self, rows: list[list], name: str = "absence.csv", encoding="utf-8") -> Path:
        path = self.tmp / name
        with path.open("w", newline="", encoding=encoding) as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(rows)
        return path

    def days_off(self, child: Child, days, kind: str = "undocumented") -> list[list]:
        if child == self.pupil:
            return [["", "P-1", d.isoformat(), "", kind] for d in days]
        return [[child.national_id, "", d.isoformat(), "", kind] for d in days]


@pytest.fixture
def school(db, tmp_path) -> School:
    world = build_world()
    other = ChildFactory(municipality=world.municipality, given_name="Kari")
    number = nordic_id.synthetic_number(
        world.municipality.country, other.date_of_birth, random.Random(7)
    )
    other.national_id = nordic_id.parse(number, world.municipality.country).number
    other.save(update_fields=["national_id"])
    Enrolment.objects.create(
        school=world.school, child=world.child, pupil_id="P-1", contact_teacher=world.teacher
    )
    Enrolment.objects.create(school=world.school, child=other, contact_teacher=world.teacher)
    return School(world, world.child, other, tmp_path)
