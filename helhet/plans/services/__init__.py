"""Writes for the plan and the meetings. Each service is atomic, takes the actor, locks the case
(refusing a stale form or a closed case), checks the rules that depend on the data, and writes
the relay log, the access log, a plan snapshot and the due tasks in the same transaction.
"""

from __future__ import annotations

from helhet.plans.services.common import values_of
from helhet.plans.services.evaluations import (
    EVALUATION_FIELDS,
    evaluation_record,
    evaluation_schedule,
)
from helhet.plans.services.goals import GOAL_CHANGE_FIELDS, GOAL_FIELDS, goal_add, goal_change
from helhet.plans.services.measures import MEASURE_FIELDS, measure_add, measure_change
from helhet.plans.services.meetings import (
    DecisionInput,
    meeting_cancel,
    meeting_plan,
    meeting_record,
)

__all__ = [
    "EVALUATION_FIELDS",
    "GOAL_CHANGE_FIELDS",
    "GOAL_FIELDS",
    "MEASURE_FIELDS",
    "DecisionInput",
    "evaluation_record",
    "evaluation_schedule",
    "goal_add",
    "goal_change",
    "measure_add",
    "measure_change",
    "meeting_cancel",
    "meeting_plan",
    "meeting_record",
    "values_of",
]
