"""Reads of the access log for the data protection officer. Always limited to the officer's own
municipality; the search itself is audited ("audit.search")."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from helhet.access import policy
from helhet.audit.actions import all_actions
from helhet.audit.models import AuditEvent
from helhet.audit.services import audit_record
from helhet.cases.models import Case
from helhet.core import clock
from helhet.people.models import Professional

PAGE_SIZE = 50


@dataclasses.dataclass(frozen=True)
class AuditFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor: Professional | None = None
    action: str = ""
    case_id: int | None = None

    def describe(self) -> str:
        """The filters as ids and dates, for the purpose of the search's own audit event."""
        parts = [
            f"from={self.date_from.isoformat()}" if self.date_from else "",
            f"to={self.date_to.isoformat()}" if self.date_to else "",
            f"actor={self.actor.pk}" if self.actor else "",
            f"action={self.action}" if self.action else "",
            f"case={self.case_id}" if self.case_id else "",
        ]
        return " ".join(p for p in parts if p)


def _officer(actor) -> Professional:
    if not policy.can_search_audit_log(actor):
        raise Http404
    return policy.actor_professional(actor)


def searchable_professionals(*, fetched_by) -> QuerySet[Professional]:
    officer = _officer(fetched_by)
    return (
        Professional.objects.filter(municipality_id=officer.municipality_id)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def searchable_actions(*, fetched_by) -> list[str]:
    _officer(fetched_by)  # only the data protection officer asks
    return sorted(all_actions())


def _own_case(officer: Professional, case_id: int | None) -> bool:
    return bool(
        case_id
        and Case.objects.filter(pk=case_id, municipality_id=officer.municipality_id).exists()
    )


def audit_search(*, fetched_by, filters: AuditFilters, page_number) -> Page:
    """One page (50) of the municipality's access log, newest first, matching every filter."""
    officer = _officer(fetched_by)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="audit.search",
            purpose=("data protection review " + filters.describe()).strip(),
            actor_role="data protection officer",
            municipality_id=officer.municipality_id,
            # A search for one of the municipality's cases shows in that case's access log too.
            case_id=filters.case_id if _own_case(officer, filters.case_id) else None,
        )
        events = AuditEvent.objects.filter(municipality_id=officer.municipality_id)
        if filters.date_from:
            # A range on the column itself (not its local date) lets PostgreSQL skip the months
            # outside it (partition pruning).
            events = events.filter(occurred_at__gte=clock.aware_start_of(filters.date_from))
        if filters.date_to:
            events = events.filter(
                occurred_at__lt=clock.aware_start_of(filters.date_to + datetime.timedelta(days=1))
            )
        if filters.actor:
            events = events.filter(actor_id=filters.actor.user_id)
        if filters.action:
            events = events.filter(action=filters.action)
        if filters.case_id:
            events = events.filter(case_id=filters.case_id)
        events = events.select_related("actor", "service").order_by("-occurred_at", "-pk")
        page = Paginator(events, PAGE_SIZE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page


def events_about_case(case: Case) -> QuerySet[AuditEvent]:
    """Every access-log event of one case, and the reads and writes of the child's own record
    that named no case (identity, guardians' contact details, e.g. the API's child read), newest
    first: what the coordinator's "who accessed this case" and the family's "who looked at our
    case" show. The caller has checked that its actor may see them."""
    return (
        AuditEvent.objects.filter(municipality_id=case.municipality_id)
        .filter(Q(case_id=case.pk) | Q(child_id=case.child_id, case_id__isnull=True))
        .select_related("actor", "service")
        .order_by("-occurred_at", "-pk")
    )
