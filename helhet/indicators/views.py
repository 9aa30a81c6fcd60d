"""The leaders' dashboard and its export: thin views over the selectors."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.core import clock, exports
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.indicators import presentation, selectors, services
from helhet.indicators.definitions import STATEMENTS, Area
from helhet.indicators.forms import (
    DashboardFilter,
    PeriodFilter,
    ResearchProjectForm,
    SelfAssessmentForm,
    months_back,
)
from helhet.indicators.research import FIELDS
from helhet.indicators.xlsx import comparison_xlsx
from helhet.plans.pdf import pdf_response


def _filtered(request):
    services = policy.indicator_services(request.user)
    if not services.exists():
        raise Http404
    form = DashboardFilter(request.GET or None, services=services)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        service = data.get("service")
        return form, {
            "first": data["start"],
            "last": data["end"],
            "service_pk": service.pk if service else None,
            "sector": data.get("sector") or "",
        }
    today: datetime.date = clock.today()
    return form, {"first": months_back(11), "last": today.replace(day=1)}


@login_required
@require_GET
def dashboard(request):
    form, filters = _filtered(request)
    board = selectors.dashboard(fetched_by=request.user, **filters)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": form,
            "board": board,
            "areas": _areas(board),
            "chart": presentation.monthly_chart(board),
            "sector_charts": presentation.sector_charts(board),
            "can_research": policy.can_manage_research(request.user),
            "query": request.GET.urlencode(),
            "error_forms": [form] if form.errors else [],
            "has_errors": bool(form.errors),
        },
    )


def _filename(filters) -> str:
    return f"indicators-{filters['first']:%Y-%m}-{filters['last']:%Y-%m}"


def _dashboard_download(request, fmt: str):
    _form, filters = _filtered(request)
    board = selectors.dashboard_export(fetched_by=request.user, **filters)
    return exports.table_download(
        selectors.EXPORT_HEADER,
        selectors.export_rows(board),
        fmt=fmt,
        filename=_filename(filters),
        sheet=_("Indicators"),
    )


@login_required
@require_GET
def export_csv(request):
    return _dashboard_download(request, "csv")


@login_required
@require_GET
def export_xlsx(request):
    return _dashboard_download(request, "xlsx")


@login_required
@require_GET
def export_pdf(request):
    _form, filters = _filtered(request)
    board = selectors.dashboard_export(fetched_by=request.user, **filters)
    return pdf_response(
        request,
        "indicators/pdf/dashboard.html",
        {"board": board, "areas": _areas(board), "chart": presentation.monthly_chart(board)},
        filename=f"{_filename(filters)}.pdf",
    )


def _areas(board):
    return [
        (label, [f for f in board.figures if f.indicator.area == value])
        for value, label in Area.choices
    ]


@login_required
@require_GET
def self_assessments(request):
    areas = selectors.self_assessments(fetched_by=request.user)
    return render(
        request,
        "indicators/self_assessments.html",
        {
            "areas": areas,
            "trend": presentation.trend_chart(areas),
            "can_record": policy.can_record_self_assessment(request.user),
        },
    )


def _self_assessments_download(request, fmt: str):
    return exports.table_download(
        selectors.SELF_ASSESSMENT_HEADER,
        selectors.self_assessment_export(fetched_by=request.user),
        fmt=fmt,
        filename="self-assessment",
        sheet=_("Self-assessment"),
    )


@login_required
@require_GET
def self_assessments_csv(request):
    return _self_assessments_download(request, "csv")


@login_required
@require_GET
def self_assessments_xlsx(request):
    return _self_assessments_download(request, "xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_record(request, area: str):
    if not policy.can_record_self_assessment(request.user) or area not in Area.values:
        raise Http404
    form = SelfAssessmentForm(request.POST or None, statements=STATEMENTS[area])
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_record(
                recorded_by=request.user,
                area=area,
                year=form.cleaned_data["year"],
                half=form.cleaned_data["half"],
                scores=form.scores(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The self-assessment was recorded."))
            return redirect("indicators:self_assessments")
    return render(
        request,
        "indicators/self_assessment_form.html",
        {
            "form": form,
            "area_label": Area(area).label,
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def networks(request):
    sees_indicators = policy.indicator_services(request.user).exists()
    listed = selectors.networks_listed(fetched_by=request.user)
    can_opt_in = policy.can_opt_in_networks(request.user)
    if not (sees_indicators or can_opt_in or any(n.can_compare for n in listed)):
        raise Http404
    return render(
        request,
        "indicators/networks.html",
        {"networks": listed, "can_opt_in": can_opt_in, "sees_indicators": sees_indicators},
    )


@login_required
@require_POST
def network_join(request, pk: int):
    try:
        services.network_join(joined_by=request.user, network_pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The municipality is in the network: its figures are compared, suppressed.")
        )
    return redirect("indicators:networks")


@login_required
@require_POST
def network_leave(request, pk: int):
    services.network_leave(left_by=request.user, network_pk=pk)
    messages.success(request, _("The municipality left the network."))
    return redirect("indicators:networks")


def _period(request):
    form = PeriodFilter(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, months_back(11), clock.today().replace(day=1)


@login_required
@require_GET
def network_comparison(request, pk: int):
    form, first, last = _period(request)
    compared = selectors.comparison(fetched_by=request.user, network_pk=pk, first=first, last=last)
    return render(
        request,
        "indicators/comparison.html",
        {
            "form": form,
            "comparison": compared,
            "query": request.GET.urlencode(),
            "error_forms": [form] if form.errors else [],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def network_comparison_xlsx(request, pk: int):
    _form, first, last = _period(request)
    compared = selectors.comparison_export(
        fetched_by=request.user, network_pk=pk, first=first, last=last
    )
    return exports.download(
        comparison_xlsx(compared),
        fmt="xlsx",
        filename=f"network-{pk}-{first:%Y-%m}-{last:%Y-%m}",
    )


@login_required
@require_GET
def network_comparison_csv(request, pk: int):
    _form, first, last = _period(request)
    compared = selectors.comparison_export(
        fetched_by=request.user, network_pk=pk, first=first, last=last
    )
    return exports.download(
        exports.csv_text(selectors.COMPARISON_HEADER, selectors.comparison_rows(compared)),
        fmt="csv",
        filename=f"network-{pk}-{first:%Y-%m}-{last:%Y-%m}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def research_projects(request):
    if not policy.can_manage_research(request.user):
        raise Http404
    form = ResearchProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.research_project_propose(
                proposed_by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The project was recorded. Approve it to make extracts."))
            return redirect("indicators:research_project", pk=project.pk)
    return render(
        request,
        "indicators/research_projects.html",
        {
            "projects": selectors.research_projects(fetched_by=request.user),
            "form": form,
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def research_project(request, pk: int):
    project = policy.get_research_project_or_404(request.user, pk)
    return render(
        request,
        "indicators/research_project.html",
        {
            "project": project,
            "fields": [(code, FIELDS[code][0]) for code in project.fields],
            "extracts": selectors.research_extracts(fetched_by=request.user, project=project),
        },
    )


@login_required
@require_POST
def research_approve(request, pk: int):
    try:
        services.research_project_approve(approved_by=request.user, pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The project is approved."))
    return redirect("indicators:research_project", pk=pk)


@login_required
@require_POST
def research_end(request, pk: int):
    try:
        services.research_project_end(ended_by=request.user, pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The project has ended and its key is erased."))
    return redirect("indicators:research_project", pk=pk)


@login_required
@require_POST
def research_extract(request, pk: int):
    try:
        project, data = services.research_extract(made_by=request.user, pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("indicators:research_project", pk=pk)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="extract-{project.pk}.zip"'
    return response
