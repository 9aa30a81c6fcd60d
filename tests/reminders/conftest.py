"""Building blocks for the reminder tests: a world, a plan with an evaluation date, a meeting."""

from __future__ import annotations

import datetime

import pytest

from helhet.core import clock
from helhet.plans.models import Meeting, Plan
from helhet.reminders.models import Task
from tests.scenarios import build_world


@pytest.fixture
def world():
    return build_world()


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def plan_for(case, *, evaluation_due: datetime.date | None) -> Plan:
    return Plan.objects.create(case=case, created_at=clock.now(), evaluation_due=evaluation_due)


def meeting_for(case, *, starts_at: datetime.datetime, minutes: int = 60) -> Meeting:
    return Meeting.objects.create(
        case=case,
        starts_at=starts_at,
        duration_minutes=minutes,
        place="Møterom 1",
        agenda="Status og veien videre",
        planned_at=clock.now(),
        planned_by=case.coordinator,
    )


def open_tasks(**filters) -> list[Task]:
    return list(Task.objects.filter(done_at__isnull=True, **filters).order_by("pk"))
