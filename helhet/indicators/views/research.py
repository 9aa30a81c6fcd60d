"""The data protection officer's research projects: propose, approve, extract, end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.indicators import selectors, services
from helhet.indicators.forms import (
    ResearchProjectForm,
)
from helhet.indicators.research import FIELDS


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
    return _back_to_project(
        request,
        pk,
        lambda: services.research_project_approve(approved_by=request.user, pk=pk),
        _("The project is approved."),
    )


def _back_to_project(request, pk: int, call, done: str):
    """Run one service call for the project's page; its refusal becomes the message."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("indicators:research_project", pk=pk)


@login_required
@require_POST
def research_end(request, pk: int):
    return _back_to_project(
        request,
        pk,
        lambda: services.research_project_end(ended_by=request.user, pk=pk),
        _("The project has ended and its key is erased."),
    )


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
