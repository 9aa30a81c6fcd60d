"""The family's own consent, in the portal (domain rules 3, 4 and 10).

Guardians give and withdraw for a child below the consent age; from the consent age only the
young person does, and a guardian cannot override it (``PortalCaseAccess.consent``). A withdrawal
takes effect at once and gives the coordinator a task; a consent given is recorded with method
"digital" and the e-ID login's level of assurance.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.access.policy.portal import PortalCaseAccess
from helhet.cases.log_text import LogText
from helhet.cases.models import CitizenRole, LogKind
from helhet.cases.services.common import bump, citizen_log, lock_case
from helhet.consent.models import (
    Consent,
    ConsentMethod,
    ConsentProposal,
    GivenBy,
    ProposalStatus,
)
from helhet.consent.services.consents import (
    check_consent,
    consent_log_text,
    create_consent,
    required_consenters,
)
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.portal.services.audit import audit_portal
from helhet.reminders.models import TaskKind
from helhet.reminders.services import task_create_for_decision, tasks_refresh

FAMILY_TASK_DAYS = 3  # the coordinator follows up a withdrawal within this many days


def _require_consent_rights(access: PortalCaseAccess) -> None:
    if not access.consent:
        if access.role == CitizenRole.GUARDIAN:
            raise DomainError(
                _(
                    "Your young person has reached the age where they decide about consent "
                    "themselves."
                )
            )
        raise DomainError(_("Your guardians decide about consent until you are older."))
    if not access.is_open:
        raise DomainError(_("The case is closed."))


def _given_by(access: PortalCaseAccess) -> str:
    return GivenBy.YOUNG_PERSON if access.role == CitizenRole.YOUNG_PERSON else GivenBy.GUARDIANS


@transaction.atomic
def family_consent_withdraw(
    *, access: PortalCaseAccess, consent_id: int, service_id: int
) -> Consent:
    """Withdraw consent for one service at once. The rest of that consent goes on unchanged, in a
    new consent that continues it."""
    _require_consent_rights(access)
    case = lock_case(access.case)
    consent = (
        Consent.objects.select_for_update()
        .filter(pk=consent_id, case=case, withdrawn_at__isnull=True)
        .first()
    )
    services = list(consent.services.all()) if consent else []
    service = next((s for s in services if s.pk == service_id), None)
    if consent is None or service is None:
        raise DomainError(_("This consent has already been withdrawn."))
    if access.role == CitizenRole.GUARDIAN and consent.given_by != GivenBy.GUARDIANS:
        raise DomainError(_("Your young person gave this consent; only they can withdraw it."))
    if service.pk == case.coordinator_service_id:
        raise DomainError(
            _(
                "%(service)s coordinates your case. Talk to the coordinator first, so that the "
                "role can be passed to another service; then you can withdraw."
            )
            % {"service": service.name}
        )
    now = clock.now()
    consent.withdrawn_at = now
    consent.withdrawn_by_role = access.role
    consent.save(update_fields=["withdrawn_at", "withdrawn_by_role"])
    remaining = [s for s in services if s.pk != service.pk]
    if remaining:
        create_consent(
            case,
            given_by=consent.given_by,
            services=remaining,
            purpose=consent.purpose,
            valid_from=consent.valid_from,
            valid_until=consent.valid_until,
            method=consent.method,
            method_note=consent.method_note,
            guardians=list(consent.guardians.all()),
            recorded_by=consent.recorded_by,
            assurance_level=consent.assurance_level,
            continues=consent,
        )
    bump(case)
    citizen_log(
        case,
        role=access.role,
        kind=LogKind.CONSENT,
        text=LogText(
            gettext_noop("Consent withdrawn in the portal for: %(service)s."),
            {"service": service.name},
        ),
    )
    audit_portal(access, "consent.withdraw", obj=consent, purpose=f"service={service.pk}")
    task_create_for_decision(
        case=case,
        assignee=case.coordinator,
        kind=TaskKind.FAMILY_WITHDREW,
        text=LogText(
            gettext_noop("The family withdrew consent for %(service)s. Follow up with the team."),
            {"service": service.name},
        ),
        due_on=clock.today() + datetime.timedelta(days=FAMILY_TASK_DAYS),
        key=f"family_withdrew:{consent.pk}:{service.pk}",
    )
    tasks_refresh(case=case)
    return consent


@transaction.atomic
def family_proposal_accept(
    *, access: PortalCaseAccess, proposal_id: int, assurance_level: str
) -> Consent:
    """Say yes to the coordinator's proposal: a consent recorded digitally, and the named
    professionals join the team."""
    from helhet.cases.services.team import team_member_add

    _require_consent_rights(access)
    case = lock_case(access.case)
    proposal = _pending(case, proposal_id)
    if len(required_consenters(case)) > 1:
        raise DomainError(
            _(
                "At this age both the young person and the guardians must consent. Talk to the "
                "coordinator, who records it with you together."
            )
        )
    services = list(proposal.services.all())
    guardians = [access.network_person] if access.network_person else []
    details = {
        "given_by": _given_by(access),
        "services": services,
        "purpose": proposal.purpose,
        "valid_from": clock.today(),
        "valid_until": None,
        "method": ConsentMethod.DIGITAL,
        "method_note": "",
        "guardians": guardians,
    }
    check_consent(case, **details)
    consent = create_consent(case, assurance_level=assurance_level, **details)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.answered_at = clock.now()
    proposal.answered_by_role = access.role
    proposal.consent = consent
    proposal.save(update_fields=["status", "answered_at", "answered_by_role", "consent"])
    bump(case)
    citizen_log(
        case, role=access.role, kind=LogKind.CONSENT, text=consent_log_text(consent, services)
    )
    audit_portal(access, "consent.give", obj=consent)
    service_ids = {s.pk for s in services}
    for professional in proposal.professionals.select_related("user"):
        if case.team.filter(professional=professional, left_at__isnull=True).exists():
            continue
        membership = professional.memberships.filter(service_id__in=service_ids).first()
        if membership is None or not professional.user.is_active:
            continue  # moved or left since the proposal: the coordinator adds someone else
        team_member_add(
            case=case,
            added_by=proposal.proposed_by.user,
            professional=professional,
            service=membership.service,
        )
    tasks_refresh(case=case)
    return consent


@transaction.atomic
def family_proposal_decline(*, access: PortalCaseAccess, proposal_id: int) -> ConsentProposal:
    _require_consent_rights(access)
    case = lock_case(access.case)
    proposal = _pending(case, proposal_id)
    proposal.status = ProposalStatus.DECLINED
    proposal.answered_at = clock.now()
    proposal.answered_by_role = access.role
    proposal.save(update_fields=["status", "answered_at", "answered_by_role"])
    bump(case)
    citizen_log(
        case,
        role=access.role,
        kind=LogKind.CONSENT,
        text=LogText(
            gettext_noop("Said no in the portal to sharing with: %(services)s."),
            {"services": ", ".join(s.name for s in proposal.services.all())},
        ),
    )
    audit_portal(access, "consent.decline", obj=proposal)
    return proposal


def _pending(case, proposal_id: int) -> ConsentProposal:
    proposal = (
        ConsentProposal.objects.select_for_update()
        .filter(pk=proposal_id, case=case, status=ProposalStatus.PENDING)
        .first()
    )
    if proposal is None:
        raise DomainError(_("This question has already been answered or was withdrawn."))
    return proposal


@transaction.atomic
def family_consent_give_own(
    *, access: PortalCaseAccess, consent_id: int, assurance_level: str
) -> Consent:
    """The young person, at the consent age, gives their own consent in place of one their
    guardians gave (which would end ``guardian_consent_grace_days`` after the birthday)."""
    if access.role != CitizenRole.YOUNG_PERSON:
        raise DomainError(_("Only the young person can give their own consent."))
    _require_consent_rights(access)
    case = lock_case(access.case)
    earlier = (
        Consent.objects.select_for_update()
        .filter(pk=consent_id, case=case, withdrawn_at__isnull=True, given_by=GivenBy.GUARDIANS)
        .first()
    )
    if earlier is None:
        raise DomainError(_("This consent has already been withdrawn."))
    services = list(earlier.services.all())
    details = {
        "given_by": GivenBy.YOUNG_PERSON,
        "services": services,
        "purpose": earlier.purpose,
        "valid_from": clock.today(),
        "valid_until": None,
        "method": ConsentMethod.DIGITAL,
        "method_note": "",
        "guardians": [],
    }
    check_consent(case, **details)
    consent = create_consent(case, assurance_level=assurance_level, continues=earlier, **details)
    bump(case)
    citizen_log(
        case, role=access.role, kind=LogKind.CONSENT, text=consent_log_text(consent, services)
    )
    audit_portal(access, "consent.give", obj=consent)
    tasks_refresh(case=case)
    return consent
