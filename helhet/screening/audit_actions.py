"""The access-log actions of wellbeing screening."""

from __future__ import annotations

READS = frozenset({"screening.group.read", "screening.round.read", "screening.overview_export"})
WRITES = frozenset(
    {
        "screening.import",
        "screening.group.create",
        "screening.group.child_add",
        "screening.group.child_remove",
        "screening.group.staff",
        "screening.round.open",
        "screening.ratings",
        "screening.parents_informed",
        "screening.talk",
        "screening.concern",
        "screening.round.close",
    }
)
