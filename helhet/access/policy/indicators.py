"""Access rules for the indicators: figures only, never a child. A service's leaders see their
services' figures; the municipality's 0–24 leader group and its data protection officer see
every service of the municipality. Everyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

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


def can_opt_in_networks(actor) -> bool:
    """A municipal administrator opts their municipality in or out of a network."""
    professional = actor_professional(actor)
    return professional is not None and professional.is_municipal_admin


def networks_joined(actor) -> QuerySet:
    """The networks the actor's municipality is in (for anyone who sees its indicators)."""
    from helhet.indicators.models import Network

    professional = actor_professional(actor)
    if professional is None:
        return Network.objects.none()
    return Network.objects.filter(members__municipality_id=professional.municipality_id)


def networks_advised(actor) -> QuerySet:
    """The networks the actor advises (a learning consultant), professional or not."""
    from helhet.indicators.models import Network

    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Network.objects.none()
    return Network.objects.filter(advisors__user=actor)


def get_comparable_network_or_404(actor, pk: int):
    """A network to compare in: the actor advises it, or the actor's municipality is a member
    and the actor sees the whole municipality's figures (the leader group, the data protection
    officer)."""
    network = networks_advised(actor).filter(pk=pk).first()
    if network is not None:
        return network
    if not sees_whole_municipality(actor):
        raise Http404
    network = networks_joined(actor).filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


def can_manage_research(actor) -> bool:
    """The data protection officer proposes, approves and extracts research projects."""
    professional = actor_professional(actor)
    return professional is not None and professional.is_data_protection_officer


def get_research_project_or_404(actor, pk: int):
    from helhet.indicators.models import ResearchProject

    if not can_manage_research(actor):
        raise Http404
    project = ResearchProject.objects.filter(
        pk=pk, municipality_id=actor_professional(actor).municipality_id
    ).first()
    if project is None:
        raise Http404
    return project
