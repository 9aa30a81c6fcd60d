"""Thin views of the plan: the plan page (today or on a given date), goals, measures, the
evaluation date and evaluations, *What matters to me*, and the plan as PDF.

Each view parses, asks the policy (forbidden and missing are both 404), calls one service or
selector and renders; a refused rule shows on the form, which keeps what was typed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
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
from helhet.plans.pdf import pdf_response
from helhet.plans.selectors import meetings as meeting_selectors
from helhet.plans.selectors import plan as selectors
from helhet.plans.selectors.voice import what_matters as what_matters_selector


def _goal_form(request, case, **kwargs) -> GoalForm:
    return GoalForm(
        request.POST or None,
        life_areas=selectors.life_areas(case=case),
        services=case_selectors.municipality_services(case=case),
        **kwargs,
    )


def _measure_form(request, case, **kwargs) -> MeasureForm:
    return MeasureForm(
        request.POST or None,
        services=case_selectors.municipality_services(case=case),
        professionals=meeting_selectors.team_professionals(case=case),
        **kwargs,
    )


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
    case = case_for(request, pk, "work_on_plan")
    form = _goal_form(request, case, initial=version_of(case))
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
    return action_page(request, case, "plans/goal_form.html", purpose="add goal", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def goal_change(request, pk: int, goal_pk: int):
    case = case_for(request, pk, "work_on_plan")
    goal = selectors.plan_goal_or_404(case=case, goal_pk=goal_pk)
    form = _goal_form(
        request,
        case,
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
        request, case, "plans/goal_form.html", purpose="change goal", form=form, goal=goal
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, pk: int, goal_pk: int):
    case = case_for(request, pk, "work_on_plan")
    goal = selectors.plan_goal_or_404(case=case, goal_pk=goal_pk)
    form = _measure_form(
        request,
        case,
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
        request, case, "plans/measure_form.html", purpose="add measure", form=form, goal=goal
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_change(request, pk: int, measure_pk: int):
    case = case_for(request, pk, "work_on_plan")
    measure = selectors.plan_measure_or_404(case=case, measure_pk=measure_pk)
    form = _measure_form(
        request,
        case,
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
    doc = selectors.plan_export(exported_by=request.user, case=case)
    return pdf_response(
        request,
        "plans/pdf/plan.html",
        {"case": case, "doc": doc, "printed_on": clock.today()},
        filename=f"plan-{case.pk}.pdf",
    )
