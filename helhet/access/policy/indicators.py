"""Access rules for the indicators: figures only, never a child. A service's leaders see their
services' figures; the municipality's 0–24 leader group and its data protection officer see
every service of the municipality. Everyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import led_service_ids
from helhet.directory.models import Service


def sees_whole_municipality(actor) -> bool:
    professional = actor_professional(actor)
    return professional is not None and (
        professional.is_leader_group or professional.is_data_protection_officer
    )


def indicator_services(actor) -> QuerySet[Service]:
    """The services whose figures the actor sees (closed ones too: their history counts)."""
    professional = actor_professional(actor)
    if professional is None:
        return Service.objects.none()
    services = Service.objects.filter(municipality_id=professional.municipality_id)
    if sees_whole_municipality(actor):
        return services
    return services.filter(pk__in=led_service_ids(professional))


def can_record_self_assessment(actor) -> bool:
    """The 0–24 leader group records the municipality's self-assessment."""
    professional = actor_professional(actor)
    return professional is not None and professional.is_leader_group
