"""Writes for the relay. Each service is atomic, takes the actor, checks the rules that depend on
the data being written, and records the access log and the relay log in the same transaction.
"""

from __future__ import annotations

from helhet.cases.services.cases import case_change_level, case_close
from helhet.cases.services.concerns import concern_decide, concern_register
from helhet.cases.services.handovers import handover_accept, handover_propose, handover_reject
from helhet.cases.services.log import log_entry_add, log_entry_correct, log_entry_withhold
from helhet.cases.services.team import team_member_add, team_member_remove

__all__ = [
    "case_change_level",
    "case_close",
    "concern_decide",
    "concern_register",
    "handover_accept",
    "handover_propose",
    "handover_reject",
    "log_entry_add",
    "log_entry_correct",
    "log_entry_withhold",
    "team_member_add",
    "team_member_remove",
]
