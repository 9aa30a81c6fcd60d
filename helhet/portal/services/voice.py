"""The family's voice: what matters to the young person or the guardians before a meeting or an
evaluation, shown in the case's child's-voice section and in the log."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access.policy.portal import PortalCaseAccess
from helhet.cases.models import LogKind
from helhet.cases.services.common import bump, citizen_log, lock_case
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, check_text
from helhet.plans.models import Meeting, MeetingStatus
from helhet.portal.models import FamilyInput
from helhet.portal.services.audit import audit_portal


@transaction.atomic
def family_input_submit(
    *,
    access: PortalCaseAccess,
    what_matters: str,
    scale: int | None = None,
    meeting_id: int | None = None,
) -> FamilyInput:
    if not access.speak:
        raise DomainError(_("You cannot write in this case."))
    if not what_matters.strip():
        raise DomainError(_("Write what matters to you."), field="what_matters")
    check_text(what_matters, limit=LONG_TEXT, field="what_matters")
    if scale is not None and not 0 <= scale <= 10:
        raise DomainError(_("Choose a number from 0 to 10."), field="scale")
    case = lock_case(access.case)
    meeting = None
    if meeting_id is not None:
        if not access.meetings:
            raise DomainError(_("Choose a meeting of the case."), field="meeting")
        meeting = Meeting.objects.filter(
            pk=meeting_id, case=case, status=MeetingStatus.PLANNED
        ).first()
        if meeting is None:
            raise DomainError(_("Choose a coming meeting of the case."), field="meeting")
    # The family's own words, and the scale as a number: nothing in the writer's language, so
    # every reader sees the entry as written (the author line says it came from the family).
    text = what_matters.strip() + (f"\n\n{scale}/10" if scale is not None else "")
    entry = citizen_log(case, role=access.role, kind=LogKind.FAMILY_VOICE, text=text)
    family_input = FamilyInput.objects.create(
        case=case,
        meeting=meeting,
        role=access.role,
        network_person=access.network_person,
        what_matters=what_matters.strip(),
        scale=scale,
        submitted_at=clock.now(),
        log_entry=entry,
    )
    bump(case)
    audit_portal(access, "family_input.add", obj=family_input)
    return family_input
