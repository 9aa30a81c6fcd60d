"""What the retention rules make due in one municipality (docs/retention.md): read-only, so that
a dry run and the real run work from the same answer."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Exists, OuterRef

from helhet.cases.models import Case, CaseStatus, Concern, ConcernStatus
from helhet.followup.models import FollowUp
from helhet.people.models import Child
from helhet.portal.models import HelpRequest
from helhet.retention.models import LegalHold
from helhet.screening.models import GroupChild, RoundChild
from helhet.signals.models import Enrolment
from helhet.tenancy.models import Municipality


@dataclasses.dataclass(frozen=True)
class Due:
    """Ids only: what one run would archive and delete, in the order it does it."""

    cases_to_archive: list[int]
    cases_to_delete: list[int]
    concerns_to_delete: list[int]
    children_to_delete: list[int]

    @property
    def empty(self) -> bool:
        return not any(dataclasses.asdict(self).values())


def held_child_ids(municipality: Municipality):
    return LegalHold.objects.filter(municipality=municipality, lifted_at__isnull=True).values(
        "child_id"
    )


def due(municipality: Municipality, *, now: datetime.datetime) -> Due:
    held = held_child_ids(municipality)
    closed = Case.objects.filter(municipality=municipality, status=CaseStatus.CLOSED).exclude(
        child_id__in=held
    )
    archive_before = now - datetime.timedelta(days=municipality.case_archive_days)
    delete_before = now - datetime.timedelta(days=municipality.case_deletion_days)
    # A case due for deletion that was never archived (the rules changed, or runs were missed)
    # is deleted all the same: the archive is a step before deletion, not a condition.
    cases_to_delete = list(
        closed.filter(closed_at__lte=delete_before).order_by("pk").values_list("pk", flat=True)
    )
    cases_to_archive = list(
        closed.filter(closed_at__lte=archive_before, archived_at__isnull=True)
        .exclude(pk__in=cases_to_delete)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    concern_before = now - datetime.timedelta(days=municipality.concern_retention_days)
    concerns_to_delete = list(
        Concern.objects.filter(
            municipality=municipality,
            status=ConcernStatus.CLOSED,
            case__isnull=True,
            decided_at__lte=concern_before,
        )
        .exclude(child_id__in=held)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    children_to_delete = _children_left_without_anything(
        municipality,
        held=held,
        gone_cases=cases_to_delete,
        gone_concerns=concerns_to_delete,
        created_before=now - datetime.timedelta(days=municipality.record_deletion_days),
    )
    return Due(cases_to_archive, cases_to_delete, concerns_to_delete, children_to_delete)


def left_without_anything(municipality, *, child_pk: int, now: datetime.datetime) -> bool:
    """The rule for one child, asked again just before it is deleted."""
    created_before = now - datetime.timedelta(days=municipality.record_deletion_days)
    return bool(
        _children_left_without_anything(
            municipality,
            held=held_child_ids(municipality),
            gone_cases=[],
            gone_concerns=[],
            created_before=created_before,
            only=child_pk,
        )
    )


def _children_left_without_anything(
    municipality, *, held, gone_cases, gone_concerns, created_before, only: int | None = None
) -> list[int]:
    """Children (with their guardians) that nothing is left of once this run has deleted
    ``gone_cases`` and ``gone_concerns``: no case or concern, no help request from the family,
    no follow-up outside school, no school enrolment, no screening group or round."""

    def has(model, **extra):
        return Exists(model.objects.filter(child_id=OuterRef("pk"), **extra))

    remaining_cases = Case.objects.filter(child_id=OuterRef("pk")).exclude(pk__in=gone_cases)
    # A concern that led to a case goes with that case, and a help request with its concern.
    gone_concerns = [
        *gone_concerns,
        *Concern.objects.filter(case_id__in=gone_cases).values_list("pk", flat=True),
    ]
    remaining_concerns = Concern.objects.filter(child_id=OuterRef("pk")).exclude(
        pk__in=gone_concerns
    )
    remaining_requests = HelpRequest.objects.filter(child_id=OuterRef("pk")).exclude(
        concern_id__in=gone_concerns
    )
    children = Child.objects.filter(municipality=municipality, created_at__lte=created_before)
    if only is not None:
        children = children.filter(pk=only)
    return list(
        children.exclude(pk__in=held)
        .filter(
            ~Exists(remaining_cases),
            ~Exists(remaining_concerns),
            ~Exists(remaining_requests),
            ~has(FollowUp),
            ~has(Enrolment),
            ~has(GroupChild),
            ~has(RoundChild),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
