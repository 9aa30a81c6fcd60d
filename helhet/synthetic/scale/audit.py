"""A municipality's access log at scale: events in time order on the municipality's chain, each
hashed exactly as ``audit_record`` would (same canonical content, same key), so
``helhet audit verify`` accepts the seeded log."""

from __future__ import annotations

import bisect
import datetime
import random

from helhet.audit.chain import GENESIS, current_key_id, hasher
from helhet.audit.models import AuditEvent
from helhet.audit.services import chain_key_for
from helhet.synthetic.scale.copy import Ids, Spool
from helhet.synthetic.scale.rows import CaseRef, Member

# What professionals do all day, by share of events: mostly reading cases and My work.
CASE_ACTIONS = [
    ("case.read", 55),
    ("log.add", 8),
    ("concern.read", 4),
    ("plan.measure.change", 3),
    ("case.access_log.read", 2),
    ("meeting.record", 1),
    ("consent.record", 1),
    ("case.export", 1),
]
OTHER_ACTIONS = [("work.read", 15), ("api.list", 6), ("child.lookup", 4)]
ACTIONS, WEIGHTS = zip(*(CASE_ACTIONS + OTHER_ACTIONS), strict=True)
CASE_BOUND = {name for name, _weight in CASE_ACTIONS}
HISTORY = datetime.timedelta(days=540)


def write_chain(
    *,
    spool: Spool,
    ids: Ids,
    rng: random.Random,
    municipality_id: int,
    cases: list[CaseRef],
    members: list[Member],
    count: int,
    now: datetime.datetime,
) -> tuple[str, int, str]:
    """Spool ``count`` events; return the chain's head (key, last sequence, last hash)."""
    key = chain_key_for(municipality_id)
    compute = hasher()
    sealed_by = current_key_id()
    opened = [case.opened_at for case in cases]
    start = now - HISTORY
    step = HISTORY / max(count, 1)
    prev_hash = GENESIS
    actions = rng.choices(ACTIONS, WEIGHTS, k=count)
    for index in range(count):
        # Strictly increasing times spread over the history window: the chain's order is time's.
        moment = start + step * (index + rng.random() * 0.999)
        action = actions[index]
        open_cases = bisect.bisect_right(opened, moment)
        if action in CASE_BOUND and open_cases:
            case = cases[rng.randrange(open_cases)]
            actor = rng.choice(case.members)
            role = "coordinator" if actor is case.members[0] else "team member"
            child_id, case_id, object_type, object_id = (
                case.child_id,
                case.id,
                "case",
                str(case.id),
            )
        else:
            if action in CASE_BOUND:
                action = "work.read"
            actor, role = rng.choice(members), ""
            child_id = case_id = None
            object_type = object_id = ""
        values = {
            "chain": key,
            "sequence": index + 1,
            "occurred_at": moment,
            "actor_id": actor.user_id,
            "actor_role": role,
            "service_id": actor.service_id,
            "municipality_id": municipality_id,
            "child_id": child_id,
            "case_id": case_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "purpose": "",
            "request_id": f"{rng.getrandbits(64):016x}",
            "key_id": sealed_by,
        }
        event_hash = compute(prev_hash, values)
        values["id"] = ids.take(AuditEvent)
        values["prev_hash"] = prev_hash
        values["hash"] = event_hash
        spool.add(values)
        prev_hash = event_hash
    return key, count, prev_hash
