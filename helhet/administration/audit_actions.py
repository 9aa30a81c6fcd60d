"""The access-log actions of municipal administration (people and settings, never a child)."""

from __future__ import annotations

READS = frozenset({"administration.professional.read"})
WRITES = frozenset(
    {
        "administration.invite",
        "administration.invitation.accept",
        "administration.membership",
        "administration.roles",
        "administration.deactivate",
        "administration.reactivate",
        "administration.profile",
    }
)
