"""The access-log actions of the plan and meetings (plan changes are ``plan.<change>``)."""

from __future__ import annotations

READS: frozenset[str] = frozenset()
WRITES = frozenset(
    {
        "meeting.cancel",
        "meeting.decisions",
        "meeting.plan",
        "meeting.record",
        "plan.evaluation.record",
        "plan.evaluation.schedule",
        "plan.goal.add",
        "plan.goal.change",
        "plan.measure.add",
        "plan.measure.change",
    }
)
