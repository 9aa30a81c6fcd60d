"""The data protection officer's search of the municipality's access log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhet.access import policy
from helhet.audit import selectors
from helhet.audit.forms import AuditSearchForm


@login_required
@require_GET
def audit_search(request):
    if not policy.can_search_audit_log(request.user):
        raise Http404
    form = AuditSearchForm(
        request.GET or None,
        professionals=selectors.searchable_professionals(fetched_by=request.user),
        actions=selectors.searchable_actions(fetched_by=request.user),
    )
    filters = selectors.AuditFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.AuditFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            actor=data["actor"],
            action=data["action"],
            case_id=data["case"],
        )
    page = None
    if not form.is_bound or form.is_valid():
        page = selectors.audit_search(
            fetched_by=request.user, filters=filters, page_number=request.GET.get("page")
        )
    return render(request, "audit/search.html", {"form": form, "page": page})
