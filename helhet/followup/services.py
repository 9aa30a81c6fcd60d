"""Writes of the follow-up register: the import from the school register, statuses (with their
history), contacts, the counsellor, and a concern in one step. Each takes the actor, checks the
policy and records the access log in the same transaction."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import decode_export
from helhet.followup.models import (
    ContactKind,
    FollowUp,
    FollowUpContact,
    FollowUpMeasure,
    FollowUpReason,
    FollowUpStatus,
    FollowUpStatusChange,
    MeasureKind,
    MeasureOutcome,
)
from helhet.followup.reminders import CONTACT_DAYS
from helhet.people.models import Child
from helhet.reminders import services as reminders

COLUMNS = ("national_id", "reason", "since")
AGES = (15, 24)  # who the register is for (0–24; the follow-up service's age)
MAX_LISTED = 20


@dataclasses.dataclass
class RegisterImport:
    added: int = 0
    already: int = 0
    problems: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, what)
    unknown: list[int] = dataclasses.field(default_factory=list)  # lines


class RegisterRefused(Exception):
    def __init__(self, result: RegisterImport):
        super().__init__("the register file has problems")
        self.result = result


def _record(actor, action: str, follow_up: FollowUp, **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose="follow-up",
        municipality_id=follow_up.service.municipality_id,
        service_id=follow_up.service_id,
        child_id=follow_up.child_id,
        obj=follow_up,
        **extra,
    )


def register_import(*, imported_by, service_pk: int, raw: bytes) -> RegisterImport:
    """Add the young people of a school register export (CSV: national_id, reason — left or
    never_started —, since) to the follow-up service's register. Every row is checked first:
    one bad row refuses the file with its line (``RegisterRefused``); a number no child of the
    municipality has is listed, never guessed. A young person on the register already stays as
    they are (the same file twice adds nothing)."""
    service = policy.follow_up_services(imported_by, leading=True).filter(pk=service_pk).first()
    if service is None:
        raise Http404
    rows = list(csv.DictReader(io.StringIO(decode_export(raw))))
    result = RegisterImport()
    if not rows:
        result.problems.append((1, _("The file has no rows.")))
        raise RegisterRefused(result)
    header = {name.strip().lower() for name in rows[0]}
    if not set(COLUMNS) <= header:
        result.problems.append(
            (1, _("The file must have the columns national_id, reason and since."))
        )
        raise RegisterRefused(result)
    today = clock.today()
    parsed = []
    for line, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if row["reason"] not in FollowUpReason.values:
            result.problems.append((line, _("the reason is not left or never_started")))
            continue
        try:
            since = datetime.date.fromisoformat(row["since"])
        except ValueError:
            result.problems.append((line, _("the date is not a date (YYYY-MM-DD)")))
            continue
        if since > today:
            result.problems.append((line, _("the date is in the future")))
            continue
        parsed.append((line, row["national_id"], row["reason"], since))
    if result.problems:
        raise RegisterRefused(result)
    children = {
        c.national_id: c
        for c in Child.objects.filter(
            municipality_id=service.municipality_id,
            national_id__in=[number for _line, number, _r, _s in parsed if number],
        )
    }
    with transaction.atomic():
        on_register = set(
            FollowUp.objects.filter(service=service).values_list("child_id", flat=True)
        )
        for line, number, reason, since in parsed:
            child = children.get(number)
            if child is None:
                result.unknown.append(line)
                continue
            age = (today - child.date_of_birth).days // 365
            if not AGES[0] <= age <= AGES[1]:
                result.problems.append((line, _("the young person is not 15 to 24 years old")))
                continue
            if child.pk in on_register:
                result.already += 1
                continue
            follow_up = FollowUp.objects.create(
                service=service, child=child, reason=reason, since=since, status_since=since
            )
            FollowUpStatusChange.objects.create(
                follow_up=follow_up, status=FollowUpStatus.NOT_REACHED, changed_on=since
            )
            on_register.add(child.pk)
            result.added += 1
        if result.problems:  # raised inside the transaction: nothing of the file stays
            raise RegisterRefused(result)
        audit_record(
            actor=imported_by,
            action="follow_up.import",
            purpose="follow-up",
            municipality_id=service.municipality_id,
            service_id=service.pk,
        )
    return result


def _locked(actor, pk: int) -> FollowUp:
    follow_up = policy.get_follow_up_or_404(actor, pk)
    return (
        FollowUp.objects.select_for_update().select_related("service", "child").get(pk=follow_up.pk)
    )


@transaction.atomic
def status_change(*, changed_by, pk: int, status: str, on: datetime.date) -> FollowUp:
    follow_up = _locked(changed_by, pk)
    if status not in FollowUpStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    if on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if on < follow_up.status_since:
        raise DomainError(
            _("The date cannot be before the current status began (%(date)s).")
            % {"date": follow_up.status_since.isoformat()},
            field="on",
        )
    if status == follow_up.status:
        raise DomainError(_("The young person has this status already."), field="status")
    follow_up.status, follow_up.status_since = status, on
    follow_up.save(update_fields=["status", "status_since"])
    FollowUpStatusChange.objects.create(
        follow_up=follow_up,
        status=status,
        changed_on=on,
        changed_by=policy.actor_professional(changed_by),
    )
    if status not in CONTACT_DAYS:  # back in education, in work, moved: nothing to remind of
        reminders.tasks_resolve_for_follow_up(follow_up=follow_up)
    _record(changed_by, "follow_up.status", follow_up)
    return follow_up


@transaction.atomic
def contact_add(
    *, added_by, pk: int, on: datetime.date, kind: str, reached: bool, note: str
) -> FollowUpContact:
    """A contact made or tried; the first time the young person is reached, the status becomes
    *in contact*."""
    follow_up = _locked(added_by, pk)
    if kind not in ContactKind.values:
        raise DomainError(_("Choose how you made contact."), field="kind")
    if on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="on")
    professional = policy.actor_professional(added_by)
    contact = FollowUpContact.objects.create(
        follow_up=follow_up, on=on, kind=kind, reached=reached, note=note.strip(), by=professional
    )
    if reached and follow_up.status == FollowUpStatus.NOT_REACHED:
        _moved_on(follow_up, FollowUpStatus.IN_CONTACT, on, professional)
    # In touch (or tried): the reminder is done; the scheduler counts from this contact.
    reminders.tasks_resolve_for_follow_up(follow_up=follow_up, done_by=professional)
    _record(added_by, "follow_up.contact", follow_up)
    return contact


def _moved_on(follow_up: FollowUp, status: str, on: datetime.date, professional) -> None:
    """A status that follows from what was recorded (reached, a measure started), from ``on``
    if that is not before the current status began."""
    if on < follow_up.status_since:
        return
    follow_up.status, follow_up.status_since = status, on
    follow_up.save(update_fields=["status", "status_since"])
    FollowUpStatusChange.objects.create(
        follow_up=follow_up, status=status, changed_on=on, changed_by=professional
    )


@transaction.atomic
def measure_offer(
    *, offered_by, pk: int, kind: str, offered_on: datetime.date, note: str
) -> FollowUpMeasure:
    """A measure offered to the young person (a school place, an apprenticeship, a course, …)."""
    follow_up = _locked(offered_by, pk)
    if kind not in MeasureKind.values:
        raise DomainError(_("Choose the measure."), field="kind")
    if offered_on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="offered_on")
    measure = FollowUpMeasure.objects.create(
        follow_up=follow_up,
        kind=kind,
        offered_on=offered_on,
        outcome_on=offered_on,
        note=note.strip(),
        by=policy.actor_professional(offered_by),
    )
    _record(offered_by, "follow_up.measure", follow_up)
    return measure


# An outcome can follow these: an offer is started or declined, a started measure ends.
NEXT_OUTCOMES = {
    MeasureOutcome.OFFERED: (MeasureOutcome.STARTED, MeasureOutcome.DECLINED),
    MeasureOutcome.STARTED: (MeasureOutcome.ENDED,),
}


@transaction.atomic
def measure_outcome(
    *, changed_by, pk: int, measure_pk: int, outcome: str, on: datetime.date
) -> FollowUpMeasure:
    """What came of a measure; a young person not reached or in contact who starts one is *in a
    measure* from that day."""
    follow_up = _locked(changed_by, pk)
    measure = follow_up.measures.select_for_update().filter(pk=measure_pk).first()
    if measure is None:
        raise Http404
    if outcome not in NEXT_OUTCOMES.get(measure.outcome, ()):
        raise DomainError(
            _("A measure that is %(now)s cannot become %(next)s.")
            % {
                "now": measure.get_outcome_display().lower(),
                "next": str(MeasureOutcome(outcome).label).lower()
                if outcome in MeasureOutcome.values
                else "?",
            },
            field="outcome",
        )
    if on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if on < measure.outcome_on:
        raise DomainError(
            _("The date cannot be before %(date)s.") % {"date": measure.outcome_on.isoformat()},
            field="on",
        )
    measure.outcome, measure.outcome_on = outcome, on
    measure.save(update_fields=["outcome", "outcome_on"])
    if outcome == MeasureOutcome.STARTED and follow_up.status in (
        FollowUpStatus.NOT_REACHED,
        FollowUpStatus.IN_CONTACT,
    ):
        _moved_on(follow_up, FollowUpStatus.IN_MEASURE, on, policy.actor_professional(changed_by))
    _record(changed_by, "follow_up.measure", follow_up)
    return measure


@transaction.atomic
def counsellor_take(*, taken_by, pk: int) -> FollowUp:
    follow_up = _locked(taken_by, pk)
    if follow_up.counsellor_id is not None:  # the old counsellor's reminder goes with the role
        reminders.tasks_resolve_for_follow_up(follow_up=follow_up)
    follow_up.counsellor = policy.actor_professional(taken_by)
    follow_up.save(update_fields=["counsellor"])
    _record(taken_by, "follow_up.counsellor", follow_up)
    return follow_up


@transaction.atomic
def concern_register(*, registered_by, pk: int, **concern_fields):
    """A concern of the follow-up service about the young person, in one step."""
    follow_up = _locked(registered_by, pk)
    concern = case_services.concern_register(
        registered_by=registered_by,
        service=follow_up.service,
        child=follow_up.child,
        **concern_fields,
    )
    _record(registered_by, "follow_up.concern", follow_up)
    return concern
