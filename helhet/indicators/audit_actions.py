"""The access-log actions of the indicators (figures only: the exports are recorded)."""

from __future__ import annotations

READS = frozenset({"indicators.export"})
WRITES = frozenset(
    {
        "indicators.self_assessment",
        "network.join",
        "network.leave",
        "research.propose",
        "research.approve",
        "research.extract",
        "research.end",
    }
)
