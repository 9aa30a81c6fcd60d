"""Access rules for the service directory."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.directory.models import Service
from helhet.people.models import MembershipRole

# --- Service directory ---------------------------------------------------------------------


def can_browse_directory(actor) -> bool:
    """Every active professional may browse their own municipality's directory."""
    return actor_professional(actor) is not None


def services_visible_to(actor) -> QuerySet[Service]:
    """The services an actor may see in the directory: those of their own municipality."""
    professional = actor_professional(actor)
    if professional is None:  # also None for inactive accounts
        return Service.objects.none()
    return Service.objects.filter(municipality_id=professional.municipality_id)


def can_view_service(actor, service: Service) -> bool:
    professional = actor_professional(actor)
    if professional is None:  # also None for inactive accounts
        return False
    return service.municipality_id == professional.municipality_id


def can_create_service(actor) -> bool:
    """Municipal administrators add services to their own municipality's directory."""
    professional = actor_professional(actor)
    if professional is None:  # also None for inactive accounts
        return False
    return professional.is_municipal_admin


def can_edit_service(actor, service: Service) -> bool:
    """Municipal administrators edit every entry; a service leader edits their own service."""
    professional = actor_professional(actor)
    if professional is None:  # also None for inactive accounts
        return False
    if service.municipality_id != professional.municipality_id:
        return False
    if professional.is_municipal_admin:
        return True
    return professional.memberships.filter(service=service, role=MembershipRole.LEADER).exists()


def get_service_or_404(actor, pk: int, *, for_edit: bool = False) -> Service:
    """The service if the actor may see (or edit) it; otherwise 404, as if it did not exist."""
    service = Service.objects.filter(pk=pk).select_related("municipality").first()
    if service is None:
        raise Http404
    allowed = can_edit_service(actor, service) if for_edit else can_view_service(actor, service)
    if not allowed:
        raise Http404
    return service
