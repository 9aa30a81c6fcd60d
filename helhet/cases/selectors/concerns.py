"""Reads for concerns and for finding the child, always through the access policy and audited.

Every function here reads a child's personal data, so each one writes its access-log event in
the same transaction as the read.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.models import Concern, ConcernStatus
from helhet.cases.vocabulary import COLLABORATION_MIN_LEVEL
from helhet.directory.models import Service
from helhet.people import nordic_id
from helhet.people.models import Child, MembershipRole, Professional
from helhet.tenancy.models import Level


def _professional_or_404(actor) -> Professional:
    professional = policy.actor_professional(actor)
    if professional is None:
        raise Http404
    return professional


def _role_for_concern(professional: Professional, concern: Concern) -> str:
    if concern.registered_by_id == professional.pk:
        return "author"
    if professional.memberships.filter(
        service_id=concern.service_id, role=MembershipRole.LEADER
    ).exists():
        return "leader"
    if concern.status == ConcernStatus.REPORTED:
        return "child_welfare"
    return "team" if concern.case_id else ""


def concern_detail(*, fetched_by, pk: int, purpose: str = "view concern") -> Concern:
    """One concern the actor may see (404 otherwise), with the read written to the access log."""
    with transaction.atomic():
        concern = policy.get_concern_or_404(fetched_by, pk)
        professional = policy.actor_professional(fetched_by)
        audit_record(
            actor=fetched_by,
            action="concern.read",
            actor_role=_role_for_concern(professional, concern),
            purpose=purpose,
            municipality_id=concern.municipality_id,
            service_id=concern.service_id,
            child_id=concern.child_id,
            case_id=concern.case_id,
            obj=concern,
        )
    return concern


@dataclasses.dataclass(frozen=True)
class ChildMatch:
    """Only what is needed to recognise the child: never more (duplicate prevention)."""

    pk: int
    given_name: str
    family_name: str
    date_of_birth: datetime.date


def child_lookup(
    *,
    fetched_by,
    national_id: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
) -> list[ChildMatch]:
    """Children of the actor's municipality matching exactly, to prevent duplicate registrations.

    By national identity number (checked for the municipality's country), or by family name
    (case-insensitive) and date of birth — one of the two is required. Each child found is
    logged as looked up; a search with no result is logged once. Raises ``ValidationError``
    naming the fields for a bad number or missing terms (the page and the API show it).
    """
    professional = _professional_or_404(fetched_by)
    children = Child.objects.filter(municipality_id=professional.municipality_id)
    national_id = (national_id or "").strip()
    family_name = (family_name or "").strip()
    if national_id:
        # Raises ValidationError({"national_id": …}) with a clear message.
        try:
            canonical = nordic_id.parse(national_id, professional.municipality.country).number
        except ValidationError as exc:
            raise ValidationError({"national_id": exc.messages}) from None
        children = children.filter(national_id=canonical)
    elif family_name and date_of_birth:
        children = children.filter(family_name__iexact=family_name, date_of_birth=date_of_birth)
    elif not family_name and not date_of_birth:
        raise ValidationError(
            _("Enter the national identity number, or the family name and the date of birth.")
        )
    elif not family_name:
        raise ValidationError({"family_name": _("Enter the family name, too.")})
    else:
        raise ValidationError({"date_of_birth": _("Enter the date of birth, too.")})
    with transaction.atomic():
        matches = [
            ChildMatch(c.pk, c.given_name, c.family_name, c.date_of_birth)
            for c in children.only("pk", "given_name", "family_name", "date_of_birth").order_by(
                "family_name", "given_name", "pk"
            )[:20]
        ]
        for match in matches or [None]:
            audit_record(
                actor=fetched_by,
                action="child.lookup",
                purpose="find the child before registering a concern",
                municipality_id=professional.municipality_id,
                child_id=match.pk if match else None,
            )
    return matches


def child_for_concern(*, fetched_by, pk: int, found_by_actor: bool) -> Child:
    """A child to register a concern about, if the policy allows it (404 otherwise)."""
    _professional_or_404(fetched_by)
    with transaction.atomic():
        child = (
            Child.objects.filter(pk=pk)
            .only("pk", "municipality_id", "given_name", "family_name", "date_of_birth")
            .first()
        )
        if child is None or not policy.can_start_concern_about(
            fetched_by, child, found_by_actor=found_by_actor
        ):
            raise Http404
        audit_record(
            actor=fetched_by,
            action="child.read",
            purpose="register concern",
            municipality_id=child.municipality_id,
            child_id=child.pk,
            obj=child,
        )
    return child


def child_detail(*, fetched_by, pk: int, purpose: str = "api view child") -> Child:
    """A child with guardians and network, visible through a concern or case the actor may see
    (else 404); the read is in the access log."""
    professional = _professional_or_404(fetched_by)
    with transaction.atomic():
        child = Child.objects.filter(pk=pk).prefetch_related("network").first()
        if child is None or not policy.can_view_child(fetched_by, child):
            raise Http404
        audit_record(
            actor=fetched_by,
            action="child.read",
            purpose=purpose,
            municipality_id=professional.municipality_id,
            child_id=child.pk,
            obj=child,
        )
    return child


def concern_services(*, professional: Professional) -> QuerySet[Service]:
    """The active services the professional works in: where they can register a concern."""
    return Service.objects.filter(memberships__professional=professional, is_active=True).order_by(
        "name"
    )


def collaboration_levels(municipality) -> QuerySet[Level]:
    """The municipality's levels where a collaboration can start."""
    return Level.objects.filter(
        model_id=municipality.level_model_id, number__gte=COLLABORATION_MIN_LEVEL
    ).order_by("number")
