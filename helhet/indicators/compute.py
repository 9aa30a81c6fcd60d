"""Count every indicator of one municipality from the data, per service and month (the
refresh; ADR 0022). Each function yields ``(service_id, month, key, n)``: one grouped query, or a
stream of two or three columns folded here (medians need each case's days). No person leaves
this module: only counts."""

from __future__ import annotations

import collections
import datetime
import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from helhet.cases.models import (
    Case,
    CaseStatus,
    Concern,
    ConcernStatus,
    Handover,
    HandoverStatus,
    TeamMember,
)
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from helhet.indicators.models import IndicatorCount, IndicatorRefresh
from helhet.plans.models import Evaluation, Goal, Meeting, MeetingStatus, Plan, WhoseWords
from helhet.portal.models import HelpRequest
from helhet.reminders.models import Task
from helhet.signals.models import Signal

Row = tuple[int, datetime.date, str, int]


def _month(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment).replace(day=1)


def _folded(items: Iterable[tuple[int, datetime.date, str]]) -> Iterable[Row]:
    counts = collections.Counter(items)
    for (service_id, month, key), n in counts.items():
        yield service_id, month, key, n


def concerns_registered(municipality) -> Iterable[Row]:
    rows = (
        Concern.objects.filter(municipality=municipality)
        .annotate(m=TruncMonth("registered_at"))
        .values_list("service_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for service_id, month, n in rows:
        yield service_id, _as_date(month), "", n


def age_at_first_concern(municipality) -> Iterable[Row]:
    first = Concern.objects.filter(child_id=OuterRef("child_id")).order_by("registered_at", "pk")
    rows = (
        Concern.objects.filter(municipality=municipality, pk=Subquery(first.values("pk")[:1]))
        .values_list("service_id", "registered_at", "child__date_of_birth")
        .order_by()
    )
    return _folded(
        (service_id, _month(at), str(_years(born, timezone.localdate(at))))
        for service_id, at, born in rows
    )


def _decided(municipality):
    return (
        Concern.objects.filter(municipality=municipality, decided_at__isnull=False)
        .values_list("service_id", "registered_at", "decided_at", "decision_due", "status")
        .order_by()
    )


def decided_within_deadline(municipality) -> Iterable[Row]:
    return _folded(
        (service_id, _month(decided), "yes" if timezone.localdate(decided) <= due else "no")
        for service_id, _registered, decided, due, _status in _decided(municipality)
    )


def days_to_decision(municipality) -> Iterable[Row]:
    return _folded(
        (
            service_id,
            _month(decided),
            str((timezone.localdate(decided) - timezone.localdate(registered)).days),
        )
        for service_id, registered, decided, _due, _status in _decided(municipality)
    )


def decision_outcomes(municipality) -> Iterable[Row]:
    return _folded(
        (service_id, _month(decided), status)
        for service_id, _registered, decided, _due, status in _decided(municipality)
        if status != ConcernStatus.OPEN
    )


def days_to_first_plan(municipality) -> Iterable[Row]:
    rows = (
        Plan.objects.filter(case__municipality=municipality)
        .values_list("case__origin_service_id", "case__opened_at", "created_at")
        .order_by()
    )
    return _folded(
        (
            service_id,
            _month(created),
            str(max(0, (timezone.localdate(created) - timezone.localdate(opened)).days)),
        )
        for service_id, opened, created in rows
    )


def goals_in_childs_words(municipality) -> Iterable[Row]:
    rows = (
        Goal.objects.filter(plan__case__municipality=municipality)
        .values_list("plan__case__origin_service_id", "created_at", "whose_words")
        .order_by()
    )
    return _folded(
        (service_id, _month(created), "yes" if whose == WhoseWords.CHILD else "no")
        for service_id, created, whose in rows
    )


def _answered(municipality):
    return (
        Handover.objects.filter(
            case__municipality=municipality,
            status__in=[HandoverStatus.ACCEPTED, HandoverStatus.REJECTED],
            answered_at__isnull=False,
        )
        .values_list("to_service_id", "proposed_at", "answered_at", "status")
        .order_by()
    )


def handover_answers(municipality) -> Iterable[Row]:
    return _folded(
        (service_id, _month(answered), status)
        for service_id, _proposed, answered, status in _answered(municipality)
    )


def handover_days(municipality) -> Iterable[Row]:
    return _folded(
        (
            service_id,
            _month(answered),
            str((timezone.localdate(answered) - timezone.localdate(proposed)).days),
        )
        for service_id, proposed, answered, _status in _answered(municipality)
    )


def signals_to_concern(municipality) -> Iterable[Row]:
    rows = (
        Signal.objects.filter(school__municipality=municipality)
        .values_list("school_id", "raised_at", "concern_id")
        .order_by()
    )
    return _folded(
        (school_id, _month(raised), "yes" if concern_id else "no")
        for school_id, raised, concern_id in rows
    )


def evaluations_with_childs_voice(municipality) -> Iterable[Row]:
    rows = (
        Evaluation.objects.filter(plan__case__municipality=municipality)
        .values_list("plan__case__origin_service_id", "recorded_at", "child_voice")
        .order_by()
    )
    return _folded(
        (service_id, _month(recorded), "yes" if voice.strip() else "no")
        for service_id, recorded, voice in rows
    )


def meetings_with_childs_voice(municipality) -> Iterable[Row]:
    rows = (
        Meeting.objects.filter(case__municipality=municipality, status=MeetingStatus.HELD)
        .values_list("case__origin_service_id", "starts_at", "child_voice")
        .order_by()
    )
    return _folded(
        (service_id, _month(starts), "yes" if voice.strip() else "no")
        for service_id, starts, voice in rows
    )


def consents_withdrawn(municipality) -> Iterable[Row]:
    rows = (
        Consent.objects.filter(municipality=municipality, withdrawn_at__isnull=False)
        .values_list("case__origin_service_id", "withdrawn_at")
        .order_by()
    )
    return _folded((service_id, _month(withdrawn), "") for service_id, withdrawn in rows)


def cases_by_level(municipality) -> Iterable[Row]:
    rows = (
        Case.objects.filter(municipality=municipality)
        .values_list("origin_service_id", "opened_at", "level__number")
        .order_by()
    )
    return _folded((service_id, _month(opened), str(level)) for service_id, opened, level in rows)


def evaluations_on_time(municipality) -> Iterable[Row]:
    """Per due date: an evaluation recorded for it (on time or late), or a date passed with none
    yet (an open case's). An evaluation of a plan that had no date set is left out."""
    today = clock.today()
    recorded = (
        Evaluation.objects.filter(plan__case__municipality=municipality, due_on__isnull=False)
        .values_list("plan__case__origin_service_id", "due_on", "evaluated_on")
        .order_by()
    )
    waiting = (
        Plan.objects.filter(
            case__municipality=municipality,
            case__status=CaseStatus.OPEN,
            evaluation_due__lt=today,
        )
        .values_list("case__origin_service_id", "evaluation_due")
        .order_by()
    )
    items = [
        (service_id, due.replace(day=1), "yes" if evaluated <= due else "no")
        for service_id, due, evaluated in recorded
    ]
    items += [(service_id, due.replace(day=1), "no") for service_id, due in waiting]
    return _folded(items)


def services_per_case(municipality) -> Iterable[Row]:
    """How many services have been in each case's team (anyone who ever joined)."""
    rows = (
        TeamMember.objects.filter(case__municipality=municipality)
        .values_list("case_id", "case__origin_service_id", "case__opened_at", "service_id")
        .order_by()
    )
    cases: dict[int, tuple[int, datetime.datetime, set[int]]] = {}
    for case_id, service_id, opened, member_service_id in rows:
        cases.setdefault(case_id, (service_id, opened, set()))[2].add(member_service_id)
    return _folded(
        (service_id, _month(opened), str(len(services)))
        for service_id, opened, services in cases.values()
    )


def lawful_basis_sharing(municipality) -> Iterable[Row]:
    rows = (
        LawfulBasis.objects.filter(municipality=municipality)
        .values_list("case__origin_service_id", "recorded_at", "kind")
        .order_by()
    )
    return _folded((service_id, _month(recorded), kind) for service_id, recorded, kind in rows)


def tasks_overdue(municipality) -> Iterable[Row]:
    """Per task that is settled: done after its due date or still open after it ("yes"), or
    done in time ("no"), counted in the month it was due, at the service of what it is about.
    An open task not yet past its date is left out."""
    today = clock.today()
    rows = (
        Task.objects.filter(municipality=municipality)
        .filter(Q(due_on__lt=today) | Q(done_at__isnull=False))
        .values_list(
            "case__origin_service_id",
            "concern__service_id",
            "follow_up__service_id",
            "pathway_step__pathway__case__origin_service_id",
            "pathway_step__pathway__concern__service_id",
            "pathway_step__pathway__signal__school_id",
            "due_on",
            "done_at",
        )
        .order_by()
    )
    items = []
    for *services, due, done in rows:
        service_id = next((s for s in services if s is not None), None)
        if service_id is None:
            continue
        late = done is None or timezone.localdate(done) > due
        items.append((service_id, due.replace(day=1), "yes" if late else "no"))
    return _folded(items)


def help_requests(municipality) -> Iterable[Row]:
    """Families' own requests for help in the portal, by who asked, at the service that got it."""
    rows = (
        HelpRequest.objects.filter(municipality=municipality)
        .values_list("concern__service_id", "submitted_at", "role")
        .order_by()
    )
    return _folded((service_id, _month(submitted), role) for service_id, submitted, role in rows)


COMPUTE = {
    "concerns_registered": concerns_registered,
    "age_at_first_concern": age_at_first_concern,
    "decided_within_deadline": decided_within_deadline,
    "days_to_decision": days_to_decision,
    "decision_outcomes": decision_outcomes,
    "days_to_first_plan": days_to_first_plan,
    "goals_in_childs_words": goals_in_childs_words,
    "handover_answers": handover_answers,
    "handover_days": handover_days,
    "signals_to_concern": signals_to_concern,
    "evaluations_with_childs_voice": evaluations_with_childs_voice,
    "meetings_with_childs_voice": meetings_with_childs_voice,
    "consents_withdrawn": consents_withdrawn,
    "cases_by_level": cases_by_level,
    "evaluations_on_time": evaluations_on_time,
    "services_per_case": services_per_case,
    "lawful_basis_sharing": lawful_basis_sharing,
    "tasks_overdue": tasks_overdue,
    "help_requests": help_requests,
}


def _years(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _as_date(value) -> datetime.date:
    # TruncMonth answers a datetime on PostgreSQL, a date or text on SQLite.
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def refresh(municipality) -> IndicatorRefresh:
    """Rewrite the municipality's counts in one transaction: a dashboard reads the old figures or
    the new ones, never half of each. Idempotent."""
    started = time.perf_counter()
    rows = [
        IndicatorCount(
            municipality=municipality,
            service_id=service_id,
            month=month,
            code=code,
            key=key,
            n=n,
        )
        for code, count in COMPUTE.items()
        for service_id, month, key, n in count(municipality)
    ]
    with transaction.atomic():
        IndicatorCount.objects.filter(municipality=municipality).delete()
        IndicatorCount.objects.bulk_create(rows, batch_size=5000)
        record, _created = IndicatorRefresh.objects.update_or_create(
            municipality=municipality,
            defaults={
                "refreshed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
                "rows": len(rows),
            },
        )
    return record
