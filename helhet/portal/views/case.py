"""The family's and the young person's pages of one case."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from helhet.access.policy.portal import PORTAL_SECTIONS, portal_accesses
from helhet.audit import labels
from helhet.consent.services import family as family_consent
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error
from helhet.plans.pdf import pdf_response
from helhet.portal import copy, selectors
from helhet.portal.forms import SharingForm, WhatMattersForm
from helhet.portal.services.sharing import guardian_sharing_set
from helhet.portal.services.voice import family_input_submit
from helhet.portal.views.common import citizen_required, portal_case


@require_GET
@citizen_required
def home(request):
    accesses = portal_accesses(request.citizen)
    summaries = selectors.portal_home(citizen=request.citizen, accesses=accesses)
    return render(request, "portal/home.html", {"summaries": summaries})


@require_GET
@citizen_required
def overview(request, pk: int):
    access = portal_case(request, pk, "any")
    page = selectors.case_overview(citizen=request.citizen, access=access)
    return render(request, "portal/overview.html", {"access": access, "page": page})


@require_GET
@citizen_required
def plan(request, pk: int):
    access = portal_case(request, pk, "plan")
    doc = selectors.case_plan(access=access)
    return render(request, "portal/plan.html", {"access": access, "doc": doc})


@require_GET
@citizen_required
def meetings(request, pk: int):
    access = portal_case(request, pk, "meetings")
    items = selectors.case_meetings(access=access)
    return render(request, "portal/meetings.html", {"access": access, "meetings": items})


@require_GET
@citizen_required
def meeting_ics(request, pk: int, meeting_pk: int):
    """The meeting as a calendar file: time and place, no names, no personal data."""
    access = portal_case(request, pk, "meetings")
    meeting = selectors.case_meeting(access=access, meeting_pk=meeting_pk)
    if meeting is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Helhet//portal//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"helhet-meeting-{meeting.pk}@{request.get_host()}")
    event.add("dtstamp", meeting.planned_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", _("Meeting about the follow-up"))
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_GET
@citizen_required
def log(request, pk: int):
    access = portal_case(request, pk, "log")
    page = selectors.case_log(access=access, page_number=request.GET.get("page"))
    return render(request, "portal/log.html", {"access": access, "page": page})


@require_GET
@citizen_required
def who_looked(request, pk: int):
    access = portal_case(request, pk, "overview")
    page = selectors.who_looked(access=access, page_number=request.GET.get("page"))
    rows = [
        {
            "at": e.occurred_at,
            "who": labels.who(e),
            "service": e.service.name if e.service else "",
            "what": labels.what_was_done(e.action),
        }
        for e in page.object_list
    ]
    return render(request, "portal/who_looked.html", {"access": access, "page": page, "rows": rows})


@require_GET
@citizen_required
def consent(request, pk: int):
    access = portal_case(request, pk, "overview")
    page = selectors.case_consents(access=access)
    return render(request, "portal/consent.html", {"access": access, "page": page})


def _answer(request, pk: int, perform, done: str):
    access = portal_case(request, pk, "overview")
    try:
        perform(access)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("portal:consent", pk=pk)


def _int(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


@require_POST
@citizen_required
def consent_withdraw(request, pk: int):
    consent_id, service_id = _int(request, "consent"), _int(request, "service")
    return _answer(
        request,
        pk,
        lambda access: family_consent.family_consent_withdraw(
            access=access, consent_id=consent_id, service_id=service_id
        ),
        _("Consent was withdrawn. The service no longer has access to your case."),
    )


@require_POST
@citizen_required
def proposal_answer(request, pk: int):
    proposal_id = _int(request, "proposal")
    if request.POST.get("answer") == "yes":
        return _answer(
            request,
            pk,
            lambda access: family_consent.family_proposal_accept(
                access=access, proposal_id=proposal_id, assurance_level=request.citizen.acr
            ),
            _("Thank you. Your consent is recorded."),
        )
    return _answer(
        request,
        pk,
        lambda access: family_consent.family_proposal_decline(
            access=access, proposal_id=proposal_id
        ),
        _("Your answer is recorded: no."),
    )


@require_POST
@citizen_required
def consent_give_own(request, pk: int):
    consent_id = _int(request, "consent")
    return _answer(
        request,
        pk,
        lambda access: family_consent.family_consent_give_own(
            access=access, consent_id=consent_id, assurance_level=request.citizen.acr
        ),
        _("Thank you. Your own consent is recorded."),
    )


@require_http_methods(["GET", "POST"])
@citizen_required
def speak(request, pk: int):
    access = portal_case(request, pk, "speak")
    coming = selectors.upcoming_meetings(access=access)
    form = WhatMattersForm(request.POST or None, meetings=coming)
    if request.method == "POST" and form.is_valid():
        try:
            family_input_submit(
                access=access,
                what_matters=form.cleaned_data["what_matters"],
                scale=form.cleaned_data["scale"],
                meeting_id=form.cleaned_data["meeting"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. The team can read what you wrote."))
            return redirect("portal:case", pk=pk)
    return render(request, "portal/speak.html", {"access": access, "form": form})


@require_http_methods(["GET", "POST"])
@citizen_required
def sharing(request, pk: int):
    access = portal_case(request, pk, "sharing")
    shared = getattr(access.case, "guardian_sharing", None)
    initial = [s for s in PORTAL_SECTIONS if shared and getattr(shared, s)]
    form = SharingForm(request.POST or None, initial={"sections": initial})
    if request.method == "POST" and form.is_valid():
        try:
            guardian_sharing_set(access=access, sections=set(form.cleaned_data["sections"]))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved. Your guardians see what you chose."))
            return redirect("portal:case", pk=pk)
    return render(request, "portal/sharing.html", {"access": access, "form": form})


@require_GET
@citizen_required
def copy_json(request, pk: int):
    access = portal_case(request, pk, "any")
    data = copy.family_copy(citizen=request.citizen, access=access)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="helhet-copy-{access.case.pk}.json"'
    return response


@require_GET
@citizen_required
def copy_pdf(request, pk: int):
    access = portal_case(request, pk, "any")
    data = copy.family_copy(citizen=request.citizen, access=access)
    return pdf_response(
        request,
        "portal/pdf/copy.html",
        {"access": access, "data": data},
        filename=f"helhet-copy-{access.case.pk}.pdf",
    )
