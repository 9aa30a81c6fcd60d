"""Access rules for the register of young people outside school and work: it is the
municipality's follow-up service's (sector ``follow_up``). Its members see and work on the
register; its leaders import from the school register. Everyone else: 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.directory.models import Sector, Service
from helhet.people.models import Membership, MembershipRole


def follow_up_services(actor, *, leading: bool = False) -> QuerySet[Service]:
    """The active follow-up services the actor works in (``leading``: leads)."""
    professional = actor_professional(actor)
    if professional is None:
        return Service.objects.none()
    memberships = Membership.objects.filter(professional=professional)
    if leading:
        memberships = memberships.filter(role=MembershipRole.LEADER)
    return Service.objects.filter(
        pk__in=memberships.values("service_id"),
        municipality_id=professional.municipality_id,
        sector=Sector.FOLLOW_UP,
        is_active=True,
    )


def follow_ups_visible_to(actor) -> QuerySet:
    from helhet.followup.models import FollowUp

    return FollowUp.objects.filter(service__in=follow_up_services(actor))


def get_follow_up_or_404(actor, pk: int):
    follow_up = (
        follow_ups_visible_to(actor)
        .filter(pk=pk)
        .select_related("child", "service", "counsellor__user")
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up
