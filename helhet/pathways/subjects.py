"""What a pathway follows — an absence signal, a concern or a case (its *subject*) — and the
access-log events that name it, shared by the pathway services and selectors.

Each event names the subject's municipality, child and service (the signal's school, the
concern's service); for a case also the case, and the actor's service and role in it, as every
case event does (``helhet.cases.services.common.audit_case``)."""

from __future__ import annotations

from helhet.audit.services import audit_record
from helhet.cases.models import Case, Concern
from helhet.cases.services.common import audit_case
from helhet.pathways.models import Pathway
from helhet.signals.models import Signal


def subject_field(subject) -> str:
    """The field of ``Pathway`` that holds this subject: "signal", "concern" or "case"."""
    if isinstance(subject, Signal):
        return "signal"
    if isinstance(subject, Concern):
        return "concern"
    if isinstance(subject, Case):
        return "case"
    raise TypeError(f"a pathway follows no {type(subject).__name__}")


def audit_pathway(actor, pathway: Pathway, action: str, *, obj=None) -> None:
    """Record a read or write of the pathway (call inside the transaction of the change)."""
    obj = obj or pathway
    if pathway.case_id is not None:
        audit_case(actor, pathway.case, action, obj=obj, purpose="pathway")
        return
    if pathway.signal_id is not None:
        municipality_id = pathway.signal.school.municipality_id
        service_id = pathway.signal.school_id
    else:
        municipality_id = pathway.concern.municipality_id
        service_id = pathway.concern.service_id
    audit_record(
        actor=actor,
        action=action,
        purpose="pathway",
        municipality_id=municipality_id,
        service_id=service_id,
        child_id=pathway.child_id,
        obj=obj,
    )
