"""Concern pages: find the child, register the child if new, register and decide a concern.

Thin views: parse, ask the policy, call one selector or service, render. Personal data never
goes into a URL: searches are POSTed, and pages are addressed by opaque ids only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.cases import services
from helhet.cases.forms.concerns import (
    ChildAddNationalIdForm,
    ChildRegisterForm,
    ChildSearchForm,
    ConcernDecideForm,
    ConcernForm,
    guardian_forms,
)
from helhet.cases.models import ConcernStatus
from helhet.cases.selectors import concerns as selectors
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error, add_validation_error
from helhet.core.once import OneTimeToken
from helhet.pathways.views import pathway_section
from helhet.people import nordic_id
from helhet.people import selectors as people_selectors
from helhet.people import services as people_services
from helhet.people.models import Professional

# --- helpers ------------------------------------------------------------------------------------


def _professional(request) -> Professional:
    professional = policy.actor_professional(request.user)
    if professional is None:
        raise Http404
    return professional


FOUND_KEY = "helhet.found_children"


def _found(request) -> list[int]:
    return request.session.get(FOUND_KEY, [])


def _remember_found(request, pks: list[int]) -> None:
    """Children this session found by exact search or registered: a concern may follow."""
    request.session[FOUND_KEY] = (
        _found(request) + [pk for pk in pks if pk not in _found(request)]
    )[-50:]


def _demo_hint(professional: Professional) -> dict:
    """In the demo: how synthetic identity numbers look, and a few to try."""
    if not settings.HELHET_DEMO:
        return {}
    country = professional.municipality.country
    return {
        "synthetic_convention": nordic_id.synthetic_convention(country),
        "synthetic_numbers": people_selectors.demo_synthetic_numbers(
            municipality=professional.municipality
        ),
    }


# --- find the child first -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def concern_start(request):
    professional = _professional(request)  # 404 without a professional profile
    form = ChildSearchForm(
        request.POST if request.method == "POST" else None,
        country=professional.municipality.country,
    )
    matches = None
    if request.method == "POST" and form.is_valid():
        try:
            matches = selectors.child_lookup(fetched_by=request.user, **form.search_terms())
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            _remember_found(request, [m.pk for m in matches])
    return render(
        request,
        "cases/concern_start.html",
        {
            "form": form,
            "matches": matches,
            "searched": matches is not None,
            "error_forms": [form],
            "has_errors": bool(form.errors),
            **_demo_hint(professional),
        },
    )


# --- register a new child -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def child_register(request):
    professional = _professional(request)
    municipality = professional.municipality
    # "Register a new child" on the search page POSTs the search terms here to fill in the form,
    # so that they never appear in a URL.
    prefill = request.method == "POST" and request.POST.get("prefill") == "1"
    duplicates = []
    if request.method == "POST" and not prefill:
        form = ChildRegisterForm(request.POST)
        guardians = guardian_forms(request.POST)
        valid = [form.is_valid(), *(g.is_valid() for g in guardians)]
        if all(valid):
            try:
                child = people_services.child_register(
                    registered_by=request.user,
                    municipality=municipality,
                    child=form.child_fields(),
                    guardians=[g.guardian_fields() for g in guardians if g.has_changed()],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
                if _is_duplicate(exc):
                    duplicates = _duplicates(request, form)
            else:
                _remember_found(request, [child.pk])
                messages.success(request, _("The child was registered. Now describe your concern."))
                return redirect("cases:concern_create", child_pk=child.pk)
    else:
        initial = {}
        if prefill:
            initial = {
                k: request.POST.get(k, "").strip()
                for k in ("family_name", "date_of_birth", "national_id")
            }
        form = ChildRegisterForm(initial=initial)
        guardians = guardian_forms()
    return _register_page(request, professional, form, guardians, duplicates)


def _is_duplicate(error: ValidationError) -> bool:
    """Was the registration refused because the child is registered already (name and birth
    date)?"""
    refusals = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    return any(refusal.code == people_services.DUPLICATE_CHILD for refusal in refusals)


def _duplicates(request, form: ChildRegisterForm) -> list:
    """The children a refused registration collided with: found by exact name and birth date,
    so a concern about them may follow on this page."""
    data = form.cleaned_data
    found = people_selectors.child_duplicates(
        fetched_by=request.user,
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
    )
    _remember_found(request, [child.pk for child in found])
    return found


def _register_page(request, professional, form, guardians, duplicates):
    has_errors = bool(form.errors) or any(g.errors for g in guardians)
    typed_number = form.is_bound and bool((form.data.get("national_id") or "").strip())
    number_ok = typed_number and "national_id" not in form.errors
    return render(
        request,
        "cases/child_register.html",
        {
            "form": form,
            "guardians": guardians,
            "error_forms": [form, *guardians],
            "has_errors": has_errors,
            "duplicates": duplicates,
            # The number typed may be added to a child registered without one.
            "offer_number": number_ok,
            **_demo_hint(professional),
        },
    )


@login_required
@require_POST
def child_add_national_id(request):
    """A registration refused as a duplicate of a child without an identity number may give
    that child the number typed instead ("Add this number to the existing child"), and the
    concern follows. The whole registration form comes along (POST only, never in the URL), so
    that a refusal shows the page again as it was typed."""
    professional = _professional(request)
    target = ChildAddNationalIdForm(request.POST)
    if not target.is_valid() and "existing_child" in target.errors:
        raise Http404
    form = ChildRegisterForm(request.POST)
    guardians = guardian_forms(request.POST)
    typed_child = form.is_valid()
    for guardian in guardians:
        guardian.is_valid()
    child_pk = target.cleaned_data["existing_child"]
    try:
        child = people_services.child_national_id_add(
            added_by=request.user,
            child_pk=child_pk,
            national_id=target.cleaned_data.get("national_id", ""),
            found_by_actor=child_pk in _found(request),
        )
    except ValidationError as exc:
        add_validation_error(form, exc)
        duplicates = _duplicates(request, form) if typed_child else []
        return _register_page(request, professional, form, guardians, duplicates)
    _remember_found(request, [child.pk])
    messages.success(
        request, _("The identity number was added to the child. Now describe your concern.")
    )
    return redirect("cases:concern_create", child_pk=child.pk)


# --- register the concern -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def concern_create(request, child_pk: int):
    professional = _professional(request)
    child = selectors.child_for_concern(
        fetched_by=request.user, pk=child_pk, found_by_actor=child_pk in _found(request)
    )
    service_qs = selectors.concern_services(professional=professional)
    once = OneTimeToken(request, scope=f"concern:{child.pk}")
    form_kwargs = {"services": service_qs, "municipality": professional.municipality}
    if request.method == "POST":
        token = request.POST.get("once_token", "")
        claim = once.claim(token)
        if claim.state == "done":
            messages.info(request, _("This concern was already registered. Here it is."))
            return redirect("cases:concern", pk=claim.result)
        if claim.state == "busy":
            messages.info(
                request,
                _("Your concern is still being saved. It will appear under My work in a moment."),
            )
            return redirect("cases:my_work")
        if claim.fresh:
            form = ConcernForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    concern = services.concern_register(
                        registered_by=request.user, child=child, **form.concern_fields()
                    )
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    once.complete(token, concern.pk)
                    messages.success(
                        request,
                        _(
                            "The concern was registered. Only you and the leaders of your "
                            "service can see it."
                        ),
                    )
                    return redirect("cases:concern", pk=concern.pk)
            once.release(token)  # refused: the corrected form may be sent with the same token
        else:  # a token this session was never given: keep what was typed, ask to send again
            data = request.POST.copy()
            data["once_token"] = once.issue()
            form = ConcernForm(data, **form_kwargs)
            form.is_valid()
            form.add_error(
                None,
                _("This form has expired. Check what you wrote and send it again."),
            )
    else:
        form = ConcernForm(initial={"once_token": once.issue()}, **form_kwargs)
    return render(
        request,
        "cases/concern_form.html",
        {
            "form": form,
            "child": child,
            "has_services": service_qs.exists(),
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


# --- read and decide ----------------------------------------------------------------------------


@login_required
@require_GET
def concern_detail(request, pk: int):
    concern = selectors.concern_detail(fetched_by=request.user, pk=pk)
    can_view_case = concern.case_id is not None and policy.can_view_case(request.user, concern.case)
    return render(
        request,
        "cases/concern_detail.html",
        {
            "concern": concern,
            "can_decide": policy.can_decide_concern(request.user, concern),
            "can_view_case": can_view_case,
            "overdue": concern.status == ConcernStatus.OPEN
            and concern.decision_due < clock.today(),
            **pathway_section(
                request,
                subject=concern,
                may_start=policy.can_start_pathway_on_concern(request.user, concern),
                start_url=reverse("pathways:start_concern", args=[concern.pk]),
            ),
        },
    )


DECIDED_MESSAGES = {
    ConcernStatus.CLOSED: gettext_lazy("The concern was closed."),
    ConcernStatus.OWN_SERVICE: gettext_lazy(
        "Decided: the concern is followed up within your own service."
    ),
    ConcernStatus.COLLABORATION: gettext_lazy(
        "A collaboration was started, with you as coordinator."
    ),
    ConcernStatus.REPORTED: gettext_lazy("The report to child welfare was recorded."),
}


def _already_decided(request, pk: int):
    messages.info(request, _("This concern has already been decided. Nothing was changed."))
    return redirect("cases:concern", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def concern_decide(request, pk: int):
    professional = _professional(request)
    concern = selectors.concern_detail(fetched_by=request.user, pk=pk, purpose="decide concern")
    if concern.status != ConcernStatus.OPEN:
        return _already_decided(request, concern.pk)
    if not policy.can_decide_concern(request.user, concern):
        raise Http404
    form = ConcernDecideForm(
        request.POST if request.method == "POST" else None, municipality=professional.municipality
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.concern_decide(
                concern=concern,
                decided_by=request.user,
                decision=data["decision"],
                note=data["note"],
                level=data["level"],
                report_content=data["report_content"],
            )
        except DomainError as exc:
            concern.refresh_from_db(fields=["status"])
            if concern.status != ConcernStatus.OPEN:  # decided by someone else meanwhile
                return _already_decided(request, concern.pk)
            add_domain_error(form, exc)
        else:
            messages.success(request, str(DECIDED_MESSAGES[concern.status]))
            if concern.status == ConcernStatus.COLLABORATION:
                return redirect("cases:case", pk=concern.case_id)
            return redirect("cases:concern", pk=concern.pk)
    return render(
        request,
        "cases/concern_decide.html",
        {
            "concern": concern,
            "form": form,
            "levels": form.level_options(),
            "overdue": concern.decision_due < clock.today(),
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )
