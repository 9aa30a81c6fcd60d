"""The access-log actions of absence data and signals."""

from __future__ import annotations

READS = frozenset({"enrolment.list", "signal.list", "signal.read"})
WRITES = frozenset(
    {
        "absence.import",
        "absence_rule.save",
        "enrolment.contact_teacher",
        "signal.dismiss",
        "signal.concern",
    }
)
