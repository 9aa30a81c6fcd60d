"""What the administration pages read: the municipality's professionals with their services,
one professional with what they hold, the profile's history. People and settings only."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.db.models import Prefetch

from helhet.access import policy
from helhet.administration.models import Invitation, ProfileChange
from helhet.administration.services import ROLE, Holdings, has_accepted, holdings_of
from helhet.audit.services import audit_record
from helhet.directory.models import Service
from helhet.people.models import Membership, Professional
from helhet.tenancy.models import Municipality


def status_of(professional: Professional) -> str:
    """active, deactivated, or invited (has never accepted: no password, no accepted link)."""
    user = professional.user
    if user.is_active:
        return "active"
    return "deactivated" if has_accepted(professional) else "invited"


def professionals(*, fetched_by) -> list[tuple[Professional, str]]:
    """Everyone of the administrator's municipality with their services (three queries)."""
    admin = policy.administrator_or_404(fetched_by)
    found = (
        Professional.objects.filter(municipality_id=admin.municipality_id)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("service").order_by("service__name"),
            )
        )
        .order_by("user__name", "pk")
    )
    return [(p, status_of(p)) for p in found]


@dataclasses.dataclass(frozen=True)
class ProfessionalDetail:
    professional: Professional
    status: str
    memberships: list[Membership]
    holdings: Holdings
    invitation: Invitation | None  # the one that can still be accepted
    services: list[Service]  # the municipality's active services, to add


def professional_detail(*, fetched_by, pk: int) -> ProfessionalDetail:
    """One professional as the administrator sees them, recorded (who looked at whom)."""
    admin = policy.administrator_or_404(fetched_by)
    professional = policy.get_administered_professional_or_404(fetched_by, pk)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="administration.professional.read",
            actor_role=ROLE,
            municipality_id=admin.municipality_id,
            obj=professional,
        )
    return ProfessionalDetail(
        professional=professional,
        status=status_of(professional),
        memberships=list(
            professional.memberships.select_related("service").order_by("service__name")
        ),
        holdings=holdings_of(professional),
        invitation=professional.invitations.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True
        ).first(),
        services=list(active_services(fetched_by=fetched_by)),
    )


def administered(*, fetched_by, pk: int) -> Professional:
    """A professional of the administrator's municipality, or 404."""
    return policy.get_administered_professional_or_404(fetched_by, pk)


def active_services(*, fetched_by):
    """The municipality's active services, to invite to or add someone to."""
    admin = policy.administrator_or_404(fetched_by)
    return Service.objects.filter(municipality_id=admin.municipality_id, is_active=True).order_by(
        "name"
    )


def own_municipality(*, fetched_by) -> Municipality:
    """The administrator's municipality, its jurisdiction profile to edit."""
    admin = policy.administrator_or_404(fetched_by)
    return Municipality.objects.get(pk=admin.municipality_id)


def profile_history(*, fetched_by) -> list[ProfileChange]:
    admin = policy.administrator_or_404(fetched_by)
    return list(
        ProfileChange.objects.filter(municipality_id=admin.municipality_id).select_related(
            "changed_by__user"
        )[:50]
    )
