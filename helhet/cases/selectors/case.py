"""Reads for one case: the case page, the pages of its actions and its access log.

Every read of a child's data goes through the access policy and writes an access-log event in
the same transaction ("case.read" with a purpose). Pages prefetch what they show up front, so
their query count does not grow with the number of log entries, team members or consents.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404

from helhet.access import policy
from helhet.audit.selectors import events_about_case
from helhet.audit.services import audit_record
from helhet.cases.models import (
    Case,
    Concern,
    Handover,
    HandoverStatus,
    LogEntry,
    TeamMember,
)
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from helhet.directory.models import Service
from helhet.people.models import Child, Membership, NetworkPerson, Professional
from helhet.tenancy.models import Level

ACCESS_LOG_PAGE_SIZE = 50
# The case page shows the newest entries of the log, so its cost does not grow with the case's
# history; the whole log is one click away, paginated.
LOG_ON_CASE_PAGE = 20
LOG_PAGE_SIZE = 50
# How many of the latest strengths and worries the summary at the top of the case page shows;
# the full log below shows them all.
SUMMARY_ITEMS = 3


def age_of(child: Child, on: datetime.date | None = None) -> int:
    return clock.age_on(child.date_of_birth, on)


@dataclasses.dataclass(frozen=True)
class PictureItem:
    """One strength or worry, with where and when it was written."""

    text: str
    written_at: datetime.datetime
    source: str  # "concern" or "log"


@dataclasses.dataclass(frozen=True)
class CasePage:
    case: Case
    age: int
    active_team: list[TeamMember]
    former_team: list[TeamMember]
    guardians: list[NetworkPerson]
    participating_guardian_ids: set[int]
    others: list[NetworkPerson]
    active_consents: list[Consent]
    inactive_consents: list[Consent]
    lawful_bases: list[LawfulBasis]
    access: policy.CaseAccess
    log: list[LogEntry]  # the newest LOG_ON_CASE_PAGE, newest first
    log_total: int
    concerns: list[Concern]
    strengths: list[PictureItem]
    worries: list[PictureItem]
    pending_handover: Handover | None


def _actor_member(case: Case, professional: Professional | None, team) -> TeamMember | None:
    if professional is None:
        return None
    return next(
        (m for m in team if m.professional_id == professional.pk and m.left_at is None), None
    )


def _record_read(
    actor,
    case: Case,
    *,
    purpose: str,
    member: TeamMember | None = None,
    action: str = "case.read",
) -> None:
    """Write "case.read" (or "case.export") for a page or file that shows the child's data (call
    inside the transaction)."""
    professional = policy.actor_professional(actor)
    if member is None and professional is not None:
        member = (
            TeamMember.objects.filter(case=case, professional=professional, left_at__isnull=True)
            .only("service_id")
            .first()
        )
    if professional is not None and case.coordinator_id == professional.pk:
        role = "coordinator"
    elif member is not None:
        role = "team member"
    else:
        role = ""
    audit_record(
        actor=actor,
        action=action,
        purpose=purpose,
        actor_role=role,
        municipality_id=case.municipality_id,
        service_id=member.service_id if member is not None else None,
        child_id=case.child_id,
        case_id=case.pk,
        obj=case,
    )


def _log_entries() -> QuerySet[LogEntry]:
    """Log entries as the pages show them: newest first, with their corrections."""
    return (
        LogEntry.objects.select_related("author__user", "service", "corrects", "withholding")
        .prefetch_related(Prefetch("corrections", queryset=LogEntry.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


def case_log(*, fetched_by, case: Case, page_number) -> Page:
    """The case's whole log, newest first, a page of LOG_PAGE_SIZE at a time (a read of the
    child's data like the case page)."""
    with transaction.atomic():
        _record_read(fetched_by, case, purpose="case log")
        page = Paginator(_log_entries().filter(case=case), LOG_PAGE_SIZE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page


def case_page(*, fetched_by, pk: int) -> CasePage:
    """Everything the case page shows, in a fixed number of queries; 404 unless visible."""
    with transaction.atomic():
        case = (
            Case.objects.filter(pk=pk)
            .select_related(
                "child",
                "level",
                "municipality",
                "coordinator__user",
                "coordinator_service",
                "origin_service",
            )
            .first()
        )
        # One look at team and coverage answers both "may see it" (else 404, as for a missing
        # case) and every action the page offers; the rest is fetched only once it may be seen.
        access = policy.case_access(fetched_by, case) if case is not None else None
        if access is None or not access.view:
            raise Http404
        prefetch_related_objects(
            [case],
            "guardians",
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related(
                    "professional__user", "service"
                ).order_by("joined_at", "pk"),
            ),
            Prefetch(
                "child__network",
                queryset=NetworkPerson.objects.order_by(
                    "-has_parental_responsibility", "name", "pk"
                ),
            ),
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("recorded_by__user", "withdrawn_by__user")
                .prefetch_related(
                    Prefetch("guardians", queryset=NetworkPerson.objects.order_by("name")),
                    "services",
                )
                .order_by("-recorded_at", "-pk"),
            ),
            Prefetch(
                "lawful_bases",
                queryset=LawfulBasis.objects.select_related("recorded_by__user")
                .prefetch_related("services")
                .order_by("-recorded_at", "-pk"),
            ),
            # A sliced prefetch needs to_attr (Django filters a manager's cache otherwise).
            Prefetch("log", queryset=_log_entries()[:LOG_ON_CASE_PAGE], to_attr="newest_log"),
            Prefetch(
                "concerns",
                queryset=Concern.objects.select_related("service", "registered_by__user").order_by(
                    "registered_at", "pk"
                ),
            ),
            Prefetch(
                "handovers",
                queryset=Handover.objects.filter(status=HandoverStatus.PENDING).select_related(
                    "to_professional__user", "to_service", "from_professional__user"
                ),
                to_attr="pending_handovers",
            ),
        )
        team = list(case.team.all())
        member = _actor_member(case, policy.actor_professional(fetched_by), team)
        _record_read(fetched_by, case, purpose="case page", member=member)
    today = clock.today()
    consents = list(case.consents.all())
    network = list(case.child.network.all())
    log = case.newest_log
    log_total = LogEntry.objects.filter(case=case).count()  # always: a fixed number of queries
    concerns = list(case.concerns.all())
    strengths = [PictureItem(c.strengths, c.registered_at, "concern") for c in concerns]
    worries = [PictureItem(c.observation, c.registered_at, "concern") for c in concerns]
    strengths += [PictureItem(e.strengths, e.created_at, "log") for e in log if e.strengths]
    worries += [PictureItem(e.worries, e.created_at, "log") for e in log if e.worries]

    def latest(items: list[PictureItem]) -> list[PictureItem]:
        # Newest first; a text repeated later (a case opened from a concern copies its
        # strengths and worries into the first log entry) is shown once.
        seen: set[str] = set()
        unique = []
        for item in sorted(items, key=lambda i: i.written_at, reverse=True):
            key = item.text.strip()
            if key and key not in seen:
                seen.add(key)
                unique.append(item)
        return unique[:SUMMARY_ITEMS]

    return CasePage(
        case=case,
        access=access,
        age=age_of(case.child, today),
        active_team=[m for m in team if m.left_at is None],
        former_team=[m for m in team if m.left_at is not None],
        guardians=[p for p in network if p.has_parental_responsibility],
        participating_guardian_ids={g.pk for g in case.guardians.all()},
        others=[p for p in network if not p.has_parental_responsibility],
        active_consents=[c for c in consents if c.is_active_on(today)],
        inactive_consents=[c for c in consents if not c.is_active_on(today)],
        lawful_bases=list(case.lawful_bases.all()),
        log=log,
        log_total=log_total,
        concerns=concerns,
        strengths=latest(strengths),
        worries=latest(worries),
        pending_handover=case.pending_handovers[0] if case.pending_handovers else None,
    )


# --- action pages ------------------------------------------------------------------------------


def case_read_record(*, read_by, case: Case, purpose: str, action: str = "case.read") -> None:
    """Record that an action page (a form, a confirm page) or an export showed the child's data."""
    with transaction.atomic():
        _record_read(read_by, case, purpose=purpose, action=action)


# --- one case's rows, for a caller the access policy let in (the API's lists) ----------------


def case_log_entries(*, case: Case) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(case=case)
        .select_related("author__user", "service")
        .prefetch_related("corrections")
    )


def case_team(*, case: Case, active: bool | None = None) -> QuerySet[TeamMember]:
    members = TeamMember.objects.filter(case=case).select_related(
        "professional__user", "service", "case"
    )
    if active is not None:
        members = members.filter(left_at__isnull=active)
    return members


def case_consents(*, case: Case) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(case=case)
        .select_related("recorded_by__user", "withdrawn_by__user")
        .prefetch_related("guardians", "services")
    )


def case_handovers(*, case: Case) -> QuerySet[Handover]:
    return Handover.objects.filter(case=case).select_related(
        "proposed_by__user",
        "from_professional__user",
        "to_professional__user",
        "to_service",
    )


def case_lawful_bases(*, case: Case) -> QuerySet[LawfulBasis]:
    return (
        LawfulBasis.objects.filter(case=case)
        .select_related("recorded_by__user")
        .prefetch_related("services")
    )


def case_log_entry_or_404(*, case: Case, entry_pk: int) -> LogEntry:
    entry = (
        LogEntry.objects.filter(case=case, pk=entry_pk)
        .select_related("author__user", "service")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def case_team_member_or_404(*, case: Case, member_pk: int) -> TeamMember:
    member = (
        TeamMember.objects.filter(case=case, pk=member_pk)
        .select_related("professional__user", "service", "case")
        .first()
    )
    if member is None:
        raise Http404
    return member


def case_consent_or_404(*, case: Case, consent_pk: int) -> Consent:
    consent = (
        Consent.objects.filter(case=case, pk=consent_pk)
        .select_related("withdrawn_by__user")
        .prefetch_related("services", "guardians")
        .first()
    )
    if consent is None:
        raise Http404
    return consent


def _covered_memberships(case: Case) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            service_id__in=policy.covered_service_ids(case),
            professional__municipality_id=case.municipality_id,
            professional__user__is_active=True,
        )
        .select_related("professional__user", "service")
        .order_by("professional__user__name", "service__name", "pk")
    )


def team_candidates(*, case: Case) -> QuerySet[Membership]:
    """Who can join the team: a professional of the municipality in a covered service, not on
    the team already. One row per (professional, service) pair."""
    on_team = TeamMember.objects.filter(case=case, left_at__isnull=True).values("professional_id")
    return _covered_memberships(case).exclude(professional_id__in=on_team)


def handover_candidates(*, case: Case) -> QuerySet[Membership]:
    """Who can receive the coordinator role: as for the team, but anyone except the
    coordinator (team members included)."""
    return _covered_memberships(case).exclude(professional_id=case.coordinator_id)


def case_levels(*, case: Case) -> QuerySet[Level]:
    """The levels of the municipality's level model, in order."""
    return Level.objects.filter(model__municipalities__id=case.municipality_id).order_by("number")


def municipality_services(*, case: Case) -> QuerySet[Service]:
    """The municipality's active services, for consent and lawful-basis check boxes."""
    return Service.objects.filter(municipality_id=case.municipality_id, is_active=True).order_by(
        "name"
    )


def consenting_guardians(*, case: Case) -> QuerySet[NetworkPerson]:
    """The child's guardians with parental responsibility: who can consent for the child."""
    return NetworkPerson.objects.filter(
        child_id=case.child_id, has_parental_responsibility=True
    ).order_by("name", "pk")


# --- handovers ---------------------------------------------------------------------------------


def handover_for(*, fetched_by, pk: int) -> Handover:
    """A handover its receiver may answer, or that a viewer of the case may follow; else 404."""
    handover = policy.get_handover_or_404(fetched_by, pk)
    return Handover.objects.select_related(
        "case__child",
        "case__level",
        "case__coordinator__user",
        "from_professional__user",
        "to_professional__user",
        "to_service",
        "proposed_by__user",
    ).get(pk=handover.pk)


def handover_read_record(*, read_by, handover: Handover) -> None:
    """Record that the handover page showed the case summary to its receiver or a viewer."""
    with transaction.atomic():
        if policy.can_answer_handover(read_by, handover):
            audit_record(
                actor=read_by,
                action="case.read",
                purpose="handover answer",
                actor_role="handover receiver",
                municipality_id=handover.case.municipality_id,
                service_id=handover.to_service_id,
                child_id=handover.case.child_id,
                case_id=handover.case_id,
                obj=handover,
            )
        else:
            _record_read(read_by, handover.case, purpose="handover status")


def pending_handover(*, case: Case) -> Handover | None:
    return (
        case.handovers.filter(status=HandoverStatus.PENDING)
        .select_related("to_professional__user", "to_service")
        .first()
    )


# --- the case's access log ---------------------------------------------------------------------


def case_access_log(*, fetched_by, case: Case, page_number) -> Page:
    """Who accessed the case, newest first, one page of 50. Reading it is itself audited (and
    shows as the first row)."""
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="case.access_log.read",
            purpose="who accessed this case",
            actor_role="coordinator",
            municipality_id=case.municipality_id,
            service_id=case.coordinator_service_id,
            child_id=case.child_id,
            case_id=case.pk,
            obj=case,
        )
        page = Paginator(events_about_case(case), ACCESS_LOG_PAGE_SIZE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page


def proposal_candidates(*, case: Case) -> QuerySet[Professional]:
    """Who a consent proposal can name to join the team: active professionals of the
    municipality not on the team already."""
    on_team = TeamMember.objects.filter(case=case, left_at__isnull=True).values("professional_id")
    return (
        Professional.objects.filter(municipality_id=case.municipality_id, user__is_active=True)
        .exclude(pk__in=on_team)
        .select_related("user")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("service"))
        )
        .order_by("user__name", "pk")
    )


def pending_consent_proposal(*, case: Case):
    from helhet.consent.models import ConsentProposal, ProposalStatus

    return (
        ConsentProposal.objects.filter(case=case, status=ProposalStatus.PENDING)
        .prefetch_related("services", "professionals__user")
        .first()
    )


def case_queryset(case: Case) -> QuerySet[Case]:
    """The one case as a queryset (a viewset's ``get_queryset``), already accessed."""
    return Case.objects.filter(pk=case.pk)
