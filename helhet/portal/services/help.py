"""One door in: a family's written request for help arrives as a concern to decide."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.cases.models import CitizenRole, Concern, ConcernStatus
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LINE, LONG_TEXT, NAME_PART, PHONE, check_text
from helhet.directory.models import Service
from helhet.people import nordic_id
from helhet.people.models import Child, NetworkPerson
from helhet.people.services import child_create
from helhet.portal.models import ContactWay, HelpRequest
from helhet.portal.services.audit import audit_citizen
from helhet.portal.session import Citizen
from helhet.reminders.services import tasks_refresh
from helhet.tenancy.models import Municipality


def front_door(municipality: Municipality) -> Service | None:
    return (
        Service.objects.filter(municipality=municipality, is_front_door=True, is_active=True)
        .order_by("pk")
        .first()
    )


def _child_for(
    citizen: Citizen,
    *,
    role: str,
    municipality: Municipality,
    child: Child | None,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    national_id: str,
) -> Child:
    """The child the request is about: one the citizen already has in Helhet, themselves, or a
    child the guardian names (matched by identity number, else registered)."""
    if child is not None:
        return child
    if role == CitizenRole.YOUNG_PERSON:
        national_id = citizen.identity_number
        parsed = nordic_id.parse(national_id, municipality.country)
        date_of_birth = parsed.birth_date
        parts = (citizen.name or "").rsplit(" ", 1)
        given_name = given_name or parts[0]
        family_name = family_name or (parts[1] if len(parts) > 1 else parts[0])
    if national_id:
        try:
            number = nordic_id.parse(national_id, municipality.country).number
        except ValidationError as error:
            raise DomainError(error.messages[0], field="child_national_id") from None
        existing = Child.objects.filter(municipality=municipality, national_id=number).first()
        if existing is not None:
            return existing
    if not (given_name.strip() and family_name.strip() and date_of_birth):
        raise DomainError(_("Write the child's name and date of birth."), field="child_given_name")
    check_text(given_name, limit=NAME_PART, field="child_given_name")
    check_text(family_name, limit=NAME_PART, field="child_family_name")
    try:
        return child_create(
            municipality=municipality,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            national_id=national_id or None,
        )
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {}
        first = next(iter(messages.values()), error.messages)[0]
        raise DomainError(
            _("%(problem)s If the child is already known, write their identity number.")
            % {"problem": first},
            field="child_given_name",
        ) from None


@transaction.atomic
def help_request_submit(
    *,
    citizen: Citizen,
    role: str,
    municipality: Municipality,
    need: str,
    contact_way: str,
    child: Child | None = None,
    wished_service: Service | None = None,
    phone: str = "",
    email: str = "",
    best_time: str = "",
    child_given_name: str = "",
    child_family_name: str = "",
    child_date_of_birth: datetime.date | None = None,
    child_national_id: str = "",
    citizen_ref: str = "",
) -> HelpRequest:
    """Write the request and its concern (decided at the chosen service, or the front door,
    within the municipality's deadline). The caller checked that ``child`` is the citizen's."""
    if role not in CitizenRole.values:
        raise DomainError(_("Say who is asking."), field="role")
    if not need.strip():
        raise DomainError(_("Write what you need help with."), field="need")
    check_text(need, limit=LONG_TEXT, field="need")
    check_text(phone, limit=PHONE, field="phone")
    check_text(best_time, limit=LINE, field="best_time")
    if contact_way not in ContactWay.values:
        raise DomainError(_("Choose how we should contact you."), field="contact_way")
    if contact_way == ContactWay.PHONE and not phone.strip():
        raise DomainError(_("Write the phone number we should call."), field="phone")
    if contact_way == ContactWay.EMAIL and not email.strip():
        raise DomainError(_("Write the e-mail address we should write to."), field="email")
    if wished_service is not None and (
        wished_service.municipality_id != municipality.pk or not wished_service.is_active
    ):
        raise DomainError(_("Choose a service in the municipality."), field="wished_service")
    service = wished_service or front_door(municipality)
    if service is None:
        raise DomainError(
            _(
                "The municipality has not said who receives requests. Choose the service you "
                "would like help from."
            ),
            field="wished_service",
        )
    if child is not None and child.municipality_id != municipality.pk:
        raise DomainError(_("Choose the municipality where the child lives."), field="municipality")
    the_child = _child_for(
        citizen,
        role=role,
        municipality=municipality,
        child=child,
        given_name=child_given_name,
        family_name=child_family_name,
        date_of_birth=child_date_of_birth,
        national_id=child_national_id,
    )
    now = clock.now()
    concern = Concern.objects.create(
        municipality=municipality,
        child=the_child,
        registered_by=None,
        service=service,
        registered_at=now,
        observation=need.strip(),
        strengths="",
        # The young person's own words are the child's voice.
        child_voice=need.strip() if role == CitizenRole.YOUNG_PERSON else "",
        worry=0,
        decision_due=clock.today() + datetime.timedelta(days=municipality.concern_decision_days),
        status=ConcernStatus.OPEN,
    )
    request = HelpRequest.objects.create(
        municipality=municipality,
        role=role,
        requester_key=citizen.key,
        requester_name=(citizen.name or "")[:160],
        child=the_child,
        need=need.strip(),
        wished_service=wished_service,
        contact_way=contact_way,
        phone=phone.strip(),
        email=email.strip(),
        best_time=best_time.strip(),
        submitted_at=now,
        concern=concern,
    )
    if not citizen_ref:
        guardian = NetworkPerson.objects.filter(
            child=the_child, national_id=citizen.identity_number
        ).first()
        if role == CitizenRole.YOUNG_PERSON:
            citizen_ref = f"child:{the_child.pk}"
        elif guardian is not None:
            citizen_ref = f"network_person:{guardian.pk}"
        else:  # a parent Helhet does not know yet: the keyed hash of their number, shortened
            citizen_ref = f"citizen:{citizen.key[:31]}"
    audit_citizen(
        role=role,
        citizen_ref=citizen_ref,
        action="help_request.create",
        municipality_id=municipality.pk,
        child_id=the_child.pk,
        obj=request,
    )
    tasks_refresh(concern=concern)
    return request
