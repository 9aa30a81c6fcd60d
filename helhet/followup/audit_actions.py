"""The access-log actions of the follow-up register."""

from __future__ import annotations

READS = frozenset({"follow_up.list", "follow_up.read", "follow_up.count_export"})
WRITES = frozenset(
    {
        "follow_up.import",
        "follow_up.status",
        "follow_up.contact",
        "follow_up.measure",
        "follow_up.counsellor",
        "follow_up.concern",
    }
)
