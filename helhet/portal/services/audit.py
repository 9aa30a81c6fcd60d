"""The one audit helper of the portal: every citizen read and write, with the citizen as actor."""

from __future__ import annotations

from helhet.access.policy.portal import PortalCaseAccess
from helhet.audit.services import audit_record
from helhet.cases.models import CitizenRole

# The access log's role names for citizens (the professionals' are "coordinator", …).
AUDIT_ROLES = {CitizenRole.GUARDIAN: "guardian", CitizenRole.YOUNG_PERSON: "young person"}


def audit_portal(access: PortalCaseAccess, action: str, *, obj=None, purpose: str = "") -> None:
    """Record a citizen's read or write of a case (inside its transaction)."""
    audit_record(
        actor=None,
        action=action,
        purpose=purpose,
        actor_role=AUDIT_ROLES[access.role],
        municipality_id=access.case.municipality_id,
        child_id=access.child.pk,
        case_id=access.case.pk,
        obj=obj if obj is not None else access.case,
        citizen_ref=access.citizen_ref,
    )


def audit_citizen(
    *, role: str, citizen_ref: str, action: str, municipality_id: int, child_id: int, obj=None
) -> None:
    """Record a citizen's write that is not (yet) about a case: a help request."""
    audit_record(
        actor=None,
        action=action,
        actor_role=AUDIT_ROLES[role],
        municipality_id=municipality_id,
        child_id=child_id,
        obj=obj,
        citizen_ref=citizen_ref,
    )
