"""Two (or four) schedulers at once: every task exists once and is e-mailed by one job.

Runs on PostgreSQL in CI (the second insert of a key waits for the first, then hits the unique
constraint inside its savepoint) and on SQLite (one writer at a time)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from helhet.plans.models import Plan
from helhet.reminders import services
from helhet.reminders.models import EmailState, Task
from tests.cases.test_concurrency import _race
from tests.factories import ChildFactory
from tests.reminders.conftest import days
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_schedulers_create_each_task_once_with_one_email_job():
    world = build_world()
    for _ in range(6):
        world.child = ChildFactory(municipality=world.municipality)
        case = world.case()
        # Written behind the services' back, so that only the schedulers see the condition.
        Plan.objects.create(case=case, created_at=case.opened_at, evaluation_due=days(3))
    assert Task.objects.count() == 0

    outcomes = _race([services.tasks_refresh for _ in range(4)])

    assert all(isinstance(o, services.RefreshResult) for o in outcomes), outcomes
    assert sum(o.created for o in outcomes) == 6
    assert sum(o.queued for o in outcomes) == 6
    assert Task.objects.count() == 6
    assert set(Task.objects.values_list("email_state", flat=True)) == {EmailState.QUEUED}
    jobs = sorted(a["args"][0] for a in DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert jobs == sorted(Task.objects.values_list("pk", flat=True))


def test_parallel_schedulers_queue_each_waiting_email_once():
    world = build_world()
    case = world.case()
    for i in range(8):  # decision tasks whose reminder day has come, not yet queued
        Task.objects.create(
            municipality=world.municipality,
            kind="decision",
            key=f"decision:race:{i}",
            assignee=world.teacher,
            case=case,
            text="Ring mor",
            due_on=days(2),
            remind_on=days(0),
            created_at=case.opened_at,
        )

    outcomes = _race([services.tasks_refresh for _ in range(4)])

    assert all(isinstance(o, services.RefreshResult) for o in outcomes), outcomes
    assert sum(o.queued for o in outcomes) == 8
    jobs = sorted(a["args"][0] for a in DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert jobs == sorted(Task.objects.values_list("pk", flat=True))
