"""Thin views of the plan: the plan page (today or on a given date), goals, measures, the
evaluation date and evaluations, *What matters to me*, and the plan as PDF.

Each view parses, asks the policy (forbidden and missing are both 404), calls one service or
selector and renders; a refused rule shows on the form, which keeps what was typed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.access import policy
from helhet.cases.selectors import case as case_selectors
from helhet.cases.views.common import action_page, case_for, done, submit, version_of
from helhet.core import clock
from helhet.plans import services
from helhet.plans.forms import (
    EvaluationForm,
    EvaluationScheduleForm,
    GoalForm,
    MeasureForm,
    PlanOnDateForm,
)
from helhet.plans.pdf import plan_pdf_response
from helhet.plans.selectors import meetings as meeting_selectors
from helhet.plans.selectors import plan as selectors
from helhet.plans.selectors.voice import what_matters as what_matters_selector


def _consent_url(access: policy.CaseAccess) -> str | None:
    """Where the goal and measure forms send someone whose service is not covered yet."""
    if not access.record_consent:
        return None
    return reverse("cases:consent_record", args=[access.case.pk])


def _service_choices(access: policy.CaseAccess) -> dict:
    """The services a goal or measure may name: the form offers those the policy found covered
    for this request (``covered_services``); the plan service checks the choice again."""
    return {
        "services": case_selectors.municipality_services(case=access.case),
        "covered": access.covered_services,
        "consent_url": _consent_url(access),
    }


def _goal_form(request, access: policy.CaseAccess, **kwargs) -> GoalForm:
    return GoalForm(
        request.POST or None,
        life_areas=selectors.life_areas(case=access.case),
        **_service_choices(access),
        **kwargs,
    )


def _measure_form(request, access: policy.CaseAccess, **kwargs) -> MeasureForm:
    return MeasureForm(
        request.POST or None,
        professionals=meeting_selectors.team_professionals(case=access.case),
        **_service_choices(access),
        **kwargs,
    )


def _plan_access(request, pk: int) -> policy.CaseAccess:
    """The case and the actor's access, if they may work on the plan; else 404."""
    return policy.access_case(request.user, pk, action="work_on_plan")


@login_required
@require_GET
def plan_detail(request, pk: int):
    access = policy.access_case(request.user, pk)
    case = access.case
    on_form = PlanOnDateForm(request.GET if "on" in request.GET else None)
    if on_form.is_bound and on_form.is_valid():
        doc, snapshot = selectors.plan_as_of(
            fetched_by=request.user, case=case, on=on_form.cleaned_data["on"]
        )
        return render(
            request,
            "plans/plan_history.html",
            {
                "case": case,
                "doc": doc,
                "snapshot": snapshot,
                "on": on_form.cleaned_data["on"],
                "on_form": on_form,
            },
        )
    page = selectors.plan_page(fetched_by=request.user, case=case)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "case": case,
            "page": page,
            "doc": page.doc,
            "on_form": on_form if on_form.is_bound else PlanOnDateForm(),
            "can_work": access.work_on_plan,
            "can_export": access.export_plan,
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request, pk: int):
    access = _plan_access(request, pk)
    case = access.case
    form = _goal_form(request, access, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.goal_add(
            case=case,
            added_by=request.user,
            expected_version=data["version"],
            **services.values_of(data, services.GOAL_FIELDS),
        ),
    ):
        return done(request, case, _("The goal was added to the plan."), to="plans:plan")
    return action_page(
        request,
        case,
        "plans/goal_form.html",
        purpose="add goal",
        form=form,
        consent_url=_consent_url(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_change(request, pk: int, goal_pk: int):
    access = _plan_access(request, pk)
    case = access.case
    goal = selectors.plan_goal_or_404(case=case, goal_pk=goal_pk)
    form = _goal_form(
        request,
        access,
        with_status=True,
        initial={**version_of(case), **services.values_of(goal, services.GOAL_CHANGE_FIELDS)},
    )
    if submit(
        request,
        form,
        lambda data: services.goal_change(
            goal=goal,
            changed_by=request.user,
            expected_version=data["version"],
            **services.values_of(data, services.GOAL_CHANGE_FIELDS),
        ),
    ):
        return done(request, case, _("The goal was changed."), to="plans:plan")
    return action_page(
        request,
        case,
        "plans/goal_form.html",
        purpose="change goal",
        form=form,
        goal=goal,
        consent_url=_consent_url(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, pk: int, goal_pk: int):
    access = _plan_access(request, pk)
    case = access.case
    goal = selectors.plan_goal_or_404(case=case, goal_pk=goal_pk)
    form = _measure_form(
        request,
        access,
        initial={
            **version_of(case),
            "service": goal.responsible_service_id,
            "starts_on": clock.today(),
        },
    )
    if submit(
        request,
        form,
        lambda data: services.measure_add(
            goal=goal,
            added_by=request.user,
            expected_version=data["version"],
            **services.values_of(data, services.MEASURE_FIELDS),
        ),
    ):
        return done(request, case, _("The measure was added to the plan."), to="plans:plan")
    return action_page(
        request,
        case,
        "plans/measure_form.html",
        purpose="add measure",
        form=form,
        goal=goal,
        consent_url=_consent_url(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_change(request, pk: int, measure_pk: int):
    access = _plan_access(request, pk)
    case = access.case
    measure = selectors.plan_measure_or_404(case=case, measure_pk=measure_pk)
    form = _measure_form(
        request,
        access,
        initial={**version_of(case), **services.values_of(measure, services.MEASURE_FIELDS)},
    )
    if submit(
        request,
        form,
        lambda data: services.measure_change(
            measure=measure,
            changed_by=request.user,
            expected_version=data["version"],
            **services.values_of(data, services.MEASURE_FIELDS),
        ),
    ):
        return done(request, case, _("The measure was changed."), to="plans:plan")
    return action_page(
        request,
        case,
        "plans/measure_form.html",
        purpose="change measure",
        form=form,
        goal=measure.goal,
        measure=measure,
        consent_url=_consent_url(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_schedule(request, pk: int):
    case = case_for(request, pk, "work_on_plan")
    form = EvaluationScheduleForm(request.POST or None, initial=version_of(case))
    if submit(
        request,
        form,
        lambda data: services.evaluation_schedule(
            case=case, scheduled_by=request.user, due=data["due"], expected_version=data["version"]
        ),
    ):
        return done(request, case, _("The evaluation date was set."), to="plans:plan")
    return action_page(
        request, case, "plans/evaluation_schedule.html", purpose="set evaluation date", form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_record(request, pk: int):
    case = case_for(request, pk, "work_on_plan")
    form = EvaluationForm(
        request.POST or None,
        initial={
            **version_of(case),
            "evaluated_on": clock.today(),
            "is_final": "final" in request.GET,
        },
    )
    if submit(
        request,
        form,
        lambda data: services.evaluation_record(
            case=case,
            recorded_by=request.user,
            **services.values_of(data, services.EVALUATION_FIELDS),
            expected_version=data["version"],
        ),
    ):
        return done(request, case, _("The evaluation was recorded."), to="plans:plan")
    return action_page(
        request, case, "plans/evaluation_form.html", purpose="record evaluation", form=form
    )


@login_required
@require_GET
def what_matters(request, pk: int):
    case = policy.get_case_or_404(request.user, pk)
    items = what_matters_selector(fetched_by=request.user, case=case)
    return render(request, "plans/what_matters.html", {"case": case, "items": items})


@login_required
@require_GET
def plan_pdf(request, pk: int):
    case = case_for(request, pk, "export_plan")
    return plan_pdf_response(request, selectors.plan_printout(exported_by=request.user, case=case))
