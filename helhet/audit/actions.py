"""Every action the access log records, by name.

The data protection officer's search offers these without reading the log: a DISTINCT over a
large municipality's 3 million events took 2.8 s (docs/performance.md). ``audit_record`` warns
about a name missing here, and refuses it when ``HELHET_AUDIT_STRICT_ACTIONS`` is on, as it is
in the test suite, so the list cannot silently fall behind the code.
"""

from __future__ import annotations

from helhet.cases.models import ConcernStatus

_READS = {
    "admin.list",
    "admin.read",
    "api.list",
    "audit.search",
    "case.access_log.read",
    "case.export",
    "case.read",
    "child.lookup",
    "child.read",
    "concern.read",
    "work.read",
}
_WRITES = {
    "admin.action",
    "admin.change",
    "admin.create",
    "admin.delete",
    "api.token.create",
    "api.token.revoke",
    "case.close",
    "case.level_change",
    "case.team_add",
    "case.team_remove",
    "child.create",
    "concern.create",
    "consent.record",
    "consent.withdraw",
    "evaluation.record",
    "evaluation.schedule",
    "goal.add",
    "goal.change",
    "handover.accept",
    "handover.propose",
    "handover.reject",
    "lawful_basis.record",
    "log.add",
    "log.correct",
    "measure.add",
    "measure.change",
    "meeting.cancel",
    "meeting.decisions",
    "meeting.plan",
    "meeting.record",
    "network.create",
    "plan.evaluation.record",
    "plan.evaluation.schedule",
    "plan.goal.add",
    "plan.goal.change",
    "plan.measure.add",
    "plan.measure.change",
    "task.complete",
    "task.email_retry",
}
_CONCERN_DECISIONS = {f"concern.decide.{status}" for status, _label in ConcernStatus.choices} - {
    f"concern.decide.{ConcernStatus.OPEN}"
}

ACTIONS: frozenset[str] = frozenset(_READS | _WRITES | _CONCERN_DECISIONS)
