"""Access rules for the access log itself."""

from __future__ import annotations

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import case_access


def can_search_audit_log(actor) -> bool:
    """The municipality's data protection officer searches its access log."""
    professional = actor_professional(actor)
    if professional is None:
        return False
    return professional.is_data_protection_officer


def can_view_case_access_log(actor, case) -> bool:
    """A case's coordinator sees who accessed the case."""
    return case_access(actor, case).view_access_log
