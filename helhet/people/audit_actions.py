"""The access-log actions of registering children and their network."""

from __future__ import annotations

READS: frozenset[str] = frozenset()
WRITES = frozenset({"child.create", "child.national_id_add", "network.create"})
