"""The leader group's self-assessment of the six areas: its history per area, and as rows."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db import transaction
from django.http import Http404

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.indicators.definitions import (
    STATEMENTS,
    Area,
)
from helhet.indicators.models import (
    SelfAssessment,
)


@dataclasses.dataclass(frozen=True)
class AssessedPeriod:
    year: int
    half: str
    average: float
    scores: list[tuple[str, int, str]]  # (statement text, score, note)
    recorded_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class AreaAssessment:
    area: str
    label: str
    history: list[AssessedPeriod]  # newest first

    @property
    def latest(self) -> AssessedPeriod | None:
        return self.history[0] if self.history else None


def self_assessments(*, fetched_by) -> list[AreaAssessment]:
    """The municipality's self-assessments per area, newest first (two queries, any history)."""
    if not policy.indicator_services(fetched_by).exists():
        raise Http404
    professional = policy.actor_professional(fetched_by)
    assessments = list(
        SelfAssessment.objects.filter(municipality_id=professional.municipality_id)
        .prefetch_related("scores")
        .order_by("area", "-year", "-half")
    )
    texts = {code: text for statements in STATEMENTS.values() for code, text in statements}
    by_area: dict[str, list[AssessedPeriod]] = defaultdict(list)
    for assessment in assessments:
        scores = sorted(assessment.scores.all(), key=lambda s: s.pk)
        by_area[assessment.area].append(
            AssessedPeriod(
                assessment.year,
                assessment.half,
                round(sum(s.score for s in scores) / len(scores), 1) if scores else 0,
                [(texts.get(s.statement, s.statement), s.score, s.note) for s in scores],
                assessment.recorded_at,
            )
        )
    return [AreaAssessment(value, label, by_area.get(value, [])) for value, label in Area.choices]


SELF_ASSESSMENT_HEADER = ["area", "year", "half", "statement", "score", "note"]


def self_assessment_export(*, fetched_by) -> list[list]:
    """Every recorded self-assessment as rows (codes; the notes as written), recorded."""
    areas = self_assessments(fetched_by=fetched_by)
    codes = {text: code for statements in STATEMENTS.values() for code, text in statements}
    rows = [
        [area.area, period.year, period.half, codes.get(text, text), score, note]
        for area in areas
        for period in reversed(area.history)
        for text, score, note in period.scores
    ]
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="indicators.export",
            purpose="self-assessment",
            municipality_id=professional.municipality_id,
        )
    return rows
