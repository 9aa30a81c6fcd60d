"""Reads of the portal. Each takes the citizen's access object (``access_portal_case``) and
records the read in the access log, with the citizen as actor, in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from helhet.access.policy.portal import PortalCaseAccess
from helhet.audit.models import AuditEvent
from helhet.audit.selectors import events_about_case
from helhet.cases.models import LogEntry, TeamMember
from helhet.consent.models import Consent, ConsentProposal, ProposalStatus
from helhet.core import clock
from helhet.directory.models import Service
from helhet.plans import document
from helhet.plans.models import Meeting, MeetingStatus, Plan
from helhet.portal.models import FamilyInput, HelpRequest, PortalVisit
from helhet.portal.services.audit import audit_portal
from helhet.portal.session import Citizen
from helhet.tenancy.models import Municipality

WHO_LOOKED_PAGE = 50
LOG_PAGE = 50


@dataclasses.dataclass(frozen=True)
class CaseSummary:
    """One case on the portal's home page."""

    access: PortalCaseAccess
    news: int  # log entries since the last visit
    proposal: ConsentProposal | None


def visible_log(access: PortalCaseAccess) -> QuerySet[LogEntry]:
    """The case's log as this citizen may read it: without the entries withheld from the
    guardians, unless the reader is the young person."""
    entries = LogEntry.objects.filter(case=access.case)
    if not access.sees_withheld_entries:
        entries = entries.filter(withholding__isnull=True)
    return entries


def _pending_proposal(access: PortalCaseAccess) -> ConsentProposal | None:
    if not access.consent:
        return None
    return (
        ConsentProposal.objects.filter(case=access.case, status=ProposalStatus.PENDING)
        .prefetch_related("services")
        .first()
    )


def portal_home(*, citizen: Citizen, accesses: list[PortalCaseAccess]) -> list[CaseSummary]:
    """The citizen's cases with what is new since their last visit (no read of the case's
    content, so nothing to audit here: the list shows the child's first name and the level)."""
    seen = dict(
        PortalVisit.objects.filter(
            citizen_key=citizen.key, case_id__in=[a.case.pk for a in accesses]
        ).values_list("case_id", "seen_at")
    )
    summaries = []
    for access in accesses:
        entries = visible_log(access) if access.log else LogEntry.objects.none()
        since = seen.get(access.case.pk)
        news = entries.filter(created_at__gt=since).count() if since else entries.count()
        summaries.append(CaseSummary(access, news, _pending_proposal(access)))
    return summaries


def _visit(citizen: Citizen, access: PortalCaseAccess) -> datetime.datetime | None:
    """Record this visit; return when the citizen last looked before it."""
    visit = PortalVisit.objects.filter(citizen_key=citizen.key, case=access.case).first()
    now = clock.now()
    if visit is None:
        PortalVisit.objects.create(citizen_key=citizen.key, case=access.case, seen_at=now)
        return None
    previous = visit.seen_at
    PortalVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    return previous


@dataclasses.dataclass(frozen=True)
class CaseOverview:
    access: PortalCaseAccess
    team: list[TeamMember]
    next_meeting: Meeting | None
    evaluation_due: datetime.date | None
    proposal: ConsentProposal | None
    last_visit: datetime.datetime | None
    news: list[LogEntry]


def case_overview(*, citizen: Citizen, access: PortalCaseAccess) -> CaseOverview:
    case = access.case
    with transaction.atomic():
        last_visit = _visit(citizen, access)
        team = list(
            TeamMember.objects.filter(case=case, left_at__isnull=True)
            .select_related("professional__user", "service")
            .order_by("joined_at", "pk")
        )
        next_meeting = (
            Meeting.objects.filter(
                case=case, status=MeetingStatus.PLANNED, starts_at__gte=clock.now()
            )
            .order_by("starts_at")
            .first()
            if access.meetings
            else None
        )
        plan = Plan.objects.filter(case=case).first() if access.plan else None
        news = []
        if access.log and last_visit is not None:
            news = list(
                visible_log(access)
                .filter(created_at__gt=last_visit)
                .select_related("author__user", "service")
                .order_by("-created_at", "-pk")[:10]
            )
        audit_portal(access, "portal.case.read")
    return CaseOverview(
        access=access,
        team=team,
        next_meeting=next_meeting,
        evaluation_due=plan.evaluation_due if plan else None,
        proposal=_pending_proposal(access),
        last_visit=last_visit,
        news=news,
    )


def case_plan(*, access: PortalCaseAccess) -> document.PlanDocument:
    with transaction.atomic():
        plan = Plan.objects.filter(case=access.case).first()
        doc = document.parse(document.build(plan))
        audit_portal(access, "portal.plan.read")
    return doc


def case_meetings(*, access: PortalCaseAccess) -> list[Meeting]:
    with transaction.atomic():
        meetings = list(
            Meeting.objects.filter(case=access.case)
            .exclude(status=MeetingStatus.CANCELLED)
            .prefetch_related(
                Prefetch(
                    "family_inputs",
                    queryset=FamilyInput.objects.filter(role=access.role).order_by("pk"),
                )
            )
            .order_by("-starts_at")
        )
        audit_portal(access, "portal.meetings.read")
    return meetings


def case_meeting(*, access: PortalCaseAccess, meeting_pk: int) -> Meeting | None:
    """One meeting for its calendar file (audited as such)."""
    with transaction.atomic():
        meeting = (
            Meeting.objects.filter(case=access.case, pk=meeting_pk)
            .exclude(status=MeetingStatus.CANCELLED)
            .first()
        )
        if meeting is not None:
            audit_portal(access, "portal.meeting.ics", obj=meeting)
    return meeting


def case_log(*, access: PortalCaseAccess, page_number) -> Page:
    with transaction.atomic():
        entries = (
            visible_log(access)
            .select_related("author__user", "service")
            .order_by("-created_at", "-pk")
        )
        page = Paginator(entries, LOG_PAGE).get_page(page_number)
        page.object_list = list(page.object_list)
        audit_portal(access, "portal.log.read")
    return page


def who_looked(*, access: PortalCaseAccess, page_number) -> Page:
    """Every access-log event of the case and of the child's own record, newest first: domain
    rule 6. Reading it is itself recorded (and shows as the first row)."""
    with transaction.atomic():
        audit_portal(access, "portal.access_log.read")
        events: QuerySet[AuditEvent] = events_about_case(access.case)
        page = Paginator(events, WHO_LOOKED_PAGE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page


@dataclasses.dataclass(frozen=True)
class ConsentPage:
    active: list[Consent]
    ended: list[Consent]
    proposal: ConsentProposal | None


def case_consents(*, access: PortalCaseAccess) -> ConsentPage:
    today = clock.today()
    with transaction.atomic():
        consents = list(
            Consent.objects.filter(case=access.case)
            .prefetch_related("services")
            .order_by("-recorded_at", "-pk")
        )
        audit_portal(access, "portal.consent.read")
    active = [c for c in consents if c.is_active_on(today)]
    ended = [c for c in consents if c not in active]
    # A withdrawal for one service continues the rest in a new consent: the ended one lists
    # only what did not go on.
    carried = {c.continues_id: {s.pk for s in c.services.all()} for c in consents if c.continues_id}
    for consent in ended:
        going_on = carried.get(consent.pk, set())
        consent.ended_services = [s for s in consent.services.all() if s.pk not in going_on]
    return ConsentPage(active=active, ended=ended, proposal=_pending_proposal(access))


def upcoming_meetings(*, access: PortalCaseAccess) -> list[Meeting]:
    if not access.meetings:
        return []
    return list(
        Meeting.objects.filter(
            case=access.case, status=MeetingStatus.PLANNED, starts_at__gte=clock.now()
        ).order_by("starts_at")
    )


# --- asking for help (no child's case content: nothing to audit) --------------------------------


def help_municipalities(*, citizen: Citizen) -> list[Municipality]:
    return list(Municipality.objects.filter(country=citizen.country).order_by("name"))


def help_services(*, municipality_id: int | None) -> QuerySet[Service]:
    if not municipality_id:
        return Service.objects.none()
    return (
        Service.objects.filter(municipality_id=municipality_id, is_active=True)
        .select_related("municipality")
        .order_by("name")
    )


def help_requests_of(*, citizen: Citizen) -> QuerySet[HelpRequest]:
    """The citizen's own requests and their status."""
    return (
        HelpRequest.objects.filter(requester_key=citizen.key)
        .select_related("concern__service", "municipality")
        .order_by("-submitted_at")
    )


def front_doors() -> QuerySet[Service]:
    return Service.objects.filter(is_front_door=True, is_active=True).select_related("municipality")
