"""The access-log actions of retention: the runs' archiving and deletion (opaque ids only), the
data protection officer's legal holds and reading of the archive."""

from __future__ import annotations

READS = frozenset({"archive.overview", "archive.list", "archive.read"})
WRITES = frozenset(
    {
        "retention.run",
        "retention.case_archive",
        "retention.case_delete",
        "retention.concern_delete",
        "retention.child_delete",
        "retention.hold_place",
        "retention.hold_lift",
    }
)
