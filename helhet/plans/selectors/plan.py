"""Reads of the plan: the plan page, the plan on a given date, the overview on the case page and
the plan for print. Each read of the child's data is audited in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from helhet.access import policy
from helhet.cases.models import Case
from helhet.cases.selectors.case import case_read_record
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from helhet.plans import document
from helhet.plans.document import PlanDocument
from helhet.plans.models import (
    ONGOING_MEASURE,
    Evaluation,
    Goal,
    GoalStatus,
    Measure,
    Meeting,
    MeetingStatus,
    Plan,
    PlanSnapshot,
)
from helhet.tenancy.models import LifeArea
from helhet.tenancy.selectors import life_areas_of

FAR_FUTURE = datetime.date.max


@dataclasses.dataclass(frozen=True)
class OngoingMeasure:
    """A planned or running measure and the other services' measures running at the same time."""

    measure: Measure
    overlaps: list[Measure]
    running_today: bool
    # The measure's service is no longer covered by consent or a lawful basis (e.g. withdrawn):
    # the team should end the measure or ask the family again.
    not_covered: bool = False


@dataclasses.dataclass(frozen=True)
class PlanOverview:
    plan: Plan | None
    ongoing: list[OngoingMeasure]
    services_today: list[str]  # services with a measure running today, by name
    next_meeting: Meeting | None
    meetings_without_minutes: int
    active_goals: int

    @property
    def evaluation_due(self) -> datetime.date | None:
        return self.plan.evaluation_due if self.plan else None

    @property
    def evaluation_overdue(self) -> bool:
        due = self.evaluation_due
        return due is not None and due < clock.today()


def _period(m: Measure) -> tuple[datetime.date, datetime.date]:
    return m.starts_on, m.ends_on or FAR_FUTURE


def plan_overview(*, case: Case, covered: frozenset[int] | None = None) -> PlanOverview:
    """What the case page shows of the plan, in a fixed number of queries (audited by the page).

    ``covered``: the case's covered services, when the caller has them already (case_access)."""
    today = clock.today()
    plan = Plan.objects.filter(case=case).first()
    measures: list[Measure] = []
    active_goals = 0
    if plan is not None:
        measures = list(
            Measure.objects.filter(goal__plan=plan, status__in=ONGOING_MEASURE)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .select_related("service", "responsible__user", "goal__life_area")
            .order_by("starts_on", "service__name", "pk")
        )
        active_goals = plan.goals.filter(status=GoalStatus.ACTIVE).count()
    ongoing = []
    if covered is None:
        covered = policy.covered_service_ids(case) if measures else frozenset()
    for m in measures:
        start, end = _period(m)
        overlaps = [
            other
            for other in measures
            if other.service_id != m.service_id
            and _period(other)[0] <= end
            and start <= _period(other)[1]
        ]
        ongoing.append(
            OngoingMeasure(m, overlaps, start <= today <= end, m.service_id not in covered)
        )
    services_today = sorted({o.measure.service.name for o in ongoing if o.running_today})
    meetings = Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED)
    next_meeting = meetings.filter(starts_at__gte=clock.now()).order_by("starts_at", "pk").first()
    return PlanOverview(
        plan=plan,
        ongoing=ongoing,
        services_today=services_today,
        next_meeting=next_meeting,
        meetings_without_minutes=meetings.filter(starts_at__lt=clock.now()).count(),
        active_goals=active_goals,
    )


@dataclasses.dataclass(frozen=True)
class PlanPage:
    case: Case
    plan: Plan | None
    doc: PlanDocument
    overview: PlanOverview
    history: list[PlanSnapshot]  # without their documents, newest first


def plan_page(*, fetched_by, case: Case) -> PlanPage:
    """The plan today, its overview and the list of its changes. The caller checked access."""
    with transaction.atomic():
        overview = plan_overview(case=case)
        plan = overview.plan
        doc = document.parse(document.build(plan))
        history = []
        if plan is not None:
            history = list(
                PlanSnapshot.objects.filter(plan=plan)
                .defer("document")
                .select_related("taken_by__user")
                .order_by("-taken_at", "-pk")
            )
        case_read_record(read_by=fetched_by, case=case, purpose="plan")
    return PlanPage(case=case, plan=plan, doc=doc, overview=overview, history=history)


def plan_as_of(
    *, fetched_by, case: Case, on: datetime.date
) -> tuple[PlanDocument, PlanSnapshot | None]:
    """The plan as it stood at the end of ``on`` (the municipality's local day)."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    with transaction.atomic():
        snap = (
            PlanSnapshot.objects.filter(plan__case=case, taken_at__lte=end_of_day)
            .select_related("taken_by__user")
            .order_by("-taken_at", "-pk")
            .first()
        )
        case_read_record(read_by=fetched_by, case=case, purpose="plan history")
    return (document.parse(snap.document) if snap else document.EMPTY), snap


@dataclasses.dataclass(frozen=True)
class Covering:
    """What lets services share the case today: one consent or one lawful basis."""

    consent: Consent | None
    lawful_basis: LawfulBasis | None
    services: list[str]  # names, sorted


@dataclasses.dataclass(frozen=True)
class PlanPrintout:
    """The plan as a parent needs it on paper: the plan itself, the next meeting and evaluation,
    and which services may share the case and until when."""

    case: Case
    doc: PlanDocument
    plan_date: datetime.date  # the plan's last change (or today, without a plan)
    printed_on: datetime.date
    next_meeting: Meeting | None
    coverings: list[Covering]

    @property
    def filename(self) -> str:
        # A date, never a name or an id a stranger could tie to a child.
        return f"plan-{self.plan_date.isoformat()}.pdf"


def plan_printout(*, exported_by, case: Case) -> PlanPrintout:
    """The plan for the PDF (both doors); the export is audited as such."""
    today = clock.today()
    with transaction.atomic():
        plan = Plan.objects.filter(case=case).first()
        doc = document.parse(document.build(plan))
        last_change = (
            PlanSnapshot.objects.filter(plan=plan)
            .order_by("-taken_at", "-pk")
            .values_list("taken_at", flat=True)
            .first()
            if plan is not None
            else None
        )
        next_meeting = (
            Meeting.objects.filter(
                case=case, status=MeetingStatus.PLANNED, starts_at__gte=clock.now()
            )
            .order_by("starts_at", "pk")
            .first()
        )
        coverings = [
            Covering(consent, None, sorted(s.name for s in consent.services.all()))
            for consent in Consent.objects.filter(case=case, withdrawn_at__isnull=True)
            .prefetch_related("services")
            .order_by("valid_from", "pk")
            if consent.is_active_on(today)
        ] + [
            Covering(None, basis, sorted(s.name for s in basis.services.all()))
            for basis in LawfulBasis.objects.filter(case=case, ended_at__isnull=True)
            .prefetch_related("services")
            .order_by("recorded_at", "pk")
        ]
        case_read_record(read_by=exported_by, case=case, purpose="plan PDF", action="case.export")
    plan_date = timezone.localdate(last_change) if last_change else today
    return PlanPrintout(
        case=case,
        doc=doc,
        plan_date=plan_date,
        printed_on=today,
        next_meeting=next_meeting,
        coverings=coverings,
    )


# --- for the plan's forms ----------------------------------------------------------------------


def life_areas(*, case: Case) -> QuerySet[LifeArea]:
    return life_areas_of(case.municipality).order_by("position", "pk")


def plan_goal_or_404(*, case: Case, goal_pk: int) -> Goal:
    goal = (
        Goal.objects.filter(plan__case=case, pk=goal_pk)
        .select_related("plan", "life_area", "responsible_service")
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def active_goals(*, case: Case) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(plan__case=case, status=GoalStatus.ACTIVE)
        .select_related("life_area")
        .order_by("created_at", "pk")
    )


def plan_measure_or_404(*, case: Case, measure_pk: int) -> Measure:
    measure = (
        Measure.objects.filter(goal__plan__case=case, pk=measure_pk)
        .select_related("goal__plan", "service", "responsible__user")
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def goals_with_measures(*, case: Case) -> QuerySet[Goal]:
    return Goal.objects.filter(plan__case=case).prefetch_related(
        Prefetch("measures", queryset=Measure.objects.order_by("starts_on", "pk"))
    )


def measures_prefetch() -> Prefetch:
    """A goal's measures with their service and responsible person, in date order."""
    return Prefetch(
        "measures",
        queryset=Measure.objects.select_related("service", "responsible__user").order_by(
            "starts_on", "pk"
        ),
    )


def evaluations_of(case) -> QuerySet[Evaluation]:
    """The case's plan evaluations (the caller has the case from the access policy)."""
    return Evaluation.objects.filter(plan__case=case).select_related("recorded_by__user")


def measures_of(case) -> QuerySet[Measure]:
    """The measures of the case's plan (the caller has the case from the access policy)."""
    return Measure.objects.filter(goal__plan__case=case).select_related(
        "service", "responsible__user"
    )
