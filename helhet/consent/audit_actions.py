"""The access-log actions of consent and lawful bases."""

from __future__ import annotations

READS: frozenset[str] = frozenset()
WRITES = frozenset({"consent.record", "consent.withdraw", "lawful_basis.record"})
