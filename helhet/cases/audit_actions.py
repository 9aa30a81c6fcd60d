"""The access-log actions the relay writes (collected by helhet.audit.actions)."""

from __future__ import annotations

from helhet.cases.models import ConcernStatus

READS = frozenset(
    {
        "case.access_log.read",
        "case.export",
        "case.read",
        "child.lookup",
        "child.read",
        "concern.read",
        "work.read",
    }
)
WRITES = frozenset(
    {
        "case.close",
        "case.level_change",
        "case.team_add",
        "case.team_remove",
        "concern.create",
        "handover.accept",
        "handover.propose",
        "handover.reject",
        "log.add",
        "log.correct",
        "log.withhold",
        # One per decision a concern can get.
        *(f"concern.decide.{status}" for status, _label in ConcernStatus.choices),
    }
    - {f"concern.decide.{ConcernStatus.OPEN}"}
)
