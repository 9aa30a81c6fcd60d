"""Passing the baton. The invariant "exactly one coordinator" holds at every moment because the
coordinator only ever changes by one UPDATE of the case row, inside a transaction that holds the
row lock, when the named receiver accepts a pending handover. A partial unique index allows one
pending handover per case; the case's check constraint forbids an open case without coordinator.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText
from helhet.cases.models import Case, Handover, HandoverStatus, LogKind, TeamMember
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.cases.services.team import require_covered
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import SHORT_TEXT, check_text
from helhet.directory.models import Service
from helhet.people.models import Professional
from helhet.reminders.services import tasks_refresh


@transaction.atomic
def handover_propose(
    *,
    case: Case,
    proposed_by,
    to_professional: Professional,
    to_service: Service,
    reason: str = "",
    expected_version: int | None = None,
) -> Handover:
    proposer = professional_or_error(proposed_by)
    check_text(reason, limit=SHORT_TEXT, field="reason")
    case = lock_case(case, expected_version=expected_version)
    if case.handovers.filter(status=HandoverStatus.PENDING).exists():
        raise DomainError(_("A handover is already waiting for an answer."))
    if to_professional.pk == case.coordinator_id:
        raise DomainError(_("%(name)s is already the coordinator.") % {"name": to_professional})
    if (
        to_professional.municipality_id != case.municipality_id
        or not to_professional.user.is_active
    ):
        raise DomainError(
            _("Choose an active professional in the municipality."), field="to_professional"
        )
    if not to_professional.memberships.filter(service=to_service).exists():
        raise DomainError(
            _("%(name)s does not work in %(service)s.")
            % {"name": to_professional, "service": to_service.name},
            field="to_service",
        )
    require_covered(case, to_service)
    handover = Handover.objects.create(
        case=case,
        proposed_by=proposer,
        from_professional=case.coordinator,
        to_professional=to_professional,
        to_service=to_service,
        reason=reason.strip(),
        proposed_at=clock.now(),
    )
    bump(case)
    log(
        case,
        kind=LogKind.HANDOVER,
        author=proposer,
        text=LogText(
            gettext_noop(
                "Handover of the coordinator role to %(name)s (%(service)s) proposed. %(reason)s"
            ),
            {"name": str(to_professional), "service": to_service.name, "reason": reason.strip()},
        ),
    )
    audit_case(proposed_by, case, "handover.propose", obj=handover)
    tasks_refresh(case=case)
    return handover


def _lock_pending(handover: Handover, actor) -> tuple[Case, Handover]:
    """The case and the handover, locked, if the actor may answer it now.

    Who may answer is the access policy's rule (``can_answer_handover``: the named receiver,
    while it is pending and their service is covered); asked again here under the lock, since
    another request may have answered or withdrawn consent in between.
    """
    from helhet.access.policy import can_answer_handover

    # Always lock the case first, then the handover: one lock order, no deadlocks.
    case = lock_case(handover.case)
    handover = Handover.objects.select_for_update().select_related("case").get(pk=handover.pk)
    if handover.status != HandoverStatus.PENDING:
        raise DomainError(_("This handover has already been answered."))
    if not can_answer_handover(actor, handover):
        raise DomainError(_("Only the person the role is handed to can answer."))
    return case, handover


@transaction.atomic
def handover_accept(*, handover: Handover, accepted_by) -> Handover:
    receiver = professional_or_error(accepted_by)
    case, handover = _lock_pending(handover, accepted_by)
    require_covered(case, handover.to_service)  # consent may have changed since the proposal
    now = clock.now()
    handover.status = HandoverStatus.ACCEPTED
    handover.answered_at = now
    handover.save(update_fields=["status", "answered_at"])
    case.coordinator = receiver
    case.coordinator_service = handover.to_service
    case.save(update_fields=["coordinator", "coordinator_service"])
    if not case.team.filter(professional=receiver, left_at__isnull=True).exists():
        TeamMember.objects.create(
            case=case,
            professional=receiver,
            service=handover.to_service,
            joined_at=now,
        )
    bump(case)
    log(
        case,
        kind=LogKind.HANDOVER,
        author=receiver,
        text=LogText(
            gettext_noop("%(name)s accepted the coordinator role."), {"name": str(receiver)}
        ),
    )
    audit_case(accepted_by, case, "handover.accept", obj=handover)
    tasks_refresh(case=case)
    return handover


@transaction.atomic
def handover_reject(*, handover: Handover, rejected_by, reason: str) -> Handover:
    receiver = professional_or_error(rejected_by)
    if not reason.strip():
        raise DomainError(_("Give the reason for saying no."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    case, handover = _lock_pending(handover, rejected_by)
    handover.status = HandoverStatus.REJECTED
    handover.answered_at = clock.now()
    handover.answer_note = reason.strip()
    handover.save(update_fields=["status", "answered_at", "answer_note"])
    bump(case)
    log(
        case,
        kind=LogKind.HANDOVER,
        author=receiver,
        text=LogText(
            gettext_noop("%(name)s declined the coordinator role: %(reason)s"),
            {"name": str(receiver), "reason": reason.strip()},
        ),
    )
    audit_case(rejected_by, case, "handover.reject", obj=handover)
    tasks_refresh(case=case)
    return handover
