"""The access-log actions of absence data and signals."""

from __future__ import annotations

READS = frozenset({"signal.list", "signal.read"})
WRITES = frozenset({"absence.import", "absence_rule.save", "signal.dismiss", "signal.concern"})
