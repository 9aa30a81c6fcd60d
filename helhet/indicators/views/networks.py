"""Networks of municipalities: taking part, the comparison and its downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helhet.access import policy
from helhet.core import clock, exports
from helhet.core.errors import DomainError
from helhet.indicators import selectors, services
from helhet.indicators.forms import (
    PeriodFilter,
    months_back,
)
from helhet.indicators.xlsx import comparison_xlsx


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
