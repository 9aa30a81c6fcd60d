"""Thin views: parse, ask the policy, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhet.access import policy
from helhet.core.forms import add_validation_error
from helhet.directory import selectors, services
from helhet.directory.forms import (
    ContactPersonFormSet,
    DirectorySearchForm,
    ServiceForm,
    contacts_from_formset,
)
from helhet.directory.models import Service

PAGE_SIZE = 20


@login_required
def directory(request):
    if not policy.can_browse_directory(request.user):
        raise Http404
    may_see_inactive = policy.can_create_service(request.user)
    form = DirectorySearchForm(request.GET or None, may_see_inactive=may_see_inactive)
    filters = selectors.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            text=data["q"],
            need=data["need"],
            sector=data["sector"],
            age=data["age"],
            low_threshold=data["low_threshold"],
            include_inactive=data.get("inactive", False),
        )
    results = selectors.service_search(fetched_by=request.user, filters=filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "searched": form.is_bound,
        "can_create": policy.can_create_service(request.user),
    }
    if request.htmx and request.htmx.target == "directory-results":
        return render(request, "directory/_results.html", context)
    return render(request, "directory/directory.html", context)


@login_required
def service_detail(request, pk: int):
    service = selectors.service_detail(fetched_by=request.user, pk=pk)
    return render(
        request,
        "directory/service_detail.html",
        {"service": service, "can_edit": policy.can_edit_service(request.user, service)},
    )


def _edit(request, *, service: Service | None):
    municipality = policy.actor_professional(request.user).municipality
    instance = service or Service(municipality=municipality)
    form = ServiceForm(request.POST or None, instance=instance)
    formset = ContactPersonFormSet(request.POST or None, instance=instance, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                if service is None:
                    saved = services.service_create(
                        created_by=request.user,
                        municipality=municipality,
                        fields=form.service_fields(),
                        needs=form.cleaned_data["needs"],
                        contacts=contacts_from_formset(formset),
                    )
                else:
                    saved = services.service_update(
                        updated_by=request.user,
                        service=service,
                        fields=form.service_fields(),
                        needs=form.cleaned_data["needs"],
                        contacts=contacts_from_formset(formset),
                    )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The directory entry was saved."))
            return redirect("directory:service", pk=saved.pk)
    elif request.method == "POST":
        # The directory's own rules on what did parse, beside the parsing errors: one round.
        parsed = {
            k: form.cleaned_data[k]
            for k in ("name", "min_age", "max_age")
            if k in form.cleaned_data
        }
        try:
            services.service_entry_check(service=instance, fields=parsed)
        except ValidationError as exc:
            add_validation_error(form, exc)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "formset": formset, "service": service},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request):
    if not policy.can_create_service(request.user):
        raise Http404
    return _edit(request, service=None)


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk: int):
    service = policy.get_service_or_404(request.user, pk, for_edit=True)
    return _edit(request, service=service)
