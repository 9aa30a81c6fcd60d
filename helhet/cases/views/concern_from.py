"""A concern registered from another record in one step — an absence signal, the follow-up
register: the concern form with the record's facts filled in and its service fixed, the
record's own service registering it (``register``), then the concern's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.cases.forms.concerns import ConcernForm
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error


def concern_from_page(
    request,
    *,
    child,
    services,
    observation: str,
    register: Callable[[dict], object],
    back_url: str,
    back_label: str,
):
    """``services``: the one service the concern is for (empty: the actor does not work
    there); ``register(fields)``: the record's service that registers the concern."""
    kwargs = {
        "services": services,
        "municipality": policy.actor_professional(request.user).municipality,
    }
    if request.method == "POST":
        form = ConcernForm(request.POST, **kwargs)
        if form.is_valid():
            fields = form.concern_fields()
            fields.pop("service")  # the record's service
            try:
                concern = register(fields)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The concern was registered. Only you and the leaders of your "
                        "service can see it."
                    ),
                )
                return redirect("cases:concern", pk=concern.pk)
    else:
        service = services.first()
        form = ConcernForm(
            initial={"service": service.pk if service else None, "observation": observation},
            **kwargs,
        )
    return render(
        request,
        "cases/concern_form.html",
        {
            "child": child,
            "form": form,
            "has_services": True,
            "error_forms": [form],
            "has_errors": bool(form.errors),
            "form_action": request.path,
            "back_url": back_url,
            "back_label": back_label,
        },
    )
