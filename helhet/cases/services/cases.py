"""Level changes and closing."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText, msgid
from helhet.cases.models import Case, CaseStatus, HandoverStatus, LogKind
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import SHORT_TEXT, check_text
from helhet.plans.rules import final_evaluation_missing
from helhet.reminders.services import tasks_refresh
from helhet.tenancy.models import Level


@transaction.atomic
def case_change_level(
    *, case: Case, changed_by, level: Level, reason: str, expected_version: int | None = None
) -> Case:
    professional = professional_or_error(changed_by)
    case = lock_case(case, expected_version=expected_version)
    if level.model_id != case.municipality.level_model_id:
        raise DomainError(_("Choose a level of the municipality's level model."), field="level")
    if level.pk == case.level_id:
        raise DomainError(_("The case is already at this level."), field="level")
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    old = case.level
    case.level = level
    case.save(update_fields=["level"])
    bump(case)
    log(
        case,
        kind=LogKind.LEVEL_CHANGE,
        author=professional,
        text=LogText(
            gettext_noop("Level changed from %(old)s to %(new)s: %(reason)s"),
            {"old": msgid(old.name), "new": msgid(level.name), "reason": reason.strip()},
        ),
    )
    audit_case(changed_by, case, "case.level_change")
    return case


@transaction.atomic
def case_close(*, case: Case, closed_by, reason: str, expected_version: int | None = None) -> Case:
    professional = professional_or_error(closed_by)
    case = lock_case(case, expected_version=expected_version)
    if case.handovers.filter(status=HandoverStatus.PENDING).exists():
        raise DomainError(
            _("A handover is waiting for an answer. Cancel or settle it before closing the case.")
        )
    if final_evaluation_missing(case):
        raise DomainError(
            _(
                "The plan has goals but no final evaluation. Record the final evaluation with "
                "the child and the family before closing the case."
            )
        )
    if not reason.strip():
        raise DomainError(_("Give the reason for closing the case."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    return _close(case, professional=professional, actor=closed_by, reason=reason.strip())


def _close(case: Case, *, professional, actor, reason: str) -> Case:
    now = clock.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closing_reason = reason
    case.save(update_fields=["status", "closed_at", "closing_reason"])
    case.handovers.filter(status=HandoverStatus.PENDING).update(
        status=HandoverStatus.CANCELLED, answered_at=now
    )
    bump(case)
    log(case, kind=LogKind.CLOSING, author=professional, text=reason)
    # A standardised pathway on the case ends with it (its steps leave My work).
    from helhet.pathways.services import pathways_stop_for_case

    pathways_stop_for_case(case=case, professional=professional, reason=reason)
    audit_case(actor, case, "case.close")
    tasks_refresh(case=case)  # every task of the case is resolved
    return case
