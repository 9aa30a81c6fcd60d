"""The data protection officer's retention pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.retention import selectors, services
from helhet.retention.forms import HoldForm


@login_required
@require_GET
def index(request):
    return render(
        request,
        "retention/index.html",
        {"overview": selectors.overview(fetched_by=request.user)},
    )


@login_required
@require_GET
def archive(request):
    page = selectors.archive_page(fetched_by=request.user, page_number=request.GET.get("page"))
    return render(request, "retention/archive.html", {"page": page})


@login_required
@require_GET
def archived_case(request, pk: int):
    archived = selectors.archived_case(fetched_by=request.user, pk=pk)
    # The hold form for this case's child: only the reason to type.
    form = HoldForm(initial={"child": archived.case.child_id})
    return render(request, "retention/archived_case.html", {"archived": archived, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def hold(request):
    """Place a hold by identity number (the form), or on an archived case's child (a button)."""
    policy.archive_keeper_or_404(request.user)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_hold(
                placed_by=request.user,
                reason=form.cleaned_data["reason"],
                child_pk=form.cleaned_data["child"],
                national_id=form.cleaned_data["national_id"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The hold is placed: nothing of this child is archived or deleted until it "
                    "is lifted."
                ),
            )
            return redirect("retention:index")
    errors = {"error_forms": [form] if form.errors else [], "has_errors": bool(form.errors)}
    return render(request, "retention/hold.html", {"form": form, **errors})


@login_required
@require_POST
def lift(request, pk: int):
    services.lift_hold(lifted_by=request.user, hold_pk=pk)
    messages.success(request, _("The hold is lifted: the retention rules apply again."))
    return redirect("retention:index")
