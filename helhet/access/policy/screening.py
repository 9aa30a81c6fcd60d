"""Access rules for wellbeing screening (TOPI-style; domain.md §3): a group's individual ratings
are the group's. They are seen and recorded by the group's staff (while they work at the group's
school or kindergarten) and by that service's leaders, who also keep the groups and see the
aggregates. Everyone else — the service's other staff, other services, other municipalities —
gets 404. Others see a child's ratings only through a concern, with consent."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import led_service_ids, service_ids_of
from helhet.directory.models import Sector, Service

SCREENING_SECTORS = (Sector.KINDERGARTEN, Sector.SCHOOL, Sector.UPPER_SECONDARY)


def screening_services_led(actor) -> QuerySet[Service]:
    """The active schools and kindergartens the actor leads: they keep their groups."""
    professional = actor_professional(actor)
    if professional is None:
        return Service.objects.none()
    return Service.objects.filter(
        pk__in=led_service_ids(professional),
        municipality_id=professional.municipality_id,
        sector__in=SCREENING_SECTORS,
        is_active=True,
    ).order_by("name")


def works_where_groups_are_screened(actor) -> bool:
    """The actor works at an active school or kindergarten (My work offers the screening)."""
    professional = actor_professional(actor)
    return (
        professional is not None
        and Service.objects.filter(
            pk__in=service_ids_of(professional),
            sector__in=SCREENING_SECTORS,
            is_active=True,
        ).exists()
    )


def screening_groups_visible_to(actor) -> QuerySet:
    from helhet.screening.models import Group, GroupStaff

    professional = actor_professional(actor)
    if professional is None:
        return Group.objects.none()
    on_staff = Exists(GroupStaff.objects.filter(group_id=OuterRef("pk"), professional=professional))
    return Group.objects.filter(
        service__municipality_id=professional.municipality_id,
        service__is_active=True,
        service__sector__in=SCREENING_SECTORS,
    ).filter(
        Q(service_id__in=led_service_ids(professional))
        | (Q(service_id__in=service_ids_of(professional)) & on_staff)
    )


def get_screening_group_or_404(actor, pk: int):
    group = screening_groups_visible_to(actor).filter(pk=pk).select_related("service").first()
    if group is None:
        raise Http404
    return group


def can_keep_screening_group(actor, group) -> bool:
    """The service's leaders keep a group: its children, its staff; they close its rounds."""
    professional = actor_professional(actor)
    return (
        professional is not None
        and group.service.municipality_id == professional.municipality_id
        and group.service_id in led_service_ids(professional)
        and group.service.is_active
    )


def get_screening_round_or_404(actor, pk: int):
    from helhet.screening.models import ScreeningRound

    found = (
        ScreeningRound.objects.filter(pk=pk, group__in=screening_groups_visible_to(actor))
        .select_related("group__service")
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_round_child_or_404(actor, pk: int):
    from helhet.screening.models import RoundChild

    found = (
        RoundChild.objects.filter(pk=pk, round__group__in=screening_groups_visible_to(actor))
        .select_related("round__group__service", "child", "concern")
        .first()
    )
    if found is None:
        raise Http404
    return found


def screening_role(actor, group) -> str:
    """The actor's role for a group they may see, for the access log."""
    led = led_service_ids(actor_professional(actor))  # loaded once per request
    return "leader" if group.service_id in led else "group staff"


def screening_concern_services(actor, group) -> QuerySet[Service]:
    """The service a concern from a screening is registered for: the group's school or
    kindergarten, when the actor works there (``concern_register`` checks it again)."""
    professional = actor_professional(actor)
    if professional is None or group.service_id not in service_ids_of(professional):
        return Service.objects.none()
    return Service.objects.filter(pk=group.service_id, is_active=True)
