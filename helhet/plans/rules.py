"""Rules of the plan that other parts of the relay ask about."""

from __future__ import annotations

from helhet.cases.models import Case
from helhet.people.models import Professional
from helhet.plans.models import ONGOING_MEASURE, Evaluation, Goal, Measure


def final_evaluation_missing(case: Case) -> bool:
    """A case with a plan closes with a final evaluation: the family and the team look back on
    what was achieved before the collaboration ends."""
    if not Goal.objects.filter(plan__case=case).exists():
        return False
    return not Evaluation.objects.filter(plan__case=case, is_final=True).exists()


def ongoing_measures_of(case: Case, professional: Professional) -> int:
    """How many planned or running measures of the case the professional answers for: someone
    who leaves the team hands them over first, so no measure is left without a responsible
    person who can see the case."""
    return Measure.objects.filter(
        goal__plan__case=case, responsible=professional, status__in=ONGOING_MEASURE
    ).count()
