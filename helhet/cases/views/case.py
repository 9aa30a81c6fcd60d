"""Thin views of one case: the case page, its actions, handovers and the case's access log.

Each view parses, asks the policy (forbidden and missing are both 404), calls one service or
selector and renders. A refused domain rule is shown on the form, which keeps what was typed;
nothing is saved. A successful POST redirects with a message (POST-redirect-GET).

Writes are audited by the services. Pages that show the child's data are audited here, as
"case.read" with the page as purpose, only when they are rendered (not on a successful write).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.access import policy
from helhet.cases import services
from helhet.cases.forms.case import (
    CaseCloseForm,
    ConsentForm,
    ConsentWithdrawForm,
    HandoverProposeForm,
    HandoverRejectForm,
    LawfulBasisForm,
    LevelForm,
    LogCorrectionForm,
    LogEntryForm,
    TeamAddForm,
    TeamRemoveForm,
)
from helhet.cases.models import Case, LogKind
from helhet.cases.selectors import case as selectors
from helhet.cases.views.common import action_page, case_for, done, submit, version_of
from helhet.consent import services as consent_services
from helhet.consent.models import GivenBy
from helhet.consent.services.consents import accepted_consenters
from helhet.core.forms import VersionedForm
from helhet.pathways.views import pathway_section
from helhet.plans.rules import final_evaluation_missing
from helhet.plans.selectors.plan import plan_overview

# Entries a person wrote (or decided) can be corrected; entries the system wrote for a team,
# consent or level change are corrected by undoing the change, not by a correction.
CORRECTABLE_KINDS = {LogKind.NOTE, LogKind.MEETING, LogKind.DECISION}


# --- the case page -----------------------------------------------------------------------------


@login_required
@require_GET
def case_detail(request, pk: int):
    page = selectors.case_page(fetched_by=request.user, pk=pk)
    case, access = page.case, page.access
    actions = {
        "lead": access.lead,
        "handover": access.propose_handover,
        "consent": access.record_consent,
        "log": access.add_log_entry,
        "access_log": access.view_access_log,
        "withhold": access.withhold_log_entry,
    }
    return render(
        request,
        "cases/case_detail.html",
        {
            "page": page,
            "case": case,
            "can": actions,
            "correctable": CORRECTABLE_KINDS,
            "overview": plan_overview(case=case, covered=access.covered_services),
            **pathway_section(
                request,
                subject=case,
                may_start=policy.can_start_pathway_on_case(request.user, case, access=access),
                start_url=reverse("pathways:start_case", args=[case.pk]),
            ),
        },
    )


# --- the log -----------------------------------------------------------------------------------


@login_required
@require_GET
def case_log(request, pk: int):
    access = policy.access_case(request.user, pk)
    case = access.case
    page = selectors.case_log(
        fetched_by=request.user, case=case, page_number=request.GET.get("page")
    )
    return render(
        request,
        "cases/case_log.html",
        {
            "case": case,
            "page": page,
            "can": {"log": access.add_log_entry, "withhold": access.withhold_log_entry},
            "correctable": CORRECTABLE_KINDS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_entry_add(request, pk: int):
    case = case_for(request, pk, "add_log_entry")
    form = LogEntryForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.log_entry_add(
            case=case,
            author=request.user,
            kind=data["kind"],
            text=data["text"],
            strengths=data["strengths"],
            worries=data["worries"],
        ),
    ):
        return done(request, case, _("The entry was added to the log."))
    return action_page(request, case, "cases/log_form.html", purpose="add log entry", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def log_entry_correct(request, pk: int, entry_pk: int):
    case = case_for(request, pk, "add_log_entry")
    entry = selectors.case_log_entry_or_404(case=case, entry_pk=entry_pk)
    form = LogCorrectionForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.log_entry_correct(
            entry=entry, author=request.user, text=data["text"]
        ),
    ):
        return done(request, case, _("The correction was added to the log."))
    return action_page(
        request, case, "cases/log_correct.html", purpose="correct log entry", form=form, entry=entry
    )


# --- the team ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request, pk: int):
    case = case_for(request, pk, "lead")
    form = TeamAddForm(
        request.POST or None,
        initial=version_of(case),
        candidates=selectors.team_candidates(case=case),
    )
    if submit(
        request,
        form,
        lambda data: services.team_member_add(
            case=case,
            added_by=request.user,
            professional=data["professional"].professional,
            service=data["professional"].service,
            role_in_case=data["role_in_case"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The team member was added."))
    return action_page(request, case, "cases/team_add.html", purpose="add team member", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request, pk: int, member_pk: int):
    case = case_for(request, pk, "lead")
    member = selectors.case_team_member_or_404(case=case, member_pk=member_pk)
    form = TeamRemoveForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.team_member_remove(
            member=member,
            removed_by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("%(name)s has left the team.") % {"name": member.professional})
    return action_page(
        request,
        case,
        "cases/team_remove.html",
        purpose="remove team member",
        form=form,
        member=member,
    )


# --- consent and lawful basis ------------------------------------------------------------------


def _consenters(case: Case) -> tuple[str, str]:
    """Who must consent at the child's age: (initial choice, help text). The form offers only
    ``accepted_consenters``: below the consent age the young person is not a choice."""
    required = consent_services.required_consenters(case)
    values = {"name": case.child.given_name, "age": selectors.age_of(case.child)}
    if required == {GivenBy.GUARDIANS}:
        return GivenBy.GUARDIANS, _(
            "%(name)s is %(age)s: below the consent age, so the guardians consent."
        ) % values
    if required == {GivenBy.YOUNG_PERSON}:
        return GivenBy.YOUNG_PERSON, _(
            "%(name)s is %(age)s: at this age the young person consents themselves."
        ) % values
    return GivenBy.BOTH, _(
        "%(name)s is %(age)s: at this age both the young person and the guardians consent."
    ) % values


@login_required
@require_http_methods(["GET", "POST"])
def consent_record(request, pk: int):
    access = policy.access_case(request.user, pk, action="record_consent")
    case = access.case
    given_by, consenters_help = _consenters(case)
    accepted = accepted_consenters(case)
    guardians = selectors.consenting_guardians(case=case)
    initial = {
        **version_of(case),
        "given_by": given_by,
        # What is obvious is filled in: the service of the person recording (they are on the
        # team for it), and the guardian when only one has parental responsibility.
        "services": sorted(access.member_services),
    }
    if given_by != GivenBy.YOUNG_PERSON:
        first_two = list(guardians[:2])
        if len(first_two) == 1:
            initial["guardians"] = [first_two[0].pk]
    form = ConsentForm(
        request.POST or None,
        initial=initial,
        guardians=guardians,
        services=selectors.municipality_services(case=case),
        consenters_help=consenters_help,
        consenters=accepted,
    )
    if submit(
        request,
        form,
        lambda data: consent_services.consent_record(
            case=case,
            recorded_by=request.user,
            given_by=data["given_by"],
            guardians=list(data["guardians"]),
            services=list(data["services"]),
            purpose=data["purpose"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            method=data["method"],
            method_note=data["method_note"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The consent was recorded."))
    return action_page(
        request,
        case,
        "cases/consent_form.html",
        purpose="record consent",
        form=form,
        consenters_help=consenters_help,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int, consent_pk: int):
    case = case_for(request, pk, "record_consent")
    consent = selectors.case_consent_or_404(case=case, consent_pk=consent_pk)
    form = ConsentWithdrawForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: consent_services.consent_withdraw(
            consent=consent, withdrawn_by=request.user, note=data["note"]
        ),
    ):
        return done(
            request,
            case,
            _(
                "The consent was withdrawn. Services it no longer covers lost access to the "
                "case at once."
            ),
        )
    return action_page(
        request,
        case,
        "cases/consent_withdraw.html",
        purpose="withdraw consent",
        form=form,
        consent=consent,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lawful_basis_record(request, pk: int):
    case = case_for(request, pk, "lead")
    form = LawfulBasisForm(
        request.POST or None,
        initial=version_of(case),
        services=selectors.municipality_services(case=case),
    )
    if submit(
        request,
        form,
        lambda data: consent_services.lawful_basis_record(
            case=case,
            recorded_by=request.user,
            kind=data["kind"],
            services=list(data["services"]),
            justification=data["justification"],
            expected_version=data["version"],
        ),
    ):
        return done(
            request,
            case,
            _(
                "The lawful basis was recorded and flagged for the team and the data protection "
                "officer."
            ),
        )
    return action_page(
        request, case, "cases/lawful_basis_form.html", purpose="lawful basis", form=form
    )


# --- level, handover, closing ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def level_change(request, pk: int):
    case = case_for(request, pk, "lead")
    form = LevelForm(
        request.POST or None,
        initial={**version_of(case), "level": case.level_id},
        levels=selectors.case_levels(case=case),
    )
    if submit(
        request,
        form,
        lambda data: services.case_change_level(
            case=case,
            changed_by=request.user,
            level=data["level"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The level was changed."))
    return action_page(request, case, "cases/level_form.html", purpose="change level", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def handover_propose(request, pk: int):
    case = case_for(request, pk, "propose_handover")
    form = HandoverProposeForm(
        request.POST or None,
        initial=version_of(case),
        candidates=selectors.handover_candidates(case=case),
    )
    if submit(
        request,
        form,
        lambda data: services.handover_propose(
            case=case,
            proposed_by=request.user,
            to_professional=data["to_professional"].professional,
            to_service=data["to_professional"].service,
            reason=data["reason"],
            expected_version=data["version"],
        ),
    ):
        return done(
            request,
            case,
            _("The handover was proposed. You remain the coordinator until it is accepted."),
        )
    return action_page(
        request, case, "cases/handover_propose.html", purpose="propose handover", form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk: int):
    case = case_for(request, pk, "lead")
    form = CaseCloseForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.case_close(
            case=case,
            closed_by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The case was closed."))
    return action_page(
        request,
        case,
        "cases/case_close.html",
        purpose="close case",
        form=form,
        pending_handover=selectors.pending_handover(case=case),
        final_evaluation_missing=final_evaluation_missing(case),
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_answer(request, pk: int):
    handover = selectors.handover_for(fetched_by=request.user, pk=pk)
    case = handover.case
    accept_form = VersionedForm(
        request.POST if request.POST.get("action") == "accept" else None,
        initial=version_of(case),
        prefix="accept",
    )
    reject_form = HandoverRejectForm(
        request.POST if request.POST.get("action") == "reject" else None,
        initial=version_of(case),
        prefix="reject",
    )
    if request.method == "POST":
        # Only the receiver answers (the policy's one rule), as the API asks too.
        policy.require_handover_answerable(request.user, handover)
        action = request.POST.get("action")
        if action == "accept" and submit(
            request,
            accept_form,
            lambda data: services.handover_accept(handover=handover, accepted_by=request.user),
        ):
            return done(request, case, _("You are now the coordinator of the case."))
        if action == "reject" and submit(
            request,
            reject_form,
            lambda data: services.handover_reject(
                handover=handover, rejected_by=request.user, reason=data["reason"]
            ),
        ):
            messages.success(request, _("You said no to the coordinator role."))
            return redirect("cases:my_work")
        if action not in {"accept", "reject"}:
            messages.error(request, _("Choose to accept or to say no."))
    selectors.handover_read_record(read_by=request.user, handover=handover)
    return render(
        request,
        "cases/handover_answer.html",
        {
            "handover": handover,
            "case": case,
            "receiving": policy.can_answer_handover(request.user, handover),
            "accept_form": accept_form,
            "reject_form": reject_form,
        },
    )


# --- who accessed the case ---------------------------------------------------------------------


@login_required
@require_GET
def access_log(request, pk: int):
    case = case_for(request, pk, "view_access_log")
    page = selectors.case_access_log(
        fetched_by=request.user, case=case, page_number=request.GET.get("page")
    )
    return render(request, "cases/access_log.html", {"case": case, "page": page})
