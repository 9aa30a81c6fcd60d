"""Access rules for retention: the data protection officer keeps the archive of closed cases
(read-only) and the legal holds. Everyone else, and every other municipality's officer, gets 404."""

from __future__ import annotations

from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.cases.models import Case
from helhet.people.models import Professional
from helhet.retention.models import LegalHold


def can_keep_archive(actor) -> bool:
    professional = actor_professional(actor)
    return professional is not None and professional.is_data_protection_officer


def archive_keeper_or_404(actor) -> Professional:
    """The acting data protection officer."""
    if not can_keep_archive(actor):
        raise Http404
    return actor_professional(actor)


def archived_cases_visible_to(actor):
    """The municipality's archived cases, for its data protection officer only."""
    if not can_keep_archive(actor):
        return Case.objects.none()
    return Case.objects.filter(
        municipality_id=actor_professional(actor).municipality_id, archived_at__isnull=False
    )


def get_archived_case_or_404(actor, pk: int) -> Case:
    """An archived case of the officer's municipality, to read (nothing in it can change)."""
    case = (
        archived_cases_visible_to(actor)
        .filter(pk=pk)
        .select_related(
            "child", "level", "municipality", "coordinator__user", "coordinator_service"
        )
        .first()
    )
    if case is None:
        raise Http404
    return case


def active_holds_visible_to(actor):
    if not can_keep_archive(actor):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(
        municipality_id=actor_professional(actor).municipality_id, lifted_at__isnull=True
    )


def get_active_hold_or_404(actor, pk: int, *, for_update: bool = False) -> LegalHold:
    holds = active_holds_visible_to(actor).filter(pk=pk)
    if for_update:
        holds = holds.select_for_update()
    hold = holds.first()
    if hold is None:
        raise Http404
    return hold
