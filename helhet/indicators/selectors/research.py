"""The research projects a data protection officer keeps, and the extracts handed out."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404

from helhet.access import policy
from helhet.indicators.models import (
    ResearchProject,
)


def research_extracts(*, fetched_by, project) -> list:
    """What was handed out for the project: when, by whom, how many rows (never the data)."""
    if not policy.can_manage_research(fetched_by):
        raise Http404
    return list(project.extracts.select_related("made_by__user").order_by("-made_at", "-pk"))


def research_projects(*, fetched_by) -> list:
    """The municipality's research projects with how many extracts each had (no person)."""
    if not policy.can_manage_research(fetched_by):
        raise Http404
    professional = policy.actor_professional(fetched_by)
    return list(
        ResearchProject.objects.filter(municipality_id=professional.municipality_id)
        .annotate(n_extracts=Count("extracts"))
        .order_by("-created_at", "-pk")
    )
