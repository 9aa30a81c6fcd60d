"""Meetings of the team around the child: planned with the child and guardians, then recorded.
The summary goes to the log; each decision becomes a plan measure or a task, with a responsible
person and a deadline."""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogLines, LogText, date
from helhet.cases.models import Case, LogKind
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LINE, RECORD, SHORT_TEXT, TEXT, check_text
from helhet.people.models import NetworkPerson, Professional
from helhet.plans.models import (
    DecisionOutcome,
    Goal,
    GoalStatus,
    Measure,
    MeasureStatus,
    Meeting,
    MeetingDecision,
    MeetingStatus,
)
from helhet.plans.services.common import (
    after_plan_change,
    covered_service_or_error,
    plan_of,
    snapshot,
    team_member_or_error,
)
from helhet.plans.services.evaluations import check_child_voice
from helhet.reminders.services import task_create_for_decision

MIN_MINUTES = 15
MAX_MINUTES = 8 * 60


@dataclasses.dataclass(frozen=True)
class DecisionInput:
    text: str
    responsible: Professional
    due_on: datetime.date
    outcome: str
    goal: Goal | None = None


@transaction.atomic
def meeting_plan(
    *,
    case: Case,
    planned_by,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    video_link: str,
    agenda: str,
    child_takes_part: bool,
    guardians: list[NetworkPerson],
    professionals: list[Professional],
    expected_version: int | None = None,
) -> Meeting:
    planner = professional_or_error(planned_by)
    case = lock_case(case, expected_version=expected_version)
    if starts_at <= clock.now():
        raise DomainError(
            _(
                "The time has passed: a meeting is planned ahead. Write what happened at a "
                "meeting that was not planned here as a meeting summary in the log."
            ),
            field="starts_at",
        )
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise DomainError(
            _("A meeting lasts from %(min)s to %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            field="duration_minutes",
        )
    if not place.strip() and not video_link.strip():
        raise DomainError(_("Give the place, a video link, or both."), field="place")
    if video_link.strip() and urlsplit(video_link.strip()).scheme != "https":
        raise DomainError(_("The video link must start with https://."), field="video_link")
    if not agenda.strip():
        raise DomainError(_("Write the agenda."), field="agenda")
    check_text(place, limit=LINE, field="place")
    check_text(agenda, limit=TEXT, field="agenda")
    if any(g.child_id != case.child_id for g in guardians):
        raise DomainError(_("Choose among the child's guardians."), field="guardians")
    for professional in professionals:
        team_member_or_error(case, professional, field="professionals")
    meeting = Meeting.objects.create(
        case=case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        video_link=video_link.strip(),
        agenda=agenda.strip(),
        child_takes_part=child_takes_part,
        planned_at=clock.now(),
        planned_by=planner,
    )
    meeting.guardians.set(guardians)
    meeting.professionals.set({*professionals, planner})
    bump(case)
    audit_case(planned_by, case, "meeting.plan", obj=meeting)
    return meeting


def _check_decision(case: Case, meeting: Meeting, index: int, decision: DecisionInput):
    field = f"decision-{index}"
    if not decision.text.strip():
        raise DomainError(_("Write the decision."), field=field)
    check_text(decision.text, limit=SHORT_TEXT, field=field)
    member = team_member_or_error(case, decision.responsible, field=field)
    if decision.due_on < timezone.localdate(meeting.starts_at):
        raise DomainError(
            _("The deadline of a decision cannot be before the meeting."), field=field
        )
    if decision.outcome == DecisionOutcome.MEASURE:
        goal = decision.goal
        if goal is None or goal.plan.case_id != case.pk:
            raise DomainError(_("Choose the goal the measure serves."), field=field)
        if goal.status != GoalStatus.ACTIVE:
            raise DomainError(_("Measures are added to active goals."), field=field)
        covered_service_or_error(case, member.service, field=field)
    elif decision.outcome != DecisionOutcome.TASK:
        raise DomainError(
            _("Choose whether the decision becomes a measure or a task."), field=field
        )
    return member


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    recorded_by,
    summary: str,
    child_voice: str,
    child_not_asked_reason: str,
    decisions: list[DecisionInput],
    expected_version: int | None = None,
) -> Meeting:
    professional = professional_or_error(recorded_by)
    case = lock_case(meeting.case, expected_version=expected_version)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        raise DomainError(_("The minutes of this meeting are already recorded."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("The meeting was cancelled."))
    if meeting.starts_at > clock.now():
        raise DomainError(_("The meeting has not taken place yet. Record the minutes after it."))
    if not summary.strip():
        raise DomainError(_("Write the summary."), field="summary")
    check_text(summary, limit=RECORD, field="summary")
    check_child_voice(child_voice, child_not_asked_reason)
    members = [_check_decision(case, meeting, i, d) for i, d in enumerate(decisions)]

    meeting_day = timezone.localdate(meeting.starts_at)
    lines: list = [summary.strip()]
    if child_voice.strip():
        lines += [
            "",
            LogText(gettext_noop("What the child said: %(text)s"), {"text": child_voice.strip()}),
        ]
    if decisions:
        lines += ["", LogText(gettext_noop("Decisions:"), {})]
        lines += [
            LogText(
                gettext_noop("– %(text)s (%(name)s, by %(date)s)"),
                {"text": d.text.strip(), "name": str(d.responsible), "date": date(d.due_on)},
            )
            for d in decisions
        ]
    entry = log(case, kind=LogKind.MEETING, author=professional, text=LogLines(lines))

    plan_changed = False
    for index, (decision, member) in enumerate(zip(decisions, members, strict=True)):
        measure = task = None
        if decision.outcome == DecisionOutcome.MEASURE:
            measure = Measure.objects.create(
                goal=decision.goal,
                description=decision.text.strip(),
                service=member.service,
                responsible=decision.responsible,
                starts_on=meeting_day,
                ends_on=decision.due_on,
                status=MeasureStatus.PLANNED,
                created_at=clock.now(),
                created_by=professional,
            )
            plan_changed = True
        else:
            task = task_create_for_decision(
                case=case,
                assignee=decision.responsible,
                text=decision.text.strip(),
                due_on=decision.due_on,
                key=f"decision:meeting:{meeting.pk}:{index}",
            )
        MeetingDecision.objects.create(
            meeting=meeting,
            text=decision.text.strip(),
            responsible=decision.responsible,
            due_on=decision.due_on,
            outcome=decision.outcome,
            measure=measure,
            task=task,
        )

    meeting.summary = summary.strip()
    meeting.child_voice = child_voice.strip()
    meeting.child_not_asked_reason = child_not_asked_reason.strip()
    meeting.status = MeetingStatus.HELD
    meeting.minutes_at = clock.now()
    meeting.minutes_by = professional
    meeting.log_entry = entry
    meeting.save()
    bump(case)
    audit_case(recorded_by, case, "meeting.record", obj=meeting)
    if plan_changed:
        snapshot(plan_of(case), taken_by=professional, change="meeting.decisions")
    after_plan_change(case)
    return meeting


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, cancelled_by, reason: str, expected_version: int | None = None
) -> Meeting:
    professional = professional_or_error(cancelled_by)
    case = lock_case(meeting.case, expected_version=expected_version)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_("Only a planned meeting can be cancelled."))
    if not reason.strip():
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    bump(case)
    log(
        case,
        kind=LogKind.NOTE,
        author=professional,
        text=LogText(
            gettext_noop("The meeting of %(date)s was cancelled: %(reason)s"),
            {"date": date(timezone.localdate(meeting.starts_at)), "reason": reason.strip()},
        ),
    )
    audit_case(cancelled_by, case, "meeting.cancel", obj=meeting)
    after_plan_change(case)
    return meeting
