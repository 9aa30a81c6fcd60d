"""The access-log actions of the REST API and its tokens."""

from __future__ import annotations

READS = frozenset({"api.list"})
WRITES = frozenset({"api.token.create", "api.token.revoke"})
