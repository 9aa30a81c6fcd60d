"""Measures: what a service does towards a goal, who answers for it, from when, until when or
how often. Measures of several services running at the same time are shown side by side."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText, choice
from helhet.cases.services.common import lock_case, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import FREQUENCY, TEXT, check_text
from helhet.directory.models import Service
from helhet.people.models import Professional
from helhet.plans.models import Goal, GoalStatus, Measure, MeasureStatus
from helhet.plans.services.common import (
    covered_service_or_error,
    plan_changed,
    team_member_or_error,
)

# What a person writes about a measure (``measure_add`` and ``measure_change``).
MEASURE_FIELDS = (
    "description",
    "service",
    "responsible",
    "starts_on",
    "ends_on",
    "frequency",
    "status",
)


def check_measure(
    case,
    *,
    description: str,
    service: Service,
    responsible: Professional,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    frequency: str,
    status: str,
) -> None:
    if not description.strip():
        raise DomainError(_("Describe what will be done."), field="description")
    check_text(description, limit=TEXT, field="description")
    check_text(frequency, limit=FREQUENCY, field="frequency")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The measure cannot end before it starts."), field="ends_on")
    if ends_on is None and not frequency.strip():
        raise DomainError(
            _("Give an end date, or how often the measure takes place."), field="ends_on"
        )
    if status not in MeasureStatus.values:
        raise DomainError(_("Choose the measure's status."), field="status")
    covered_service_or_error(case, service, field="service")
    team_member_or_error(case, responsible, field="responsible")


@transaction.atomic
def measure_add(
    *,
    goal: Goal,
    added_by,
    description: str,
    service: Service,
    responsible: Professional,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    frequency: str = "",
    status: str = MeasureStatus.PLANNED,
    expected_version: int | None = None,
) -> Measure:
    professional = professional_or_error(added_by)
    case = lock_case(goal.plan.case, expected_version=expected_version)
    if goal.status != GoalStatus.ACTIVE:
        raise DomainError(_("The goal is no longer active; measures are added to active goals."))
    check_measure(
        case,
        description=description,
        service=service,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        frequency=frequency,
        status=status,
    )
    measure = Measure.objects.create(
        goal=goal,
        description=description.strip(),
        service=service,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        frequency=frequency.strip(),
        status=status,
        created_at=clock.now(),
        created_by=professional,
    )
    plan_changed(
        case,
        goal.plan,
        actor=added_by,
        professional=professional,
        change="measure.add",
        obj=measure,
        text=LogText(
            gettext_noop("New measure (%(service)s, %(name)s): %(text)s"),
            {"service": service.name, "name": str(responsible), "text": measure.description},
        ),
    )
    return measure


@transaction.atomic
def measure_change(
    *,
    measure: Measure,
    changed_by,
    description: str,
    service: Service,
    responsible: Professional,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    frequency: str,
    status: str,
    expected_version: int | None = None,
) -> Measure:
    professional = professional_or_error(changed_by)
    plan = measure.goal.plan
    case = lock_case(plan.case, expected_version=expected_version)
    check_measure(
        case,
        description=description,
        service=service,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        frequency=frequency,
        status=status,
    )
    old_status = measure.status
    measure.description = description.strip()
    measure.service = service
    measure.responsible = responsible
    measure.starts_on = starts_on
    measure.ends_on = ends_on
    measure.frequency = frequency.strip()
    measure.status = status
    measure.save()
    if status != old_status:
        text = LogText(
            gettext_noop("Measure %(status)s: %(text)s"),
            {"status": choice(MeasureStatus, status, lower=True), "text": measure.description},
        )
    else:
        text = LogText(gettext_noop("Measure changed: %(text)s"), {"text": measure.description})
    plan_changed(
        case,
        plan,
        actor=changed_by,
        professional=professional,
        change="measure.change",
        obj=measure,
        text=text,
    )
    return measure
