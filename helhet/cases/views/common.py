"""Helpers of the thin views that act on one case (the relay's and the plan's pages)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from helhet.access import policy
from helhet.cases.models import Case
from helhet.cases.selectors import case as selectors
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error


def case_for(request, pk: int, action: str) -> Case:
    """The case, if the actor may see it and may do ``action`` (a ``policy.CASE_ACTIONS`` name)
    on it; else 404. The API asks the same access object (``CaseScopedViewSet.case_for``)."""
    return policy.access_case(request.user, pk, action=action).case


def submit(request, form, perform: Callable[[dict], object]) -> bool:
    """Validate and perform a POSTed form. A refused rule lands on the form; nothing is saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        perform(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True


def done(request, case: Case, message: str, *, to: str = "cases:case") -> HttpResponse:
    """Back to the case page (or another page of the case), or to my work if the actor no
    longer has access to the case."""
    messages.success(request, message)
    if policy.can_view_case(request.user, case):
        return redirect(to, pk=case.pk)
    return redirect("cases:my_work")


def action_page(request, case: Case, template: str, *, purpose: str, **context) -> HttpResponse:
    """Render an action page that shows the child's data, and record the read."""
    selectors.case_read_record(read_by=request.user, case=case, purpose=purpose)
    return render(request, template, {"case": case, **context})


def version_of(case: Case) -> dict:
    return {"version": case.version}
