"""The pathway pages: thin views over the pathway selectors and services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.pathways import selectors, services
from helhet.pathways.definition import DefinitionError
from helhet.pathways.forms import PathwayStartForm, StepDoneForm, StopForm, TemplateImportForm


def pathway_section(request, *, subject, may_start: bool, start_url: str) -> dict:
    """The context of a concern's or a case's "Standardised pathway" section
    (``pathways/_subject_pathway.html``): the running pathway, or the form to start one.
    ``subject``: fetched under the policy by the page; ``may_start``: the policy's
    ``can_start_pathway_on_*``."""
    section = selectors.subject_pathway(
        fetched_by=request.user, subject=subject, may_start=may_start
    )
    return {
        "pathway_section": section,
        "pathway_form": PathwayStartForm(templates=section.templates),
        "pathway_start_url": start_url if may_start else "",
    }


def _start(request, *, back: str, **subject_pk):
    """Start a pathway on the subject named (one of ``signal_pk``, ``concern_pk``,
    ``case_pk``), back to its page when refused."""
    policy.get_pathway_subject_or_404(request.user, **subject_pk)  # 404 before the form
    form = PathwayStartForm(
        request.POST, templates=services.templates_offered(fetched_by=request.user)
    )
    if form.is_valid():
        try:
            pathway = services.pathway_start(
                started_by=request.user, template_pk=form.cleaned_data["template"], **subject_pk
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The pathway was started. Its first steps are on My work."))
            return redirect("pathways:detail", pk=pathway.pk)
    else:
        messages.error(request, _("Choose one of the municipality's pathways."))
    return redirect(back)


@login_required
@require_POST
def pathway_start(request, signal_pk: int):
    return _start(request, signal_pk=signal_pk, back=reverse("signals:detail", args=[signal_pk]))


@login_required
@require_POST
def pathway_start_on_concern(request, concern_pk: int):
    return _start(request, concern_pk=concern_pk, back=reverse("cases:concern", args=[concern_pk]))


@login_required
@require_POST
def pathway_start_on_case(request, case_pk: int):
    return _start(request, case_pk=case_pk, back=reverse("cases:case", args=[case_pk]))


def _detail(request, pk: int, *, failed: tuple[int, StepDoneForm] | None = None):
    """The pathway's page: each step with the form to record it, where it is due and open."""
    page = selectors.pathway_detail(fetched_by=request.user, pk=pk)
    failed_pk, failed_form = failed or (None, None)
    stop_form = failed_form if failed_pk == "stop" else StopForm(prefix="stop")

    def form_for(view):
        if not view.step.due_on or view.step.done_at:
            return None
        if view.step.pk == failed_pk:
            return failed_form
        return StepDoneForm(prefix=f"step-{view.step.pk}")

    return render(
        request,
        "pathways/pathway_detail.html",
        {
            "page": page,
            "pathway": page.pathway,
            "steps": [(view, form_for(view)) for view in page.steps],
            "stop_form": stop_form,
            "error_forms": [failed_form] if failed_form else [],
            "has_errors": bool(failed_form and failed_form.errors),
        },
    )


@login_required
@require_GET
def pathway_detail(request, pk: int):
    return _detail(request, pk)


@login_required
@require_POST
def step_done(request, pk: int, step_pk: int):
    form = StepDoneForm(request.POST, prefix=f"step-{step_pk}")
    if form.is_valid():
        try:
            services.pathway_step_done(
                done_by=request.user, pathway_pk=pk, step_pk=step_pk, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The step was recorded as done."))
            return redirect("pathways:detail", pk=pk)
    return _detail(request, pk, failed=(step_pk, form))


@login_required
@require_POST
def pathway_stop(request, pk: int):
    form = StopForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            services.pathway_stop(
                stopped_by=request.user, pathway_pk=pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The pathway was stopped."))
            return redirect("pathways:detail", pk=pk)
    return _detail(request, pk, failed=("stop", form))


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    templates = services.templates_offered(fetched_by=request.user)
    can_import = policy.can_import_pathway_templates(request.user)
    form = TemplateImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        if not can_import:
            raise Http404
        if form.is_valid():
            try:
                _template, created = services.pathway_template_import(
                    imported_by=request.user, raw=form.cleaned_data["file"].read()
                )
            except DefinitionError as exc:
                problems = exc.problems
                form.add_error(
                    "file", _("The file is no pathway Helhet can use. Nothing was saved.")
                )
            else:
                messages.success(
                    request,
                    _("The pathway was imported.")
                    if created
                    else _("The municipality has this pathway already; nothing changed."),
                )
                return redirect("pathways:templates")
    return render(
        request,
        "pathways/template_list.html",
        {
            "templates": templates,
            "form": form,
            "can_import": can_import,
            "problems": problems,
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def template_export(request, pk: int):
    template = policy.pathway_templates_visible_to(request.user).filter(pk=pk).first()
    if template is None:
        raise Http404
    response = HttpResponse(
        json.dumps(template.definition, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{template.code}-v{template.version}.json"'
    )
    return response
