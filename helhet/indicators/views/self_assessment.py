"""The leader group's self-assessment of the six areas: the history, its downloads, the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.access import policy
from helhet.core import exports
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.indicators import presentation, selectors, services
from helhet.indicators.definitions import STATEMENTS, Area
from helhet.indicators.forms import (
    SelfAssessmentForm,
)


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
