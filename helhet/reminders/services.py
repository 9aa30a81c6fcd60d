"""Writes for tasks and reminders.

``tasks_refresh`` turns the state of concerns, plans, handovers, meetings and consents into
``Task`` rows and back: it creates a task for each condition that holds (one row per ``key``,
which names the condition, its assignee and its date) and resolves the open generated tasks whose
condition no longer holds. Then it queues the e-mail of each task whose reminder day has come.

Safe to run twice, or twice at once: a task is created in a savepoint and the unique ``key``
turns the second insert into a no-op; resolving and queueing are conditional UPDATEs, so only one
transaction moves a row from one state to the next, and only that one enqueues the e-mail job.
The job row is written in the same transaction as the state change: both or neither.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.audit.services import audit_record
from helhet.cases.log_text import LogText
from helhet.cases.models import Case, CaseStatus, Concern, ConcernStatus, Handover, HandoverStatus
from helhet.consent.models import Consent
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.plans.models import Meeting, MeetingStatus, Plan
from helhet.reminders.models import GENERATED_KINDS, MANUAL_KINDS, EmailState, Task, TaskKind

CONCERN_WARNING_DAYS = 2  # a concern's decision task appears this many days before the date
EVALUATION_WARNING_DAYS = 7
CONSENT_WARNING_DAYS = 14
CONSENT_AGE_NOTICE_DAYS = 30  # the coordinator asks the young person this long before
YOUNG_PERSON_GIVES = ("young_person", "both")
MINUTES_GRACE_DAYS = 2  # the minutes are due this many days after the meeting
DECISION_REMIND_DAYS = 2  # a meeting decision is e-mailed this many days before its deadline
KEY_CHUNK = 500  # keys per IN (…) query, well below SQLite's variable limit


@dataclasses.dataclass
class RefreshResult:
    created: int = 0
    resolved: int = 0
    queued: int = 0


@dataclasses.dataclass(frozen=True)
class _Due:
    """One condition that holds now and the task it calls for."""

    key: str
    kind: str
    municipality_id: int
    assignee_id: int
    due_on: datetime.date
    case_id: int | None = None
    concern_id: int | None = None


# --- the conditions ---------------------------------------------------------------------------


def _concern_decisions(concerns: QuerySet[Concern], today: datetime.date) -> Iterable[_Due]:
    horizon = today + datetime.timedelta(days=CONCERN_WARNING_DAYS)
    # A family's help request has no author to remind: it waits on My work of its service.
    due = concerns.filter(
        status=ConcernStatus.OPEN, decision_due__lte=horizon, registered_by__isnull=False
    )
    for concern in due:
        yield _Due(
            key=f"concern_decision:{concern.pk}:{concern.registered_by_id}:{concern.decision_due}",
            kind=TaskKind.CONCERN_DECISION,
            municipality_id=concern.municipality_id,
            assignee_id=concern.registered_by_id,
            due_on=concern.decision_due,
            concern_id=concern.pk,
        )


def _evaluations(cases: QuerySet[Case], today: datetime.date) -> Iterable[_Due]:
    horizon = today + datetime.timedelta(days=EVALUATION_WARNING_DAYS)
    plans = Plan.objects.filter(
        case__in=cases, evaluation_due__isnull=False, evaluation_due__lte=horizon
    ).select_related("case")
    for plan in plans:
        case = plan.case
        yield _Due(
            key=f"evaluation_due:{plan.pk}:{case.coordinator_id}:{plan.evaluation_due}",
            kind=TaskKind.EVALUATION_DUE,
            municipality_id=case.municipality_id,
            assignee_id=case.coordinator_id,
            due_on=plan.evaluation_due,
            case_id=case.pk,
        )


def _handovers(cases: QuerySet[Case], today: datetime.date) -> Iterable[_Due]:
    pending = Handover.objects.filter(case__in=cases, status=HandoverStatus.PENDING).select_related(
        "case__municipality"
    )
    for handover in pending:
        days = handover.case.municipality.handover_reminder_days
        due_on = timezone.localdate(handover.proposed_at) + datetime.timedelta(days=days)
        if due_on > today:
            continue
        yield _Due(
            key=f"handover_pending:{handover.pk}:{handover.to_professional_id}:{due_on}",
            kind=TaskKind.HANDOVER_PENDING,
            municipality_id=handover.case.municipality_id,
            assignee_id=handover.to_professional_id,
            due_on=due_on,
            case_id=handover.case_id,
        )


def _meetings(cases: QuerySet[Case], now: datetime.datetime) -> Iterable[_Due]:
    # The end is start + length: compare in Python (few planned meetings lie in the past).
    planned = Meeting.objects.filter(
        case__in=cases, status=MeetingStatus.PLANNED, starts_at__lte=now
    ).select_related("case")
    for meeting in planned:
        if meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes) > now:
            continue
        case = meeting.case
        due_on = timezone.localdate(meeting.starts_at) + datetime.timedelta(days=MINUTES_GRACE_DAYS)
        yield _Due(
            key=f"meeting_minutes:{meeting.pk}:{case.coordinator_id}:{due_on}",
            kind=TaskKind.MEETING_MINUTES,
            municipality_id=case.municipality_id,
            assignee_id=case.coordinator_id,
            due_on=due_on,
            case_id=case.pk,
        )


def _consents(cases: QuerySet[Case], today: datetime.date) -> Iterable[_Due]:
    horizon = today + datetime.timedelta(days=CONSENT_WARNING_DAYS)
    expiring = Consent.objects.filter(
        case__in=cases,
        withdrawn_at__isnull=True,
        valid_from__lte=today,
        valid_until__gte=today,
        valid_until__lte=horizon,
    ).select_related("case")
    for consent in expiring:
        case = consent.case
        yield _Due(
            key=f"consent_expiring:{consent.pk}:{case.coordinator_id}:{consent.valid_until}",
            kind=TaskKind.CONSENT_EXPIRING,
            municipality_id=case.municipality_id,
            assignee_id=case.coordinator_id,
            due_on=consent.valid_until,
            case_id=case.pk,
        )


def _consent_age(cases: QuerySet[Case], today: datetime.date) -> Iterable[_Due]:
    """Domain rule 4: before the young person reaches the consent age, the coordinator asks them
    for their own consent where only the guardians gave it."""
    from helhet.consent.models import GivenBy

    own = Consent.objects.filter(
        case_id=OuterRef("pk"), withdrawn_at__isnull=True, given_by__in=YOUNG_PERSON_GIVES
    )
    guardians_only = Consent.objects.filter(
        case_id=OuterRef("pk"),
        withdrawn_at__isnull=True,
        given_by=GivenBy.GUARDIANS,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    candidates = (
        cases.filter(Exists(guardians_only))
        .exclude(Exists(own))
        .select_related("child", "municipality")
    )
    for age in sorted(set(candidates.values_list("municipality__consent_age", flat=True))):
        # Born so that the birthday at ``age`` falls within the notice period or the grace after.
        latest = clock.years_before(today + datetime.timedelta(days=CONSENT_AGE_NOTICE_DAYS), age)
        earliest = clock.years_before(today - datetime.timedelta(days=180), age)
        in_window = candidates.filter(
            municipality__consent_age=age,
            child__date_of_birth__lte=latest,
            child__date_of_birth__gte=earliest,
        )
        for case in in_window:
            birthday = clock.birthday_at(case.child.date_of_birth, age)
            ends = birthday + datetime.timedelta(days=case.municipality.guardian_consent_grace_days)
            if today > ends:
                continue
            yield _Due(
                key=f"consent_age:{case.pk}:{case.coordinator_id}:{birthday}",
                kind=TaskKind.CONSENT_AGE,
                municipality_id=case.municipality_id,
                assignee_id=case.coordinator_id,
                due_on=birthday,
                case_id=case.pk,
            )


def _due_now(
    *, case: Case | None, concern: Concern | None, today: datetime.date, now: datetime.datetime
) -> dict[str, _Due]:
    due: list[_Due] = []
    if case is None and concern is None:
        due += _concern_decisions(Concern.objects.all(), today)
        cases = Case.objects.filter(status=CaseStatus.OPEN)
    elif concern is not None:
        due += _concern_decisions(Concern.objects.filter(pk=concern.pk), today)
        cases = Case.objects.none()
    else:
        cases = Case.objects.filter(pk=case.pk, status=CaseStatus.OPEN)
    if case is not None or concern is None:
        due += _evaluations(cases, today)
        due += _handovers(cases, today)
        due += _meetings(cases, now)
        due += _consents(cases, today)
        due += _consent_age(cases, today)
    return {d.key: d for d in due}


def _in_scope(*, case: Case | None, concern: Concern | None) -> QuerySet[Task]:
    if concern is not None:
        return Task.objects.filter(concern_id=concern.pk)
    if case is not None:
        return Task.objects.filter(case_id=case.pk)
    return Task.objects.all()


# --- the refresh ------------------------------------------------------------------------------


@transaction.atomic
def tasks_refresh(*, case=None, concern=None, today=None) -> RefreshResult:
    """Create due tasks and resolve those whose condition no longer holds.

    Scoped to one case or one concern when given (called by the services that change them, in
    their transaction); the whole installation when neither is given (the scheduler)."""
    if case is not None and concern is not None:
        raise ValueError("Refresh one case or one concern, not both.")
    now = clock.now()
    if today is None:
        today = clock.today()
    else:  # a later day asked for: its meetings have ended by then, too
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        now = max(now, start)
    result = RefreshResult()
    due = _due_now(case=case, concern=concern, today=today, now=now)
    scope = _in_scope(case=case, concern=concern)

    # Resolve: generated tasks whose condition is gone, and every task of a closed case.
    open_generated = scope.filter(done_at__isnull=True, kind__in=GENERATED_KINDS)
    gone = [pk for pk, key in open_generated.values_list("pk", "key") if key not in due]
    closed = scope.filter(done_at__isnull=True, case__status=CaseStatus.CLOSED)
    gone += list(closed.values_list("pk", flat=True))
    result.resolved = _resolve(gone, now=now)

    # Create what is missing; reopen a task resolved earlier whose condition holds again (the
    # same key: for example, the role handed back to the coordinator before the same date).
    existing: dict[str, tuple[int, bool, bool]] = {}
    keys = list(due)
    for i in range(0, len(keys), KEY_CHUNK):
        rows = Task.objects.filter(key__in=keys[i : i + KEY_CHUNK])
        for pk, key, done_at, done_by in rows.values_list("pk", "key", "done_at", "done_by"):
            existing[key] = (pk, done_at is not None, done_by is not None)
    for key, item in sorted(due.items()):  # one order for all: concurrent runs never deadlock
        if key not in existing:
            result.created += _create(item, today=today, now=now)
        elif existing[key][1] and not existing[key][2]:
            result.created += _reopen(existing[key][0], today=today)

    result.queued = _queue_emails(scope, today=today)
    return result


def _create(item: _Due, *, today: datetime.date, now: datetime.datetime) -> int:
    try:
        with transaction.atomic():  # a savepoint: a concurrent scheduler may have won
            Task.objects.create(
                municipality_id=item.municipality_id,
                kind=item.kind,
                key=item.key,
                assignee_id=item.assignee_id,
                case_id=item.case_id,
                concern_id=item.concern_id,
                due_on=item.due_on,
                remind_on=today,
                created_at=now,
            )
    except IntegrityError:
        return 0
    return 1


def _reopen(pk: int, *, today: datetime.date) -> int:
    reopened = Task.objects.filter(pk=pk, done_at__isnull=False, done_by__isnull=True).update(
        done_at=None
    )
    # Sent (or failed) before: not again; resolved before its e-mail went: it waits again.
    Task.objects.filter(pk=pk, email_state=EmailState.NOT_NEEDED).update(
        email_state=EmailState.WAITING, remind_on=today
    )
    return reopened


def _resolve(pks: list[int], *, now: datetime.datetime, done_by=None) -> int:
    if not pks:
        return 0
    resolved = 0
    for i in range(0, len(pks), KEY_CHUNK):
        chunk = pks[i : i + KEY_CHUNK]
        resolved += Task.objects.filter(pk__in=chunk, done_at__isnull=True).update(
            done_at=now, done_by=done_by
        )
        # Not sent yet: no longer needed. (A failed e-mail stays failed for the operator.)
        Task.objects.filter(
            pk__in=chunk, email_state__in=[EmailState.WAITING, EmailState.QUEUED]
        ).update(email_state=EmailState.NOT_NEEDED)
    return resolved


def _queue_emails(scope: QuerySet[Task], *, today: datetime.date) -> int:
    """Move due reminders from "waiting" to "queued" and enqueue one job each, in this
    transaction. The conditional UPDATE lets only one of two concurrent schedulers do it."""
    from helhet.reminders.jobs import send_task_email

    due = (
        scope.filter(email_state=EmailState.WAITING, remind_on__lte=today, done_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for pk in list(due):
        if Task.objects.filter(pk=pk, email_state=EmailState.WAITING).update(
            email_state=EmailState.QUEUED
        ):
            send_task_email.enqueue(pk)
            queued += 1
    return queued


# --- tasks of a pathway's steps ---------------------------------------------------------------


def task_create_for_pathway_step(*, step, assignee, due_on: datetime.date) -> Task:
    """The task on *My work* for a pathway step that is due (in the pathway service's
    transaction); reminded the day it is created."""
    return Task.objects.create(
        municipality_id=assignee.municipality_id,
        kind=TaskKind.PATHWAY_STEP,
        key=f"pathway-step:{step.pk}",
        assignee=assignee,
        pathway_step=step,
        due_on=due_on,
        remind_on=clock.today(),
        created_at=clock.now(),
    )


def task_resolve_for_pathway_step(*, step, done_by) -> int:
    """The step was done: its task is done too."""
    pks = list(
        Task.objects.filter(pathway_step=step, done_at__isnull=True).values_list("pk", flat=True)
    )
    return _resolve(pks, now=clock.now(), done_by=done_by)


# --- tasks of the follow-up register ----------------------------------------------------------


def tasks_refresh_for_follow_ups(due: list[tuple], *, today: datetime.date) -> tuple[int, int]:
    """``due``: (follow-up, counsellor, due date, key) for every young person it is time to get
    in touch with. Creates the tasks not there yet (a key once, reminded the day it appears) and
    resolves the open ones no longer due (a new counsellor, a status that needs no contact).
    Returns (created, resolved)."""
    now = clock.now()
    keys = [key for *_rest, key in due]
    known = set(Task.objects.filter(key__in=keys).values_list("key", flat=True))
    created = Task.objects.bulk_create(
        [
            Task(
                municipality_id=counsellor.municipality_id,
                kind=TaskKind.FOLLOW_UP_CONTACT,
                key=key,
                assignee=counsellor,
                follow_up=follow_up,
                due_on=due_on,
                remind_on=today,
                created_at=now,
            )
            for follow_up, counsellor, due_on, key in due
            if key not in known
        ]
    )
    stale = (
        Task.objects.filter(kind=TaskKind.FOLLOW_UP_CONTACT, done_at__isnull=True)
        .exclude(key__in=keys)
        .values_list("pk", flat=True)
    )
    return len(created), _resolve(list(stale), now=now)


def tasks_resolve_for_follow_up(*, follow_up, done_by=None) -> int:
    """The young person was contacted (or no longer needs following up): their open tasks are
    done, in the caller's transaction."""
    pks = list(
        Task.objects.filter(follow_up=follow_up, done_at__isnull=True).values_list("pk", flat=True)
    )
    return _resolve(pks, now=clock.now(), done_by=done_by)


# --- tasks decided in a meeting --------------------------------------------------------------


@transaction.atomic
def task_create_for_decision(
    *,
    case: Case,
    assignee,
    text: str | LogText,
    due_on: datetime.date,
    key: str,
    kind: str = TaskKind.DECISION,
) -> Task:
    """A task a meeting decided, or the family's withdrawal asks for (the caller audits what
    caused it); e-mailed two days before it is due."""
    today = clock.today()
    task = Task.objects.create(
        municipality_id=case.municipality_id,
        kind=kind,
        key=key,
        assignee=assignee,
        case=case,
        text=text.render() if isinstance(text, LogText) else text,
        message=text.as_stored() if isinstance(text, LogText) else None,
        due_on=due_on,
        remind_on=due_on - datetime.timedelta(days=DECISION_REMIND_DAYS),
        created_at=clock.now(),
    )
    _queue_emails(Task.objects.filter(pk=task.pk), today=today)
    task.refresh_from_db()
    return task


@transaction.atomic
def task_complete(*, task: Task, completed_by) -> Task:
    """The person responsible marks a meeting decision's task as done. Generated tasks are done
    when their condition clears (the concern decided, the evaluation recorded, …)."""
    from helhet.cases.services.common import audit_case, professional_or_error

    professional = professional_or_error(completed_by)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.kind not in MANUAL_KINDS:
        raise DomainError(
            _(
                "This task is marked as done by itself when what it asks for is done, for "
                "example when the concern is decided or the minutes are recorded."
            )
        )
    if task.done_at is not None:
        raise DomainError(_("This task is already done."))
    if task.assignee_id != professional.pk:
        raise DomainError(_("Only the person responsible can mark the task as done."))
    _resolve([task.pk], now=clock.now(), done_by=professional)
    task.refresh_from_db()
    if task.case_id is not None:
        audit_case(completed_by, task.case, "task.complete", obj=task)
    else:
        concern = task.concern
        audit_record(
            actor=completed_by,
            action="task.complete",
            municipality_id=task.municipality_id,
            service_id=concern.service_id,
            child_id=concern.child_id,
            obj=task,
        )
    return task


@transaction.atomic
def task_email_retry(*, tasks: Iterable[Task], retried_by) -> int:
    """An operator sends failed e-mails again (after fixing the mail server): from scratch."""
    from helhet.reminders.jobs import send_task_email

    count = 0
    for task in tasks:
        if not Task.objects.filter(
            pk=task.pk, email_state=EmailState.FAILED, done_at__isnull=True
        ).update(email_state=EmailState.QUEUED, email_attempts=0):
            continue
        send_task_email.enqueue(task.pk)
        audit_record(
            actor=retried_by,
            action="task.email_retry",
            actor_role="operator",
            municipality_id=task.municipality_id,
            obj=task,
        )
        count += 1
    return count


def email_failed_count() -> int:
    return Task.objects.filter(email_state=EmailState.FAILED).count()


def tasks_requeue_lost(*, older_than: datetime.timedelta = datetime.timedelta(hours=1)) -> int:
    """Enqueue again the e-mails that are "queued" but have no live job: the job row failed
    outside our code (e.g. the database went away mid-job), or a worker was killed while running
    it (its row stays "running"). The job sends only while the task is still "queued", under a
    row lock, so a spare job never sends twice."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from helhet.reminders.jobs import send_task_email

    queued = list(Task.objects.filter(email_state=EmailState.QUEUED).values_list("pk", flat=True))
    if not queued:
        return 0
    stale = timezone.now() - older_than
    alive = DBTaskResult.objects.filter(task_path=send_task_email.module_path).filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=stale)
    )
    has_job = {row["args"][0] for row in alive.values_list("args_kwargs", flat=True) if row["args"]}
    requeued = 0
    with transaction.atomic():
        for pk in queued:
            if pk in has_job:
                continue
            # Lock the row: a job that is running it right now finishes first.
            locked = Task.objects.select_for_update().filter(pk=pk).first()
            if locked is None or locked.email_state != EmailState.QUEUED:
                continue
            send_task_email.enqueue(pk)
            requeued += 1
    return requeued
