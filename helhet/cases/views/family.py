"""What the coordinator does for the family's portal: withhold a log entry from the guardians,
ask the family to consent to more sharing, cancel that question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.cases import services
from helhet.cases.forms.family import ConsentProposalForm, LogWithholdForm
from helhet.cases.selectors import case as selectors
from helhet.cases.views.common import action_page, case_for, done, submit, version_of
from helhet.consent.services import proposals
from helhet.core.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def log_withhold(request, pk: int, entry_pk: int):
    case = case_for(request, pk, "withhold_log_entry")
    entry = selectors.case_log_entry_or_404(case=case, entry_pk=entry_pk)
    form = LogWithholdForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.log_entry_withhold(
            entry=entry, withheld_by=request.user, reason=data["reason"]
        ),
    ):
        return done(request, case, _("The entry is withheld from the guardians."), to="cases:log")
    return action_page(
        request,
        case,
        "cases/log_withhold.html",
        purpose="withhold log entry",
        form=form,
        entry=entry,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_propose(request, pk: int):
    case = case_for(request, pk, "lead")
    form = ConsentProposalForm(
        request.POST or None,
        initial=version_of(case),
        services=selectors.municipality_services(case=case),
        professionals=selectors.proposal_candidates(case=case),
    )
    if submit(
        request,
        form,
        lambda data: proposals.consent_propose(
            case=case,
            proposed_by=request.user,
            services=list(data["services"]),
            purpose=data["purpose"],
            professionals=list(data["professionals"]),
        ),
    ):
        return done(request, case, _("The family can answer in the portal now."))
    return action_page(
        request,
        case,
        "cases/consent_propose.html",
        purpose="propose consent",
        form=form,
        pending=selectors.pending_consent_proposal(case=case),
    )


@login_required
@require_POST
def consent_proposal_cancel(request, pk: int):
    case = case_for(request, pk, "lead")
    proposal = selectors.pending_consent_proposal(case=case)
    if proposal is None:
        raise Http404
    try:
        proposals.consent_proposal_cancel(proposal=proposal, cancelled_by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:case", pk=case.pk)
    return done(request, case, _("The question to the family was withdrawn."))
