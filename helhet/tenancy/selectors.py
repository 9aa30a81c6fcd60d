"""Reads of the jurisdiction profile."""

from __future__ import annotations

from django.db.models import QuerySet

from helhet.tenancy.models import LifeArea, Municipality
from helhet.tenancy.wellbeing import DEFAULT_FRAMEWORK


def life_areas_of(municipality: Municipality) -> QuerySet[LifeArea]:
    """The life areas a municipality's plan goals are linked to (its framework, or the default)."""
    if municipality.wellbeing_framework_id is not None:
        return LifeArea.objects.filter(framework_id=municipality.wellbeing_framework_id)
    return LifeArea.objects.filter(framework__code=DEFAULT_FRAMEWORK)


def municipalities_visible_to(actor) -> QuerySet[Municipality]:
    """The actor's own municipality (a professional sees no other), with its level model."""
    from helhet.access.policy import actor_professional

    professional = actor_professional(actor)
    if professional is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(pk=professional.municipality_id).select_related(
        "level_model"
    )
