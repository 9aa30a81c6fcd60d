"""What the data protection officer reads about retention: the rules and what they make due,
the runs, the legal holds and the archive of closed cases. Every read of a child's data is
written to the access log in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet

from helhet.access import policy
from helhet.cases.models import Case, LogEntry, TeamMember
from helhet.consent.models import Consent
from helhet.core import clock
from helhet.retention import rules
from helhet.retention.models import LegalHold, RetentionRun
from helhet.retention.services import officer_record

ARCHIVE_PAGE_SIZE = 25


@dataclasses.dataclass(frozen=True)
class Overview:
    municipality: object
    due: rules.Due
    runs: list[RetentionRun]
    holds: list[LegalHold]


def overview(*, fetched_by) -> Overview:
    """The rules, what a run would do today (counts, no names) and the last runs and holds."""
    officer = policy.archive_keeper_or_404(fetched_by)
    municipality = officer.municipality
    with transaction.atomic():  # the holds name children
        officer_record(fetched_by, officer, "archive.overview")
    return Overview(
        municipality=municipality,
        due=rules.due(municipality, now=clock.now()),
        runs=list(RetentionRun.objects.filter(municipality=municipality)[:10]),
        holds=list(
            policy.active_holds_visible_to(fetched_by).select_related("child", "placed_by__user")
        ),
    )


def archive_page(*, fetched_by, page_number) -> Page:
    """The archived cases, newest closed first; one read event for the list (names shown)."""
    officer = policy.archive_keeper_or_404(fetched_by)
    cases = (
        policy.archived_cases_visible_to(fetched_by)
        .select_related("child", "level")
        .order_by("-closed_at", "-pk")
    )
    page = Paginator(cases, ARCHIVE_PAGE_SIZE).get_page(page_number)
    with transaction.atomic():
        officer_record(fetched_by, officer, "archive.list")
    return page


def deleted_on(case: Case) -> datetime.date:
    days = case.municipality.case_deletion_days
    return (case.closed_at + datetime.timedelta(days=days)).date()


@dataclasses.dataclass(frozen=True)
class ArchivedCase:
    case: Case
    deleted_on: datetime.date
    hold: LegalHold | None
    team: QuerySet[TeamMember]
    consents: QuerySet[Consent]
    log: QuerySet[LogEntry]


def archived_case(*, fetched_by, pk: int) -> ArchivedCase:
    officer = policy.archive_keeper_or_404(fetched_by)
    case = policy.get_archived_case_or_404(fetched_by, pk)
    with transaction.atomic():
        officer_record(
            fetched_by, officer, "archive.read", child_id=case.child_id, case_id=case.pk, obj=case
        )
    return ArchivedCase(
        case=case,
        deleted_on=deleted_on(case),
        hold=LegalHold.objects.filter(child_id=case.child_id, lifted_at__isnull=True).first(),
        team=TeamMember.objects.filter(case=case).select_related("professional__user", "service"),
        consents=Consent.objects.filter(case=case).prefetch_related("services"),
        log=LogEntry.objects.filter(case=case).select_related("author__user", "service"),
    )
