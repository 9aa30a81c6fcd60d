"""Access rules for absence data and its signals (domain rule 11).

Absence is the school's data: a signal is seen and handled by the pupil's contact teacher and
by the school's leaders only — not by the school's other staff, not by other services, not by
other municipalities — until a concern takes it further. A school's leaders import its files.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import led_service_ids, service_ids_of
from helhet.directory.models import Sector, Service
from helhet.people.models import Membership, MembershipRole


def _led_schools(professional) -> QuerySet[Service]:
    # Subqueries, not the cached id sets: *My work*'s task list asks this for every request, in
    # its one query.
    led = Membership.objects.filter(professional=professional, role=MembershipRole.LEADER)
    return Service.objects.filter(
        pk__in=led.values("service_id"),
        municipality_id=professional.municipality_id,
        sector=Sector.SCHOOL,
        is_active=True,
    )


def signals_visible_to(actor) -> QuerySet:
    """The signals an actor may see: those of the pupils they are contact teacher for at a
    school they work in, and every signal of an active school they lead."""
    from helhet.signals.models import Enrolment, Signal

    professional = actor_professional(actor)
    if professional is None:
        return Signal.objects.none()
    contact_teacher = Exists(
        Enrolment.objects.filter(
            school_id=OuterRef("school_id"),
            child_id=OuterRef("child_id"),
            contact_teacher=professional,
        )
    )
    return Signal.objects.filter(school__municipality_id=professional.municipality_id).filter(
        Q(school__in=_led_schools(professional))
        | (
            Q(
                school_id__in=Membership.objects.filter(professional=professional).values(
                    "service_id"
                )
            )
            & contact_teacher
        )
    )


def can_view_signal(actor, signal) -> bool:
    """``signals_visible_to`` for one signal."""
    return signals_visible_to(actor).filter(pk=signal.pk).exists()


def get_signal_or_404(actor, pk: int):
    """The signal, if the actor may see it; otherwise 404 as if it did not exist."""
    signal = (
        signals_visible_to(actor)
        .filter(pk=pk)
        .select_related("school", "child", "rule", "concern")
        .first()
    )
    if signal is None:
        raise Http404
    return signal


def absence_import_schools(actor) -> QuerySet[Service]:
    """The schools whose absence files an actor may import: the active schools they lead."""
    professional = actor_professional(actor)
    if professional is None:
        return Service.objects.none()
    return _led_schools(professional).order_by("name")


def can_import_absence(actor, school: Service) -> bool:
    return absence_import_schools(actor).filter(pk=school.pk).exists()


def signal_concern_services(actor, signal) -> QuerySet[Service]:
    """The service a concern from a signal is registered for: the signal's school, when the
    actor works there (``concern_register`` checks it again)."""
    professional = actor_professional(actor)
    if professional is None or signal.school_id not in service_ids_of(professional):
        return Service.objects.none()
    return Service.objects.filter(pk=signal.school_id, is_active=True)


def can_configure_absence_rules(actor) -> bool:
    """A municipal administrator sets their own municipality's absence rules."""
    professional = actor_professional(actor)
    return professional is not None and professional.is_municipal_admin


def signal_role(actor, signal) -> str:
    """The actor's role for a signal they may see, for the access log: the school's leader, or
    the pupil's contact teacher."""
    led = led_service_ids(actor_professional(actor))  # loaded once per request
    return "leader" if signal.school_id in led else "contact teacher"
