"""Each condition creates its task when due (not before), for the right person, and resolves it
when the condition clears; refreshing twice changes nothing and queues one e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helhet.cases import services as case_services
from helhet.cases.models import Concern, Handover
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.plans.models import Meeting, MeetingStatus, Plan
from helhet.reminders import services
from helhet.reminders.models import EmailState, Task, TaskKind
from tests.reminders.conftest import days, meeting_for, open_tasks, plan_for
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


def _jobs_for(task: Task) -> int:
    return sum(
        1
        for args in DBTaskResult.objects.values_list("args_kwargs", flat=True)
        if args["args"] == [task.pk]
    )


# --- concern decision -------------------------------------------------------------------------


def test_concern_decision_task_appears_two_days_before_the_date(world):
    concern = world.concern(decision_due=days(5))
    assert open_tasks() == []  # registering refreshes the concern: not yet due
    services.tasks_refresh(today=days(2))
    assert open_tasks() == []
    services.tasks_refresh(today=days(3))
    [task] = open_tasks()
    assert (task.kind, task.assignee, task.concern, task.case) == (
        TaskKind.CONCERN_DECISION,
        world.teacher,
        concern,
        None,
    )
    assert task.due_on == days(5)
    assert task.remind_on == days(3)  # reminded the day it appears
    assert task.email_state == EmailState.QUEUED


def test_concern_decision_task_is_created_at_once_and_resolved_by_the_decision(world):
    concern = world.concern(decision_due=days(1))
    [task] = open_tasks()  # concern_register refreshed the concern
    assert task.assignee == world.teacher
    case_services.concern_decide(
        concern=concern, decided_by=world.head_teacher.user, decision="own_service"
    )
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by is None  # resolved by the system, not by a person
    assert task.email_state == EmailState.NOT_NEEDED  # not sent yet: no longer needed


def test_a_moved_decision_date_replaces_the_task(world):
    concern = world.concern(decision_due=days(2))
    [old] = open_tasks()
    Concern.objects.filter(pk=concern.pk).update(decision_due=days(-1))
    result = services.tasks_refresh(concern=concern)
    assert (result.created, result.resolved) == (1, 1)
    [new] = open_tasks()
    assert new.pk != old.pk
    assert new.due_on == days(-1)


# --- evaluation due ---------------------------------------------------------------------------


def test_evaluation_task_a_week_before_for_the_coordinator(world):
    case = world.case(consent_for=(world.school,))
    plan = plan_for(case, evaluation_due=days(8))
    services.tasks_refresh()
    assert open_tasks() == []
    Plan.objects.filter(pk=plan.pk).update(evaluation_due=days(7))
    services.tasks_refresh()
    [task] = open_tasks()
    assert (task.kind, task.assignee, task.case, task.due_on) == (
        TaskKind.EVALUATION_DUE,
        world.teacher,
        case,
        days(7),
    )
    # The evaluation is recorded: the plan's next date moves on and the task resolves.
    Plan.objects.filter(pk=plan.pk).update(evaluation_due=days(180))
    result = services.tasks_refresh(case=case)
    assert result.resolved == 1
    assert open_tasks() == []


def test_a_new_coordinator_gets_the_task_and_the_old_one_is_resolved(world):
    case = world.case(consent_for=(world.school, world.health))
    plan_for(case, evaluation_due=days(3))
    services.tasks_refresh(case=case)
    [teachers] = open_tasks()
    assert teachers.assignee == world.teacher
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    case_services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    [nurses] = open_tasks()
    assert nurses.assignee == world.nurse
    assert nurses.kind == TaskKind.EVALUATION_DUE
    teachers.refresh_from_db()
    assert teachers.done_at is not None and teachers.done_by is None

    # Handed back before the date: the teacher's task (same key) is reopened, not duplicated.
    case.refresh_from_db()
    back = case_services.handover_propose(
        case=case,
        proposed_by=world.nurse.user,
        to_professional=world.teacher,
        to_service=world.school,
    )
    case_services.handover_accept(handover=back, accepted_by=world.teacher.user)
    assert [t.pk for t in open_tasks()] == [teachers.pk]
    assert Task.objects.filter(kind=TaskKind.EVALUATION_DUE).count() == 2


# --- handover pending -------------------------------------------------------------------------


def _propose(world):
    case = world.case(consent_for=(world.school, world.health))
    return case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )


def test_pending_handover_task_after_the_municipalitys_days(world):
    handover = _propose(world)
    services.tasks_refresh()
    assert open_tasks() == []  # proposed today; reminded after 3 days
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=2)
    )
    services.tasks_refresh()
    assert open_tasks() == []
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=3)
    )
    services.tasks_refresh()
    [task] = open_tasks()
    assert (task.kind, task.assignee, task.case_id, task.due_on) == (
        TaskKind.HANDOVER_PENDING,
        world.nurse,
        handover.case_id,
        clock.today(),
    )


def test_the_municipality_sets_the_handover_days(world):
    world.municipality.handover_reminder_days = 1
    world.municipality.save()
    handover = _propose(world)
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=1)
    )
    services.tasks_refresh()
    assert [t.kind for t in open_tasks()] == [TaskKind.HANDOVER_PENDING]


@pytest.mark.parametrize("answer", ["accept", "reject"])
def test_answering_the_handover_resolves_its_task(world, answer):
    handover = _propose(world)
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=4)
    )
    services.tasks_refresh()
    [task] = open_tasks()
    if answer == "accept":
        case_services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    else:
        case_services.handover_reject(
            handover=handover, rejected_by=world.nurse.user, reason="Full caseload."
        )
    task.refresh_from_db()
    assert task.done_at is not None


# --- meeting without minutes ------------------------------------------------------------------


def test_minutes_task_once_the_meeting_has_ended(world):
    case = world.case(consent_for=(world.school,))
    now = clock.now()
    running = meeting_for(case, starts_at=now - datetime.timedelta(minutes=30), minutes=60)
    meeting_for(case, starts_at=now + datetime.timedelta(days=1))  # in the future
    services.tasks_refresh()
    assert open_tasks() == []
    Meeting.objects.filter(pk=running.pk).update(starts_at=now - datetime.timedelta(minutes=61))
    services.tasks_refresh()
    [task] = open_tasks()
    assert (task.kind, task.assignee, task.case) == (TaskKind.MEETING_MINUTES, world.teacher, case)
    started = timezone.localdate(now - datetime.timedelta(minutes=61))
    assert task.due_on == started + datetime.timedelta(days=2)
    # Minutes recorded (or the meeting cancelled): resolved.
    Meeting.objects.filter(pk=running.pk).update(status=MeetingStatus.CANCELLED)
    services.tasks_refresh(case=case)
    assert open_tasks() == []


# --- consent expiring -------------------------------------------------------------------------


def _consent(world, case, service, valid_until):
    return consent_services.consent_record(
        case=case,
        recorded_by=world.teacher.user,
        given_by="guardians",
        guardians=[world.mother],
        services=[service],
        purpose="Samarbeid",
        valid_from=clock.today(),
        valid_until=valid_until,
        method="signed_form",
    )


def test_consent_expiring_within_two_weeks(world):
    case = world.case(consent_for=(world.school,))
    _consent(world, case, world.health, days(15))
    assert open_tasks() == []  # consent_record refreshed the case
    services.tasks_refresh(today=days(1))
    [task] = open_tasks()
    assert (task.kind, task.assignee, task.due_on) == (
        TaskKind.CONSENT_EXPIRING,
        world.teacher,
        days(15),
    )
    # Expired: no longer "expiring" (access ends by itself; the task resolves).
    services.tasks_refresh(today=days(16))
    assert open_tasks() == []


def test_withdrawn_consent_resolves_its_task(world):
    case = world.case(consent_for=(world.school,))
    consent = _consent(world, case, world.health, days(10))
    [task] = open_tasks()
    consent_services.consent_withdraw(consent=consent, withdrawn_by=world.teacher.user)
    task.refresh_from_db()
    assert task.done_at is not None


# --- closed cases and meeting decisions -------------------------------------------------------


def test_closing_the_case_resolves_all_its_tasks_decisions_too(world):
    case = world.case(consent_for=(world.school,))
    plan_for(case, evaluation_due=days(1))
    services.tasks_refresh(case=case)
    decision = services.task_create_for_decision(
        case=case, assignee=world.teacher, text="Ring mor", due_on=days(20), key="decision:t:1"
    )
    assert decision.email_state == EmailState.WAITING  # reminded two days before its deadline
    assert decision.remind_on == days(18)
    assert len(open_tasks()) == 2
    case.refresh_from_db()
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Goals reached.")
    assert open_tasks() == []
    decision.refresh_from_db()
    assert decision.done_by is None
    assert decision.email_state == EmailState.NOT_NEEDED


def test_decision_task_is_queued_when_its_reminder_day_comes(world):
    case = world.case(consent_for=(world.school,))
    task = services.task_create_for_decision(
        case=case, assignee=world.nurse, text="Ring mor", due_on=days(5), key="decision:t:2"
    )
    services.tasks_refresh(today=days(2))
    task.refresh_from_db()
    assert task.email_state == EmailState.WAITING
    services.tasks_refresh(today=days(3))
    task.refresh_from_db()
    assert task.email_state == EmailState.QUEUED
    assert _jobs_for(task) == 1
    assert task.done_at is None  # decision tasks are not resolved by the scheduler


def test_a_decision_due_within_two_days_is_queued_at_once(world):
    case = world.case(consent_for=(world.school,))
    task = services.task_create_for_decision(
        case=case, assignee=world.teacher, text="Ring mor", due_on=days(1), key="decision:t:3"
    )
    assert task.email_state == EmailState.QUEUED
    assert _jobs_for(task) == 1


def test_task_complete_by_the_assignee_only_and_never_a_generated_task(world):
    case = world.case(consent_for=(world.school, world.health))
    task = services.task_create_for_decision(
        case=case, assignee=world.teacher, text="Ring mor", due_on=days(9), key="decision:t:4"
    )
    with pytest.raises(DomainError, match="Only the person responsible"):
        services.task_complete(task=task, completed_by=world.nurse.user)
    done = services.task_complete(task=task, completed_by=world.teacher.user)
    assert done.done_by == world.teacher
    assert done.email_state == EmailState.NOT_NEEDED
    with pytest.raises(DomainError, match="already done"):
        services.task_complete(task=task, completed_by=world.teacher.user)

    world.concern(decision_due=days(1))
    generated = Task.objects.get(kind=TaskKind.CONCERN_DECISION)
    with pytest.raises(DomainError, match="marked as done by itself"):
        services.task_complete(task=generated, completed_by=world.teacher.user)
    generated.refresh_from_db()
    assert generated.done_at is None


# --- idempotency and concurrency --------------------------------------------------------------


def test_refreshing_twice_creates_nothing_new_and_queues_one_email(world):
    world.concern(decision_due=days(1))
    case = world.case(consent_for=(world.school,))
    plan_for(case, evaluation_due=days(2))
    first = services.tasks_refresh()
    rows = list(Task.objects.order_by("pk").values_list("pk", "key", "email_state"))
    second = services.tasks_refresh()
    assert (second.created, second.resolved, second.queued) == (0, 0, 0)
    assert first.created == 1  # the evaluation; the concern's task came with the concern
    assert list(Task.objects.order_by("pk").values_list("pk", "key", "email_state")) == rows
    assert len(rows) == 2
    for task in Task.objects.all():
        assert _jobs_for(task) == 1


def test_a_task_created_by_a_concurrent_scheduler_is_not_duplicated(world):
    """Two schedulers compute the same condition; the second insert hits the unique key inside
    its savepoint and the refresh carries on."""
    concern = world.concern(decision_due=days(1))
    [task] = open_tasks()
    due = services._due_now(case=None, concern=concern, today=clock.today(), now=clock.now())
    with transaction.atomic():
        assert services._create(due[task.key], today=clock.today(), now=clock.now()) == 0
        assert Task.objects.count() == 1  # the transaction is still usable


def test_scoped_refresh_leaves_other_cases_alone(world):
    other = build_world()
    other_concern = other.concern(decision_due=days(5))
    mine = world.concern(decision_due=days(5))
    services.tasks_refresh(concern=mine, today=days(4))
    assert [t.concern_id for t in open_tasks()] == [mine.pk]
    services.tasks_refresh(today=days(4))
    assert {t.concern_id for t in open_tasks()} == {mine.pk, other_concern.pk}
