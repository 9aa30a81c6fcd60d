"""The municipal administrator's pages and the invitation link: thin views over the services
and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.administration import selectors, services
from helhet.administration import staff_import as staff_import_service
from helhet.administration.forms import (
    AcceptForm,
    InviteForm,
    MembershipForm,
    ProfileForm,
    RolesForm,
    StaffImportForm,
)
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error

INVITATION_SESSION_KEY = "helhet_invitation"


def _services(request):
    return selectors.active_services(fetched_by=request.user)


@login_required
@require_GET
def index(request):
    return render(
        request,
        "administration/index.html",
        {"professionals": selectors.professionals(fetched_by=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InviteForm(request.POST or None, services=_services(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            professional = services.professional_invite(
                invited_by=request.user,
                email=data["email"],
                name=data["name"],
                title=data["title"],
                service_pk=data["service"].pk,
                role=data["role"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": professional.user.email},
            )
            return redirect("administration:professional", pk=professional.pk)
    return render(
        request,
        "administration/invite.html",
        {"form": form, "error_forms": [form] if form.errors else [], "has_errors": form.errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    selectors.active_services(fetched_by=request.user)  # 404 for anyone but the administrator
    form = StaffImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = staff_import_service.staff_import(
                imported_by=request.user,
                raw=form.cleaned_data["file"].read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except staff_import_service.StaffImportRefused as exc:
            result = exc.result
            form.add_error("file", _("Nothing was imported: the file has problems (listed below)."))
    return render(
        request,
        "administration/import.html",
        {
            "form": form,
            "result": result,
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def professional(request, pk: int):
    detail = selectors.professional_detail(fetched_by=request.user, pk=pk)
    p = detail.professional
    return render(
        request,
        "administration/professional.html",
        {
            "detail": detail,
            "membership_form": MembershipForm(services=_services(request)),
            "roles_form": RolesForm(
                initial={
                    "is_municipal_admin": p.is_municipal_admin,
                    "is_data_protection_officer": p.is_data_protection_officer,
                    "is_leader_group": p.is_leader_group,
                }
            ),
        },
    )


def _back(request, pk: int, call, done: str):
    """Run one service call for the professional's page; its refusal becomes the message."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("administration:professional", pk=pk)


@login_required
@require_POST
def membership(request, pk: int):
    selectors.administered(fetched_by=request.user, pk=pk)  # 404 before parsing anything
    form = MembershipForm(request.POST, services=_services(request))
    if not form.is_valid():
        messages.error(request, _("Choose a service and a role."))
        return redirect("administration:professional", pk=pk)
    return _back(
        request,
        pk,
        lambda: services.membership_set(
            changed_by=request.user,
            professional_pk=pk,
            service_pk=form.cleaned_data["service"].pk,
            role=form.cleaned_data["role"],
        ),
        _("The service is saved."),
    )


@login_required
@require_POST
def membership_end(request, pk: int, service_pk: int):
    return _back(
        request,
        pk,
        lambda: services.membership_end(
            changed_by=request.user, professional_pk=pk, service_pk=service_pk
        ),
        _("They no longer work in that service."),
    )


@login_required
@require_POST
def roles(request, pk: int):
    form = RolesForm(request.POST)
    form.is_valid()  # booleans: always valid
    return _back(
        request,
        pk,
        lambda: services.roles_set(
            changed_by=request.user, professional_pk=pk, **form.cleaned_data
        ),
        _("The roles are saved."),
    )


@login_required
@require_POST
def deactivate(request, pk: int):
    return _back(
        request,
        pk,
        lambda: services.professional_deactivate(deactivated_by=request.user, professional_pk=pk),
        _("Deactivated: they can no longer log in, and they have left every team."),
    )


@login_required
@require_POST
def reactivate(request, pk: int):
    return _back(
        request,
        pk,
        lambda: services.professional_reactivate(reactivated_by=request.user, professional_pk=pk),
        _("Active again: they can log in."),
    )


@login_required
@require_POST
def resend(request, pk: int):
    return _back(
        request,
        pk,
        lambda: services.invitation_resend(sent_by=request.user, professional_pk=pk),
        _("A new invitation is sent; the earlier link no longer works."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    municipality = selectors.own_municipality(fetched_by=request.user)
    form = ProfileForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.profile_update(changed_by=request.user, values=form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The profile is saved.") if change else _("Nothing was changed."),
            )
            return redirect("administration:profile")
    return render(
        request,
        "administration/profile.html",
        {
            "form": form,
            "history": selectors.profile_history(fetched_by=request.user),
            "error_forms": [form] if form.errors else [],
            "has_errors": form.errors,
        },
    )


# --- the invitation link (no login) ---------------------------------------------------------


@require_GET
def accept_link(request, token: str):
    """Keep the token in the session and leave the URL that carries it, so that it is not in
    the next page's address, its Referer or its logs (as Django's password reset does)."""
    if services.invitation_for(token) is None:
        return render(request, "administration/accept_invalid.html")
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("administration:accept_form")


@require_http_methods(["GET", "POST"])
def accept_form(request):
    token = request.session.get(INVITATION_SESSION_KEY, "")
    invitation = services.invitation_for(token) if token else None
    if invitation is None:
        return render(request, "administration/accept_invalid.html")
    if request.user.is_authenticated:
        return render(request, "administration/accept_logged_in.html")
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            del request.session[INVITATION_SESSION_KEY]
            messages.success(
                request,
                _("Your password is set. Log in now; next you set up the authenticator app."),
            )
            return redirect("account_login")
    return render(
        request,
        "administration/accept.html",
        {
            "form": form,
            "invitation": invitation,
            "error_forms": [form] if form.errors else [],
            "has_errors": form.errors,
        },
    )
