"""The access-log actions of tasks and reminder e-mails."""

from __future__ import annotations

READS: frozenset[str] = frozenset()
WRITES = frozenset({"task.complete", "task.email_retry"})
