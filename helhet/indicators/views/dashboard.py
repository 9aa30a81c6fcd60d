"""The leaders' dashboard and its downloads (CSV, XLSX, PDF): thin views over the selectors."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helhet.access import policy
from helhet.core import clock, exports
from helhet.indicators import presentation, selectors
from helhet.indicators.definitions import Area
from helhet.indicators.forms import (
    DashboardFilter,
    months_back,
)
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
