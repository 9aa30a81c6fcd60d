"""Concerns (level 0): register with a low threshold, then decide within the deadline."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.audit.services import audit_record
from helhet.cases.log_text import LogText, msgid
from helhet.cases.models import Case, CaseStatus, Concern, ConcernStatus, LogKind, TeamMember
from helhet.cases.services.common import log, professional_or_error
from helhet.cases.vocabulary import COLLABORATION_MIN_LEVEL
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, RECORD, SHORT_TEXT, check_text
from helhet.directory.models import Service
from helhet.people.models import Child
from helhet.reminders.services import tasks_refresh
from helhet.tenancy.models import Level

MAX_DEADLINE_DAYS = 90


@transaction.atomic
def concern_register(
    *,
    registered_by,
    service: Service,
    child: Child,
    observation: str,
    strengths: str,
    worry: int,
    child_voice: str = "",
    child_not_asked_reason: str = "",
    decision_due: datetime.date | None = None,
) -> Concern:
    """Register a concern. Until consent or a lawful basis exists, only the author and the
    leaders of the author's service can see it (see the access policy)."""
    professional = professional_or_error(registered_by)
    if not service.is_active or not professional.memberships.filter(service=service).exists():
        raise DomainError(_("You can only register a concern for a service you work in."))
    if child.municipality_id != professional.municipality_id:
        raise DomainError(_("The child is not registered in your municipality."))
    if not observation.strip():
        raise DomainError(_("Describe what you observe."), field="observation")
    if not strengths.strip():
        raise DomainError(
            _("Describe what is working well, too – the whole child, not only the worries."),
            field="strengths",
        )
    if not child_voice.strip() and not child_not_asked_reason.strip():
        raise DomainError(
            _("Write what the child says, or why the child was not asked."), field="child_voice"
        )
    if not 0 <= worry <= 10:
        raise DomainError(_("The worry scale goes from 0 to 10."), field="worry")
    check_text(observation, limit=LONG_TEXT, field="observation")
    check_text(strengths, limit=LONG_TEXT, field="strengths")
    check_text(child_voice, limit=LONG_TEXT, field="child_voice")
    check_text(child_not_asked_reason, limit=SHORT_TEXT, field="child_not_asked_reason")
    today = clock.today()
    municipality = professional.municipality
    due = decision_due or today + datetime.timedelta(days=municipality.concern_decision_days)
    if due < today:
        raise DomainError(_("The decision date cannot be in the past."), field="decision_due")
    if due > today + datetime.timedelta(days=MAX_DEADLINE_DAYS):
        raise DomainError(
            _("Decide within %(days)s days at the latest.") % {"days": MAX_DEADLINE_DAYS},
            field="decision_due",
        )
    concern = Concern.objects.create(
        municipality=municipality,
        child=child,
        registered_by=professional,
        service=service,
        registered_at=clock.now(),
        observation=observation.strip(),
        strengths=strengths.strip(),
        child_voice=child_voice.strip(),
        child_not_asked_reason=child_not_asked_reason.strip(),
        worry=worry,
        decision_due=due,
    )
    audit_record(
        actor=registered_by,
        action="concern.create",
        actor_role="author",
        municipality_id=municipality.pk,
        service_id=service.pk,
        child_id=child.pk,
        obj=concern,
        purpose="register concern",
    )
    tasks_refresh(concern=concern)
    return concern


@transaction.atomic
def concern_decide(
    *,
    concern: Concern,
    decided_by,
    decision: str,
    note: str = "",
    level: Level | None = None,
    report_content: str = "",
) -> Concern:
    """Decide on a concern: close, act within own service, start a collaboration (a case with
    the decider as coordinator), or report to child welfare (the duty to inform overrides
    confidentiality; the report becomes visible to the municipality's child welfare service)."""
    from helhet.access.policy import can_decide_concern

    professional = professional_or_error(decided_by)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != ConcernStatus.OPEN:
        raise DomainError(_("This concern has already been decided."))
    if not can_decide_concern(decided_by, concern):  # the author or a leader of the service
        raise DomainError(_("Only the author or a leader of the service decides this concern."))
    if decision not in {c for c, _label in ConcernStatus.choices} - {ConcernStatus.OPEN}:
        raise DomainError(_("Choose a decision."), field="decision")
    if decision == ConcernStatus.CLOSED and not note.strip():
        raise DomainError(_("Give the reason for closing the concern."), field="note")
    if decision == ConcernStatus.REPORTED and not report_content.strip():
        raise DomainError(_("Write what you report to child welfare."), field="report_content")
    check_text(note, limit=SHORT_TEXT, field="note")
    check_text(report_content, limit=RECORD, field="report_content")
    now = clock.now()
    if decision == ConcernStatus.COLLABORATION:
        concern.case = _open_case(
            concern=concern, professional=professional, level=level, note=note, now=now
        )
    concern.status = decision
    concern.decided_by = professional
    concern.decided_at = now
    concern.decision_note = note.strip()
    concern.report_content = report_content.strip() if decision == ConcernStatus.REPORTED else ""
    concern.save()
    if decision == ConcernStatus.REPORTED:
        # The duty to inform overrides confidentiality: every open case of the child carries a
        # flagged entry, so its team and coordinator know that child welfare has been informed.
        for case in Case.objects.filter(child=concern.child, status=CaseStatus.OPEN):
            log(
                case,
                kind=LogKind.DECISION,
                author=professional,
                flagged=True,
                text=LogText(
                    gettext_noop(
                        "A concern about the child was reported to child welfare (duty to inform)."
                    ),
                    {},
                ),
            )
    audit_record(
        actor=decided_by,
        action=f"concern.decide.{decision}",
        actor_role="author" if concern.registered_by_id == professional.pk else "leader",
        municipality_id=concern.municipality_id,
        service_id=concern.service_id,
        child_id=concern.child_id,
        case_id=concern.case_id,
        obj=concern,
        purpose="decide concern",
    )
    tasks_refresh(concern=concern)
    return concern


def _open_case(*, concern: Concern, professional, level: Level | None, note: str, now) -> Case:
    municipality = concern.municipality
    if level is None or level.model_id != municipality.level_model_id:
        raise DomainError(_("Choose the level of collaboration."), field="level")
    if level.number < COLLABORATION_MIN_LEVEL:
        raise DomainError(
            _("A collaboration starts at level %(n)s.") % {"n": COLLABORATION_MIN_LEVEL},
            field="level",
        )
    service = concern.service
    if not professional.memberships.filter(service=service).exists():
        membership = professional.memberships.select_related("service").first()
        service = membership.service
    case = Case.objects.create(
        municipality=municipality,
        child=concern.child,
        level=level,
        status=CaseStatus.OPEN,
        coordinator=professional,
        coordinator_service=service,
        origin_service=concern.service,
        opened_at=now,
    )
    TeamMember.objects.create(
        case=case,
        professional=professional,
        service=service,
        joined_at=now,
    )
    log(
        case,
        kind=LogKind.DECISION,
        author=professional,
        text=LogText(
            gettext_noop("Collaboration started at %(level)s. %(note)s"),
            {"level": msgid(level.name), "note": note.strip()},
        ),
        strengths=concern.strengths,
        worries=concern.observation,
    )
    return case
