"""Thin views of a case's meetings: plan one, see it, record the minutes with decisions, cancel
it, and print the summary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.access import policy
from helhet.cases.views.common import action_page, case_for, done, submit, version_of
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.plans import services
from helhet.plans.forms import DecisionFormSet, MeetingCancelForm, MeetingForm, MeetingMinutesForm
from helhet.plans.models import MeetingStatus
from helhet.plans.pdf import pdf_response
from helhet.plans.selectors import meetings as selectors
from helhet.plans.selectors.plan import active_goals


@login_required
@require_GET
def meeting_list(request, pk: int):
    access = policy.access_case(request.user, pk)
    case = access.case
    meetings = selectors.meeting_list(fetched_by=request.user, case=case)
    return render(
        request,
        "plans/meeting_list.html",
        {
            "case": case,
            "meetings": meetings,
            "can_work": access.work_on_plan,
            "now": clock.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request, pk: int):
    case = case_for(request, pk, "work_on_plan")
    guardians = selectors.meeting_guardian_choices(case=case)
    form = MeetingForm(
        request.POST or None,
        initial={
            **version_of(case),
            "guardians": [g.pk for g in guardians if g.has_parental_responsibility],
        },
        guardians=guardians,
        professionals=selectors.team_professionals(case=case),
    )
    if submit(
        request,
        form,
        lambda data: services.meeting_plan(
            case=case,
            planned_by=request.user,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            agenda=data["agenda"],
            child_takes_part=data["child_takes_part"],
            guardians=list(data["guardians"]),
            professionals=list(data["professionals"]),
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The meeting was planned."), to="plans:meetings")
    return action_page(request, case, "plans/meeting_form.html", purpose="plan meeting", form=form)


@login_required
@require_GET
def meeting_detail(request, pk: int, meeting_pk: int):
    access = policy.access_case(request.user, pk)
    case = access.case
    meeting = selectors.case_meeting_or_404(case=case, meeting_pk=meeting_pk)
    decisions = selectors.meeting_decisions(meeting=meeting)
    selectors.meeting_read_record(read_by=request.user, meeting=meeting)
    can_work = access.work_on_plan
    return render(
        request,
        "plans/meeting_detail.html",
        {
            "case": case,
            "meeting": meeting,
            "decisions": decisions,
            "can_record": can_work
            and meeting.status == MeetingStatus.PLANNED
            and meeting.starts_at <= clock.now(),
            "can_cancel": can_work and meeting.status == MeetingStatus.PLANNED,
            "can_export": access.export_plan,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request, pk: int, meeting_pk: int):
    case = case_for(request, pk, "work_on_plan")
    meeting = selectors.case_meeting_or_404(case=case, meeting_pk=meeting_pk)
    professionals = selectors.team_professionals(case=case)
    goals = active_goals(case=case)
    data = request.POST or None
    form = MeetingMinutesForm(data, initial=version_of(case))
    decisions = DecisionFormSet(
        data,
        prefix="decision",
        form_kwargs={"professionals": professionals, "goals": goals},
    )
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        rows = [
            services.DecisionInput(
                text=row["text"],
                responsible=row["responsible"],
                due_on=row["due_on"],
                outcome=row["outcome"],
                goal=row.get("goal"),
            )
            for row in decisions.cleaned_data
            if row
        ]
        try:
            services.meeting_record(
                meeting=meeting,
                recorded_by=request.user,
                summary=form.cleaned_data["summary"],
                child_voice=form.cleaned_data["child_voice"],
                child_not_asked_reason=form.cleaned_data["child_not_asked_reason"],
                decisions=rows,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, _decision_error(error, rows))
        else:
            return done(
                request,
                case,
                _("The minutes were recorded and added to the log."),
                to="plans:meetings",
            )
    return action_page(
        request,
        case,
        "plans/meeting_minutes.html",
        purpose="record meeting minutes",
        form=form,
        decisions=decisions,
        meeting=meeting,
    )


def _decision_error(error: DomainError, rows) -> DomainError:
    """A refused decision row is reported at the top, naming the row (rows are not fields)."""
    if error.field and error.field.startswith("decision-"):
        number = int(error.field.split("-")[1]) + 1
        return DomainError(
            _("Decision %(number)s: %(message)s") % {"number": number, "message": error.message}
        )
    return error


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int, meeting_pk: int):
    case = case_for(request, pk, "work_on_plan")
    meeting = selectors.case_meeting_or_404(case=case, meeting_pk=meeting_pk)
    form = MeetingCancelForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.meeting_cancel(
            meeting=meeting,
            cancelled_by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The meeting was cancelled."), to="plans:meetings")
    return action_page(
        request,
        case,
        "plans/meeting_cancel.html",
        purpose="cancel meeting",
        form=form,
        meeting=meeting,
    )


@login_required
@require_GET
def meeting_pdf(request, pk: int, meeting_pk: int):
    case = case_for(request, pk, "export_plan")
    meeting = selectors.case_meeting_or_404(case=case, meeting_pk=meeting_pk)
    if meeting.status != MeetingStatus.HELD:
        raise Http404
    decisions = selectors.meeting_decisions(meeting=meeting)
    selectors.meeting_read_record(read_by=request.user, meeting=meeting, action="case.export")
    return pdf_response(
        request,
        "plans/pdf/meeting.html",
        {"case": case, "meeting": meeting, "decisions": decisions, "printed_on": clock.today()},
        filename=f"meeting-{meeting.pk}.pdf",
    )
