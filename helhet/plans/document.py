"""The plan as a document: what the plan page, the plan's history and the PDF all show.

``build`` reads the plan from the database into plain data; ``PlanSnapshot.document`` stores that
data after each change, so the plan as it was on any date is shown by the same template as the
plan today. Stored documents hold codes and untranslated names; labels are translated when shown.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Prefetch

from helhet.plans.models import (
    Evaluation,
    GoalStatus,
    Measure,
    MeasureStatus,
    Plan,
    WhoseWords,
)

VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@dataclasses.dataclass(frozen=True)
class MeasureDoc:
    id: int
    description: str
    service: str
    responsible: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    frequency: str
    status: str

    @property
    def status_label(self) -> str:
        return MeasureStatus(self.status).label


@dataclasses.dataclass(frozen=True)
class GoalDoc:
    id: int
    area: str
    text: str
    whose_words: str
    responsible_service: str
    status: str
    measures: list[MeasureDoc]

    @property
    def status_label(self) -> str:
        return GoalStatus(self.status).label

    @property
    def whose_words_label(self) -> str:
        return WhoseWords(self.whose_words).label

    @property
    def in_childs_words(self) -> bool:
        return self.whose_words == WhoseWords.CHILD


@dataclasses.dataclass(frozen=True)
class EvaluationDoc:
    id: int
    evaluated_on: datetime.date
    worked: str
    did_not_work: str
    next_steps: str
    child_scale: int | None
    team_scale: int
    child_voice: str
    child_not_asked_reason: str
    is_final: bool
    recorded_by: str


@dataclasses.dataclass(frozen=True)
class PlanDocument:
    evaluation_due: datetime.date | None
    goals: list[GoalDoc]
    evaluations: list[EvaluationDoc]

    @property
    def is_empty(self) -> bool:
        return not self.goals and not self.evaluations


EMPTY = PlanDocument(evaluation_due=None, goals=[], evaluations=[])


def build(plan: Plan | None) -> dict:
    """The plan as plain, JSON-ready data, in a fixed number of queries."""
    if plan is None:
        return {"version": VERSION, "evaluation_due": None, "goals": [], "evaluations": []}
    goals = plan.goals.select_related("life_area", "responsible_service").prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.select_related("service", "responsible__user").order_by(
                "starts_on", "pk"
            ),
        )
    )
    evaluations = Evaluation.objects.filter(plan=plan).select_related("recorded_by__user")
    return {
        "version": VERSION,
        "evaluation_due": _iso(plan.evaluation_due),
        "goals": [
            {
                "id": goal.pk,
                "area": goal.life_area.name,
                "text": goal.text,
                "whose_words": goal.whose_words,
                "responsible_service": goal.responsible_service.name,
                "status": goal.status,
                "measures": [
                    {
                        "id": m.pk,
                        "description": m.description,
                        "service": m.service.name,
                        "responsible": str(m.responsible),
                        "starts_on": _iso(m.starts_on),
                        "ends_on": _iso(m.ends_on),
                        "frequency": m.frequency,
                        "status": m.status,
                    }
                    for m in goal.measures.all()
                ],
            }
            for goal in goals
        ],
        "evaluations": [
            {
                "id": e.pk,
                "evaluated_on": _iso(e.evaluated_on),
                "worked": e.worked,
                "did_not_work": e.did_not_work,
                "next_steps": e.next_steps,
                "child_scale": e.child_scale,
                "team_scale": e.team_scale,
                "child_voice": e.child_voice,
                "child_not_asked_reason": e.child_not_asked_reason,
                "is_final": e.is_final,
                "recorded_by": str(e.recorded_by),
            }
            for e in evaluations
        ],
    }


def parse(data: dict) -> PlanDocument:
    """A stored (or freshly built) document, with dates as dates, ready for a template."""
    return PlanDocument(
        evaluation_due=_date(data.get("evaluation_due")),
        goals=[
            GoalDoc(
                id=g["id"],
                area=g["area"],
                text=g["text"],
                whose_words=g["whose_words"],
                responsible_service=g["responsible_service"],
                status=g["status"],
                measures=[
                    MeasureDoc(
                        id=m["id"],
                        description=m["description"],
                        service=m["service"],
                        responsible=m["responsible"],
                        starts_on=_date(m["starts_on"]),
                        ends_on=_date(m["ends_on"]),
                        frequency=m["frequency"],
                        status=m["status"],
                    )
                    for m in g["measures"]
                ],
            )
            for g in data.get("goals", [])
        ],
        evaluations=[
            EvaluationDoc(
                **{
                    **e,
                    "evaluated_on": _date(e["evaluated_on"]),
                }
            )
            for e in data.get("evaluations", [])
        ],
    )
