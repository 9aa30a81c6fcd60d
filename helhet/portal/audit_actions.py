"""The access-log actions of the family and youth portal: a citizen's reads and writes."""

from __future__ import annotations

READS = frozenset(
    {
        "portal.access_log.read",
        "portal.case.read",
        "portal.consent.read",
        "portal.copy",
        "portal.log.read",
        "portal.meeting.ics",
        "portal.meetings.read",
        "portal.plan.read",
    }
)
WRITES = frozenset({"family_input.add", "help_request.create", "portal.sharing"})
