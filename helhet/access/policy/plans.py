"""Access rules for the plan, meetings and their printouts.

The plan belongs to the case: whoever may see the case may read its plan, its meetings and print
them; the active team (the same people) works on the plan while the case is open.
"""

from __future__ import annotations

from helhet.access.policy.cases import case_access
from helhet.cases.models import Case


def can_work_on_plan(actor, case: Case) -> bool:
    """Add and change goals and measures, plan meetings, record minutes and evaluations."""
    return case_access(actor, case).work_on_plan


def can_export_plan(actor, case: Case) -> bool:
    """Download the plan or a meeting summary as PDF (open or closed case)."""
    return case_access(actor, case).export_plan
