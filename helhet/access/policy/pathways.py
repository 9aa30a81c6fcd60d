"""Access rules for running pathways: a pathway follows a pupil from an absence signal, so it is
seen exactly by those who see the signal (the pupil's contact teacher and the school's leaders;
``signals.py``). Pathway templates hold no personal data: every professional of the municipality
reads them; its municipal administrators import new ones."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.signals import signals_visible_to


def pathways_visible_to(actor) -> QuerySet:
    from helhet.pathways.models import Pathway

    if actor_professional(actor) is None:
        return Pathway.objects.none()
    return Pathway.objects.filter(signal__in=signals_visible_to(actor))


def get_pathway_or_404(actor, pk: int):
    pathway = (
        pathways_visible_to(actor)
        .filter(pk=pk)
        .select_related("template", "signal__child", "signal__school", "owner__user")
        .first()
    )
    if pathway is None:
        raise Http404
    return pathway


def pathway_templates_visible_to(actor) -> QuerySet:
    from helhet.pathways.models import PathwayTemplate

    professional = actor_professional(actor)
    if professional is None:
        return PathwayTemplate.objects.none()
    return PathwayTemplate.objects.filter(municipality_id=professional.municipality_id)


def can_import_pathway_templates(actor) -> bool:
    professional = actor_professional(actor)
    return professional is not None and professional.is_municipal_admin
