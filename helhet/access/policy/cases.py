"""Access rules for concerns, cases, handovers and children (domain rules 2, 3, 5 and 8).

A case is visible to its *active* team members whose service is covered *today* by consent or
by a recorded lawful basis. The coordinator is always a team member. Withdrawing consent for a
service therefore removes access at once, without any clean-up step.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.audit.models import AuditEvent
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
from helhet.directory.vocabulary import Sector
from helhet.people.models import Child, MembershipRole, Professional


def _active_consent_q(prefix: str = "") -> Q:
    today = clock.today()
    return Q(
        **{
            f"{prefix}withdrawn_at__isnull": True,
            f"{prefix}valid_from__lte": today,
        }
    ) & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today}))


def _covered_exists(case_ref: str, service_ref: str) -> Q:
    """SQL: the service in ``service_ref`` is covered for the case in ``case_ref`` today."""
    by_consent = Consent.services.through.objects.filter(
        _active_consent_q("consent__"),
        consent__case_id=OuterRef(case_ref),
        service_id=OuterRef(service_ref),
    )
    by_law = LawfulBasis.services.through.objects.filter(
        lawfulbasis__case_id=OuterRef(case_ref),
        lawfulbasis__ended_at__isnull=True,
        service_id=OuterRef(service_ref),
    )
    return Q(Exists(by_consent)) | Q(Exists(by_law))


def covered_service_ids(case: Case) -> set[int]:
    """The services that may take part in the case today (consent or lawful basis).

    Before any consent is recorded, the service whose concern started the case is covered, as
    the concern itself was visible to it.
    """
    by_consent = Consent.services.through.objects.filter(
        _active_consent_q("consent__"), consent__case_id=case.pk
    ).values_list("service_id", flat=True)
    by_law = LawfulBasis.services.through.objects.filter(
        lawfulbasis__case_id=case.pk, lawfulbasis__ended_at__isnull=True
    ).values_list("service_id", flat=True)
    covered = set(by_consent) | set(by_law)
    if not Consent.objects.filter(case_id=case.pk).exists():
        covered.add(case.origin_service_id)
    return covered


# --- cases ------------------------------------------------------------------------------------


def cases_visible_to(actor) -> QuerySet[Case]:
    professional = actor_professional(actor)
    if professional is None:
        return Case.objects.none()
    before_consent = Q(case__origin_service_id=F("service_id")) & ~Q(
        Exists(Consent.objects.filter(case_id=OuterRef("case_id")))
    )
    memberships = TeamMember.objects.filter(
        _covered_exists("case_id", "service_id") | before_consent,
        professional=professional,
        left_at__isnull=True,
    ).values("case_id")
    return Case.objects.filter(
        municipality_id=professional.municipality_id, pk__in=memberships, archived_at__isnull=True
    )


def led_service_ids(professional) -> frozenset[int]:
    """The services the professional leads, loaded once per request.

    Cached on the professional object, which ``actor_professional`` caches on the request's
    user; so every rule asked in one request reads the actor's roles once.
    """
    cached = getattr(professional, "_helhet_led_service_ids", None)
    if cached is None:
        cached = frozenset(
            professional.memberships.filter(role=MembershipRole.LEADER).values_list(
                "service_id", flat=True
            )
        )
        professional._helhet_led_service_ids = cached
    return cached


def service_ids_of(professional) -> frozenset[int]:
    """The services the professional works in, loaded once per request (as ``led_service_ids``)."""
    cached = getattr(professional, "_helhet_service_ids", None)
    if cached is None:
        cached = frozenset(professional.memberships.values_list("service_id", flat=True))
        professional._helhet_service_ids = cached
    return cached


def _member_services(professional, case: Case) -> set[int]:
    return set(
        TeamMember.objects.filter(
            case=case, professional=professional, left_at__isnull=True
        ).values_list("service_id", flat=True)
    )


def _in_municipality(professional, case: Case) -> bool:
    return professional is not None and case.municipality_id == professional.municipality_id


def _leads(professional, case: Case) -> bool:
    """The coordinator, or a leader of the coordinator's service (given that they may view)."""
    if case.coordinator_id == professional.pk:
        return True
    return case.coordinator_service_id in led_service_ids(professional)


@dataclasses.dataclass(frozen=True)
class CaseAccess:
    """What one actor may see and do with one case, and what was fetched to decide it.

    The one answer to every case rule (Zulip's ``access_stream_by_id``, Sentry's access object):
    the web pages, the HTMX partials, the API and the exports ask ``access_case`` once per
    request and read the actions from here; the ``can_*`` predicates are thin wrappers over it.
    Worked out with a handful of queries whatever the number of actions offered.
    """

    case: Case
    professional: Professional | None
    member_services: frozenset[int]  # the actor's active team memberships' services
    covered_services: frozenset[int]  # covered by consent or a lawful basis today
    view: bool
    lead: bool
    add_log_entry: bool
    record_consent: bool
    propose_handover: bool
    view_access_log: bool
    work_on_plan: bool
    export_plan: bool
    withhold_log_entry: bool  # from the guardians in the portal: the coordinator only


# The offered actions of a case, by name: views name the one they need.
CASE_ACTIONS = (
    "view",
    "lead",
    "add_log_entry",
    "record_consent",
    "propose_handover",
    "view_access_log",
    "work_on_plan",
    "export_plan",
    "withhold_log_entry",
)


def case_access(actor, case: Case) -> CaseAccess:
    """The access object for a case already fetched (see ``access_case``).

    Tenant first, then relationship (an active team membership), then consent (that membership's
    service is covered today); leading needs the coordinator or a leader of their service.
    """
    professional = actor_professional(actor)
    # An archived case is no one's work any more: only the data protection officer reads it,
    # through the archive (helhet.access.policy.retention).
    in_municipality = _in_municipality(professional, case) and case.archived_at is None
    members = frozenset(_member_services(professional, case)) if in_municipality else frozenset()
    covered = frozenset(covered_service_ids(case)) if members else frozenset()
    view = bool(members & covered)
    is_open = case.status == CaseStatus.OPEN
    lead = view and is_open and _leads(professional, case)
    return CaseAccess(
        case=case,
        professional=professional,
        member_services=members,
        covered_services=covered,
        view=view,
        lead=lead,
        add_log_entry=view and is_open,
        record_consent=view and is_open,
        propose_handover=lead,
        view_access_log=view and case.coordinator_id == professional.pk,
        work_on_plan=view and is_open,
        export_plan=view,
        withhold_log_entry=view and is_open and case.coordinator_id == professional.pk,
    )


def access_case(actor, pk: int, *, action: str = "view") -> CaseAccess:
    """The case with the actor's access to it, if they may see it and do ``action``; else 404
    (forbidden and missing look the same)."""
    if action not in CASE_ACTIONS:
        raise ValueError(f"unknown case action {action!r}")
    case = (
        Case.objects.filter(pk=pk)
        .select_related("child", "level", "coordinator__user", "coordinator_service")
        .first()
    )
    if case is None:
        raise Http404
    access = case_access(actor, case)
    if not getattr(access, action):
        raise Http404
    return access


def get_case_or_404(actor, pk: int) -> Case:
    return access_case(actor, pk).case


def can_view_case(actor, case: Case) -> bool:
    return case_access(actor, case).view


def can_lead_case(actor, case: Case) -> bool:
    """The coordinator, or a leader of the coordinator's service, steers an open case."""
    return case_access(actor, case).lead


def can_add_log_entry(actor, case: Case) -> bool:
    return case_access(actor, case).add_log_entry


def can_record_consent(actor, case: Case) -> bool:
    """Any team member may record consent (or its withdrawal) that the family gave them."""
    return case_access(actor, case).record_consent


def can_propose_handover(actor, case: Case) -> bool:
    return case_access(actor, case).propose_handover


# --- handovers --------------------------------------------------------------------------------


def can_answer_handover(actor, handover: Handover) -> bool:
    """Only the named receiver answers, while the handover is pending."""
    professional = actor_professional(actor)
    if professional is None:
        return False
    if handover.case.municipality_id != professional.municipality_id:
        return False
    if handover.status != HandoverStatus.PENDING:
        return False
    if handover.to_professional_id != professional.pk:
        return False
    # Consent for the receiving service withdrawn while the handover waited: no access.
    return handover.to_service_id in covered_service_ids(handover.case)


def require_handover_answerable(actor, handover: Handover) -> None:
    """Both doors ask this before an answer: to anyone but the receiver a pending handover's
    answer does not exist (404). An answered one goes on to the service, which says so."""
    if handover.status == HandoverStatus.PENDING and not can_answer_handover(actor, handover):
        raise Http404


def handovers_awaiting(actor) -> QuerySet[Handover]:
    """``can_answer_handover`` as a queryset: pending handovers naming the actor."""
    professional = actor_professional(actor)
    if professional is None:
        return Handover.objects.none()
    before_consent = Q(case__origin_service_id=F("to_service_id")) & ~Q(
        Exists(Consent.objects.filter(case_id=OuterRef("case_id")))
    )
    return Handover.objects.filter(
        _covered_exists("case_id", "to_service_id") | before_consent,
        to_professional=professional,
        status=HandoverStatus.PENDING,
        case__municipality_id=professional.municipality_id,
    )


def get_handover_or_404(actor, pk: int) -> Handover:
    """A handover its receiver may answer, or that a viewer of the case may see."""
    handover = (
        Handover.objects.filter(pk=pk)
        .select_related("case__child", "case__level", "from_professional__user", "to_service")
        .first()
    )
    if handover is None:
        raise Http404
    if not (can_answer_handover(actor, handover) or can_view_case(actor, handover.case)):
        raise Http404
    return handover


# --- concerns ---------------------------------------------------------------------------------


def _is_child_welfare_member(professional) -> bool:
    return professional.memberships.filter(service__sector=Sector.CHILD_WELFARE).exists()


def _help_request_q(professional) -> Q:
    """A family's help request (no registering professional) is for everyone in the service the
    family asked: they see and decide it as its author would."""
    members = professional.memberships.values("service_id")
    return Q(registered_by__isnull=True, service_id__in=members)


def concerns_visible_to(actor) -> QuerySet[Concern]:
    """Author; leaders of the author's service; child welfare for reports; the case's team; for a
    family's help request, the members of the service asked."""
    professional = actor_professional(actor)
    if professional is None:
        return Concern.objects.none()
    led = professional.memberships.filter(role=MembershipRole.LEADER).values("service_id")
    condition = (
        Q(registered_by=professional) | Q(service_id__in=led) | _help_request_q(professional)
    )
    if _is_child_welfare_member(professional):
        condition |= Q(status=ConcernStatus.REPORTED)
    condition |= Q(case__in=cases_visible_to(actor))
    # A concern that became an archived case is part of that case's archive.
    return (
        Concern.objects.filter(municipality_id=professional.municipality_id)
        .filter(condition)
        .exclude(case__archived_at__isnull=False)
    )


def can_view_concern(actor, concern: Concern) -> bool:
    professional = actor_professional(actor)
    if professional is None:
        return False
    if concern.municipality_id != professional.municipality_id:
        return False
    if concern.case_id is not None and concern.case.archived_at is not None:
        return False
    if concern.registered_by_id == professional.pk:
        return True
    if concern.service_id in led_service_ids(professional):
        return True
    if concern.registered_by_id is None and concern.service_id in service_ids_of(professional):
        return True
    if concern.status == ConcernStatus.REPORTED and _is_child_welfare_member(professional):
        return True
    return concern.case_id is not None and can_view_case(actor, concern.case)


def can_decide_concern(actor, concern: Concern) -> bool:
    """The author or a leader of the author's service decides an open concern; a help request,
    anyone in the service the family asked."""
    professional = actor_professional(actor)
    if professional is None or concern.status != ConcernStatus.OPEN:
        return False
    if concern.municipality_id != professional.municipality_id:
        return False
    if concern.registered_by_id == professional.pk:
        return True
    if concern.registered_by_id is None and concern.service_id in service_ids_of(professional):
        return True
    return concern.service_id in led_service_ids(professional)


def concerns_decidable_by(actor) -> QuerySet[Concern]:
    """``can_decide_concern`` as a queryset: open concerns the actor registered or whose
    service the actor leads."""
    professional = actor_professional(actor)
    if professional is None:
        return Concern.objects.none()
    led = professional.memberships.filter(role=MembershipRole.LEADER).values("service_id")
    return Concern.objects.filter(
        municipality_id=professional.municipality_id, status=ConcernStatus.OPEN
    ).filter(Q(registered_by=professional) | Q(service_id__in=led) | _help_request_q(professional))


def get_concern_or_404(actor, pk: int) -> Concern:
    concern = (
        Concern.objects.filter(pk=pk)
        .select_related("child", "service", "registered_by__user", "case")
        .first()
    )
    if concern is None or not can_view_concern(actor, concern):
        raise Http404
    return concern


# --- children ---------------------------------------------------------------------------------


def can_view_child(actor, child: Child) -> bool:
    """A child's details are visible through a concern or case the actor may see."""
    professional = actor_professional(actor)
    if professional is None or child.municipality_id != professional.municipality_id:
        return False
    if concerns_visible_to(actor).filter(child=child).exists():
        return True
    return cases_visible_to(actor).filter(child=child).exists()


# What the access log calls finding a child; clients without a web session (the API) count a
# child as found by the actor for as long as a web session lives.
FOUND_ACTIONS = ("child.lookup", "child.create")


def child_recently_found_by(actor, child_pk: int) -> bool:
    """Did the actor find this child by exact search, or register it, within a session's time?
    Read from the access log, which only the search and the registration write."""
    found_within = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return AuditEvent.objects.filter(
        actor_id=actor.pk,
        child_id=child_pk,
        action__in=FOUND_ACTIONS,
        occurred_at__gte=clock.now() - found_within,
    ).exists()


def can_start_concern_about(actor, child: Child, *, found_by_actor: bool) -> bool:
    """A low threshold, but no guessing: any professional of the child's municipality may raise a
    concern about a child they have just found by exact identity number or name and date of
    birth (or registered), or whose concern or case they already see."""
    professional = actor_professional(actor)
    if professional is None or child.municipality_id != professional.municipality_id:
        return False
    if found_by_actor:
        return True
    return can_view_child(actor, child)
