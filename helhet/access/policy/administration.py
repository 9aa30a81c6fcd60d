"""Access rules for municipal administration: the municipal administrator keeps the
municipality's professionals and its jurisdiction profile — people and settings, never a
child's data. Everyone else, and every other municipality's administrator, gets 404."""

from __future__ import annotations

from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.people.models import Professional


def can_administer(actor) -> bool:
    professional = actor_professional(actor)
    return professional is not None and professional.is_municipal_admin


def administrator_or_404(actor) -> Professional:
    """The acting municipal administrator."""
    if not can_administer(actor):
        raise Http404
    return actor_professional(actor)


def get_administered_professional_or_404(actor, pk: int) -> Professional:
    """A professional of the administrator's own municipality (active or not)."""
    admin = administrator_or_404(actor)
    professional = (
        Professional.objects.select_related("user", "municipality")
        .filter(pk=pk, municipality_id=admin.municipality_id)
        .first()
    )
    if professional is None:
        raise Http404
    return professional
