"""One door in: a family asks the municipality for help, and sees what happened to it."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhet.access.policy.portal import portal_children
from helhet.cases.models import CitizenRole
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.people import nordic_id
from helhet.portal import selectors
from helhet.portal.forms import HelpRequestForm
from helhet.portal.services.help import help_request_submit
from helhet.portal.views.common import citizen_required

MAX_CHILD_AGE = 24


def _own_age(citizen) -> int | None:
    try:
        born = nordic_id.parse(citizen.identity_number, citizen.country).birth_date
    except ValidationError:
        return None
    return clock.age_on(born)


def _who_choices(citizen, children) -> list[tuple[str, str]]:
    choices = []
    age = _own_age(citizen)
    own_ids = {c.pk for c in children if c.national_id == citizen.identity_number}
    if age is not None and age <= MAX_CHILD_AGE:
        choices.append(("me", _("Me")))
    for child in children:
        if child.pk not in own_ids:
            choices.append((f"child:{child.pk}", child.given_name))
    choices.append(("other", _("A child of mine who is not listed")))
    return choices


@require_http_methods(["GET", "POST"])
@citizen_required
def help_request(request):
    citizen = request.citizen
    children = portal_children(citizen)
    municipalities = selectors.help_municipalities(citizen=citizen)
    known = {c.municipality_id for c in children}
    chosen = request.POST.get("municipality") or request.GET.get("municipality") or ""
    chosen_id = (
        int(chosen) if chosen.isdigit() else (next(iter(known)) if len(known) == 1 else None)
    )
    services = selectors.help_services(municipality_id=chosen_id)
    form = HelpRequestForm(
        request.POST or None,
        initial={"municipality": chosen_id},
        who_choices=_who_choices(citizen, children),
        municipalities=municipalities,
        services=services,
    )
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="portal_help_request", key=citizen.key):
            return render(request, "429.html", status=429)
        data = form.cleaned_data
        by_id = {f"child:{c.pk}": c for c in children}
        child = by_id.get(data["who"])
        role = CitizenRole.YOUNG_PERSON if data["who"] == "me" else CitizenRole.GUARDIAN
        if data["who"] == "me":
            child = next((c for c in children if c.national_id == citizen.identity_number), None)
        municipality_id = child.municipality_id if child else data["municipality"]
        municipality = next((m for m in municipalities if m.pk == municipality_id), None)
        try:
            if municipality is None:
                raise DomainError(_("Choose the municipality."), field="municipality")
            help_request_submit(
                citizen=citizen,
                role=role,
                municipality=municipality,
                child=child,
                need=data["need"],
                wished_service=services.filter(pk=data["service"]).first()
                if data["service"]
                else None,
                contact_way=data["contact_way"],
                phone=data["phone"],
                email=data["email"],
                best_time=data["best_time"],
                child_given_name=data["child_given_name"],
                child_family_name=data["child_family_name"],
                child_date_of_birth=data["child_date_of_birth"],
                child_national_id=data["child_national_id"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request was sent. You will hear from the municipality within "
                    "%(days)d days."
                )
                % {"days": municipality.concern_decision_days},
            )
            return redirect("portal:help_requests")
    return render(
        request,
        "portal/help_form.html",
        {"form": form, "municipality_chosen": chosen_id, "municipalities": municipalities},
    )


@require_http_methods(["GET"])
@citizen_required
def help_requests(request):
    """The citizen's own requests and their status (no child's case content)."""
    requests = selectors.help_requests_of(citizen=request.citizen)
    return render(request, "portal/help_requests.html", {"requests": requests})


@require_http_methods(["GET"])
def how_to_ask(request):
    """Public: how a family asks for help, without logging in."""
    front_doors = selectors.front_doors()
    return render(request, "portal/how_to_ask.html", {"front_doors": front_doors})
