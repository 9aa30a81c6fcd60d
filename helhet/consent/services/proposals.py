"""The coordinator proposes more sharing; the family answers in the portal (``family``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText
from helhet.cases.models import Case, LogKind
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.consent.models import ConsentProposal, ProposalStatus
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import TEXT, check_text
from helhet.directory.models import Service
from helhet.people.models import Professional


@transaction.atomic
def consent_propose(
    *,
    case: Case,
    proposed_by,
    services: list[Service],
    purpose: str,
    professionals: list[Professional] = (),
) -> ConsentProposal:
    """Ask the family to consent to ``services`` (e.g. "add PPT to the team"), optionally naming
    who joins the team when they say yes. The family sees it in the portal at once."""
    author = professional_or_error(proposed_by)
    case = lock_case(case)
    if not services or any(s.municipality_id != case.municipality_id for s in services):
        raise DomainError(
            _("Choose the services of the municipality to ask about."), field="services"
        )
    if not purpose.strip():
        raise DomainError(_("Say in plain words why you ask."), field="purpose")
    check_text(purpose, limit=TEXT, field="purpose")
    service_ids = {s.pk for s in services}
    for professional in professionals:
        if professional.municipality_id != case.municipality_id or not (
            set(professional.memberships.values_list("service_id", flat=True)) & service_ids
        ):
            raise DomainError(
                _("%(name)s does not work in one of the services asked about.")
                % {"name": professional},
                field="professionals",
            )
    if ConsentProposal.objects.filter(case=case, status=ProposalStatus.PENDING).exists():
        raise DomainError(_("The family has not answered the last proposal yet. Cancel it first."))
    proposal = ConsentProposal.objects.create(
        case=case, purpose=purpose.strip(), proposed_by=author, proposed_at=clock.now()
    )
    proposal.services.set(services)
    proposal.professionals.set(professionals)
    bump(case)
    log(
        case,
        kind=LogKind.CONSENT,
        author=author,
        text=LogText(
            gettext_noop(
                "Asked the family in the portal to consent to: %(services)s. Purpose: %(why)s"
            ),
            {"services": ", ".join(s.name for s in services), "why": proposal.purpose},
        ),
    )
    audit_case(proposed_by, case, "consent.propose", obj=proposal)
    return proposal


@transaction.atomic
def consent_proposal_cancel(*, proposal: ConsentProposal, cancelled_by) -> ConsentProposal:
    author = professional_or_error(cancelled_by)
    case = lock_case(proposal.case)
    proposal = ConsentProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise DomainError(_("The family has already answered."))
    proposal.status = ProposalStatus.CANCELLED
    proposal.answered_at = clock.now()
    proposal.save(update_fields=["status", "answered_at"])
    bump(case)
    log(
        case,
        kind=LogKind.CONSENT,
        author=author,
        text=LogText(gettext_noop("Cancelled the proposal to the family."), {}),
    )
    audit_case(cancelled_by, case, "consent.propose_cancel", obj=proposal)
    return proposal
