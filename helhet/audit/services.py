"""Writing the access log. Call ``audit_record`` inside the transaction of the read or write."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from helhet.audit.actions import all_actions
from helhet.audit.chain import compute_hash, current_key_id
from helhet.audit.models import AuditChain, AuditEvent
from helhet.core import clock
from helhet.core.middleware import current_request_id

logger = logging.getLogger(__name__)


def chain_key_for(municipality_id: int | None) -> str:
    # One chain per municipality: appends in different municipalities never wait for each other.
    return f"m{municipality_id}" if municipality_id else "global"


def _locked_head(key: str) -> AuditChain:
    # The head exists after a chain's first event: one locking SELECT, no savepoint (which
    # costs two round trips on every audited request).
    head = AuditChain.objects.select_for_update().filter(key=key).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            head, _created = AuditChain.objects.select_for_update().get_or_create(key=key)
    except IntegrityError:  # another transaction created the head at the same moment
        head = AuditChain.objects.select_for_update().get(key=key)
    return head


def audit_record(
    *,
    actor,
    action: str,
    purpose: str = "",
    actor_role: str = "",
    municipality_id: int | None = None,
    service_id: int | None = None,
    child_id: int | None = None,
    case_id: int | None = None,
    obj=None,
    request_id: str | None = None,
    citizen_ref: str = "",
) -> AuditEvent:
    """Append one event to its municipality's chain.

    Must run inside the transaction of the operation it records (a read or a write), so that
    the event exists exactly when the operation happened.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction it records")
    if action not in all_actions():
        # Recorded all the same (never lose an event), but the search would not offer it.
        if settings.HELHET_AUDIT_STRICT_ACTIONS:
            raise ValueError(f"{action!r} is declared in no app's audit_actions.py")
        logger.warning("access-log action %s is declared in no app's audit_actions.py", action)
    key = chain_key_for(municipality_id)
    head = _locked_head(key)
    values = {
        "chain": key,
        "sequence": head.last_sequence + 1,
        "occurred_at": clock.now(),
        "actor_id": getattr(actor, "pk", None),
        "actor_role": actor_role,
        "service_id": service_id,
        "municipality_id": municipality_id,
        "child_id": child_id,
        "case_id": case_id,
        "action": action,
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "purpose": purpose[:200],
        "request_id": request_id if request_id is not None else current_request_id(),
        "citizen_ref": citizen_ref,
        "key_id": current_key_id(),
    }
    event_hash = compute_hash(head.last_hash, values)
    event = AuditEvent.objects.create(prev_hash=head.last_hash, hash=event_hash, **values)
    AuditChain.objects.filter(pk=head.pk).update(
        last_sequence=values["sequence"], last_hash=event_hash
    )
    return event
