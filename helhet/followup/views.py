"""The follow-up register's pages: thin views over its selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.cases.views.concern_from import concern_from_page
from helhet.core import clock, exports
from helhet.core.errors import DomainError
from helhet.core.file_import import file_import_page
from helhet.core.forms import add_domain_error
from helhet.followup import selectors, services
from helhet.followup.forms import (
    ContactForm,
    CountForm,
    MeasureForm,
    MeasureOutcomeForm,
    RegisterImportForm,
    StatusForm,
)
from helhet.followup.models import FollowUpStatus


def _member(request):
    if not policy.follow_up_services(request.user).exists():
        raise Http404


@login_required
@require_GET
def register(request):
    _member(request)
    status = request.GET.get("status", "")
    return render(
        request,
        "followup/register.html",
        {
            "follow_ups": selectors.follow_up_list(fetched_by=request.user, status=status),
            "status": status,
            "statuses": FollowUpStatus.choices,
            "can_import": policy.follow_up_services(request.user, leading=True).exists(),
        },
    )


def _outcome_prefix(measure_pk: int) -> str:
    return f"measure-{measure_pk}"


def _detail(request, pk: int, **forms):
    page = selectors.follow_up_detail(fetched_by=request.user, pk=pk)
    status_form = forms.get("status_form") or StatusForm()
    contact_form = forms.get("contact_form") or ContactForm()
    measure_form = forms.get("measure_form") or MeasureForm()
    failed_outcome = forms.get("outcome_form")
    measures = [
        (
            measure,
            failed_outcome
            if failed_outcome is not None and failed_outcome.prefix == _outcome_prefix(measure.pk)
            else MeasureOutcomeForm(
                prefix=_outcome_prefix(measure.pk),
                outcomes=services.NEXT_OUTCOMES.get(measure.outcome, ()),
            ),
        )
        for measure in page.measures
    ]
    failed = [f for f in forms.values() if f]
    return render(
        request,
        "followup/follow_up.html",
        {
            "page": page,
            "follow_up": page.follow_up,
            "status_form": status_form,
            "contact_form": contact_form,
            "measure_form": measure_form,
            "measures": measures,
            "error_forms": failed,
            "has_errors": any(f.errors for f in failed),
        },
    )


@login_required
@require_GET
def follow_up(request, pk: int):
    return _detail(request, pk)


def _submit(request, pk: int, form, write, message: str, form_name: str):
    """A form on the young person's page: written by ``write``, or the page with its errors."""
    if form.is_valid():
        try:
            write(**form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("followup:detail", pk=pk)
    return _detail(request, pk, **{form_name: form})


@login_required
@require_POST
def status_change(request, pk: int):
    return _submit(
        request,
        pk,
        StatusForm(request.POST),
        lambda **data: services.status_change(changed_by=request.user, pk=pk, **data),
        _("The status was changed."),
        "status_form",
    )


@login_required
@require_POST
def contact_add(request, pk: int):
    return _submit(
        request,
        pk,
        ContactForm(request.POST),
        lambda **data: services.contact_add(added_by=request.user, pk=pk, **data),
        _("The contact was recorded."),
        "contact_form",
    )


@login_required
@require_POST
def measure_offer(request, pk: int):
    return _submit(
        request,
        pk,
        MeasureForm(request.POST),
        lambda **data: services.measure_offer(offered_by=request.user, pk=pk, **data),
        _("The measure was recorded."),
        "measure_form",
    )


@login_required
@require_POST
def measure_outcome(request, pk: int, measure_pk: int):
    return _submit(
        request,
        pk,
        MeasureOutcomeForm(request.POST, prefix=_outcome_prefix(measure_pk)),
        lambda **data: services.measure_outcome(
            changed_by=request.user, pk=pk, measure_pk=measure_pk, **data
        ),
        _("The outcome was recorded."),
        "outcome_form",
    )


@login_required
@require_POST
def counsellor_take(request, pk: int):
    services.counsellor_take(taken_by=request.user, pk=pk)
    messages.success(request, _("You are the young person's counsellor."))
    return redirect("followup:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def concern(request, pk: int):
    """A concern of the follow-up service about the young person, the register's facts in."""
    follow_up = selectors.follow_up_detail(fetched_by=request.user, pk=pk).follow_up
    return concern_from_page(
        request,
        child=follow_up.child,
        services=policy.follow_up_services(request.user).filter(pk=follow_up.service_id),
        observation=_(
            "On the follow-up service's register since %(date)s (%(reason)s); status: %(status)s."
        )
        % {
            "date": follow_up.since.isoformat(),
            "reason": follow_up.get_reason_display(),
            "status": follow_up.get_status_display(),
        },
        register=lambda fields: services.concern_register(
            registered_by=request.user, pk=follow_up.pk, **fields
        ),
        back_url=reverse("followup:detail", args=[follow_up.pk]),
        back_label=_("The young person's follow-up"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request):
    services_led = policy.follow_up_services(request.user, leading=True)
    if not services_led.exists():
        raise Http404
    return file_import_page(
        request,
        form=RegisterImportForm(request.POST or None, request.FILES or None, services=services_led),
        run=lambda service_pk, raw: services.register_import(
            imported_by=request.user, service_pk=service_pk, raw=raw
        ),
        refused=services.RegisterRefused,
        template="followup/import.html",
    )


@login_required
@require_GET
def counts(request):
    _member(request)
    form = CountForm(request.GET or None)
    on = clock.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    return render(
        request,
        "followup/counts.html",
        {"form": form, "count": selectors.status_count(fetched_by=request.user, on=on)},
    )


def _counts_download(request, fmt: str):
    _member(request)
    form = CountForm(request.GET or None)
    on = clock.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    return exports.table_download(
        selectors.COUNT_HEADER,
        selectors.status_count_export(fetched_by=request.user, on=on),
        fmt=fmt,
        filename=f"follow-up-{on.isoformat()}",
        sheet=_("Young people by status"),
    )


@login_required
@require_GET
def counts_csv(request):
    return _counts_download(request, "csv")


@login_required
@require_GET
def counts_xlsx(request):
    return _counts_download(request, "xlsx")
