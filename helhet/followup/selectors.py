"""Reads of the follow-up register: the list and one young person (recorded reads), and the
count by status at a date with small-number suppression (what a municipality reports)."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.suppression import Suppressed, suppress
from helhet.followup.models import FollowUp, FollowUpStatus, FollowUpStatusChange

LIST_LIMIT = 300


def follow_up_list(*, fetched_by, status: str = "") -> list[FollowUp]:
    follow_ups = policy.follow_ups_visible_to(fetched_by).select_related(
        "child", "service", "counsellor__user"
    )
    if status in FollowUpStatus.values:
        follow_ups = follow_ups.filter(status=status)
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        found = list(follow_ups.order_by("status", "since", "pk")[:LIST_LIMIT])
        if professional is not None:
            audit_record(
                actor=fetched_by,
                action="follow_up.list",
                purpose="follow-up",
                municipality_id=professional.municipality_id,
            )
    return found


@dataclasses.dataclass(frozen=True)
class FollowUpPage:
    follow_up: FollowUp
    contacts: list
    history: list
    measures: list


def follow_up_detail(*, fetched_by, pk: int) -> FollowUpPage:
    follow_up = policy.get_follow_up_or_404(fetched_by, pk)
    with transaction.atomic():
        contacts = list(follow_up.contacts.select_related("by__user"))
        history = list(follow_up.history.select_related("changed_by__user"))
        measures = list(follow_up.measures.select_related("by__user"))
        audit_record(
            actor=fetched_by,
            action="follow_up.read",
            purpose="follow-up",
            municipality_id=follow_up.service.municipality_id,
            service_id=follow_up.service_id,
            child_id=follow_up.child_id,
            obj=follow_up,
        )
    return FollowUpPage(follow_up, contacts, history, measures)


@dataclasses.dataclass(frozen=True)
class StatusCount:
    on: datetime.date
    rows: list[tuple[str, str, int | None]]  # (status, label, count or None: fewer than 5)
    total: int | None


def status_count(*, fetched_by, on: datetime.date) -> StatusCount:
    """How many young people of the actor's follow-up services had each status on ``on`` (their
    last status change on or before that day), suppressed: aggregates only, no cell below 5."""
    at_date = (
        FollowUpStatusChange.objects.filter(follow_up=OuterRef("pk"), changed_on__lte=on)
        .order_by("-changed_on", "-pk")
        .values("status")[:1]
    )
    statuses = (
        policy.follow_ups_visible_to(fetched_by)
        .filter(since__lte=on)
        .annotate(status_on=Subquery(at_date))
        .values_list("status_on", flat=True)
    )
    counts = dict.fromkeys(FollowUpStatus.values, 0)
    for status in statuses:
        if status in counts:
            counts[status] += 1
    shown: Suppressed = suppress(counts)
    return StatusCount(
        on=on,
        rows=[(s.value, s.label, shown.cells[s.value]) for s in FollowUpStatus],
        total=shown.total,
    )


COUNT_HEADER = ["date", "status", "young_people"]


def status_count_export(*, fetched_by, on: datetime.date) -> list[list]:
    """The count by status as the municipality reports it: one row per status code, an empty
    figure where it is suppressed. The export is recorded (who took which day's figures)."""
    count = status_count(fetched_by=fetched_by, on=on)
    rows = [[on.isoformat(), value, "" if n is None else n] for value, _label, n in count.rows]
    rows.append([on.isoformat(), "total", "" if count.total is None else count.total])
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="follow_up.count_export",
            purpose="national report",
            municipality_id=professional.municipality_id,
        )
    return rows
