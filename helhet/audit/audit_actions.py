"""The access log's own actions: its search, and the Django admin (helhet.audit.admin)."""

from __future__ import annotations

READS = frozenset({"audit.search", "admin.list", "admin.read"})
WRITES = frozenset({"admin.action", "admin.change", "admin.create", "admin.delete"})
