"""The access-log actions of consent and lawful bases (recorded by professionals, or given,
withdrawn and answered by the family in the portal)."""

from __future__ import annotations

READS: frozenset[str] = frozenset()
WRITES = frozenset(
    {
        "consent.decline",
        "consent.give",
        "consent.propose",
        "consent.propose_cancel",
        "consent.record",
        "consent.withdraw",
        "lawful_basis.record",
    }
)
