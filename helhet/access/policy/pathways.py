"""Access rules for running pathways. A pathway follows a child from an absence signal, a concern
or a case (its subject), so it is seen exactly by those who see its subject: the pupil's contact
teacher and the school's leaders for a signal (``signals.py``); the concern's author, the
leaders of its service and whoever else sees the concern; the case's team members whose service
is covered today (``cases.py``). Its steps' tasks are the owner's (who started it), shown while
the owner sees the subject.

Who may start one:

- on a signal: who sees it (while it is open; the service says so otherwise);
- on a concern: who sees it, while it awaits a decision or is followed up within the own
  service (``PATHWAY_CONCERN_STATUSES``); once it became a collaboration, from the case;
- on a case: who may work on it, the case access's ``add_log_entry`` — the coordinator and the
  team members of a covered service, while the case is open.

Pathway templates hold no personal data: every professional of the municipality reads them; its
municipal administrators import new ones."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import (
    CaseAccess,
    access_case,
    can_view_concern,
    case_access,
    cases_visible_to,
    concerns_visible_to,
    get_concern_or_404,
)
from helhet.access.policy.signals import get_signal_or_404, signals_visible_to
from helhet.cases.models import ConcernStatus

# A concern a pathway may start on: not decided yet, or followed up within the own service.
PATHWAY_CONCERN_STATUSES = frozenset({ConcernStatus.OPEN, ConcernStatus.OWN_SERVICE})


def pathways_visible_to(actor) -> QuerySet:
    from helhet.pathways.models import Pathway

    if actor_professional(actor) is None:
        return Pathway.objects.none()
    return pathways_following(
        signals=signals_visible_to(actor),
        concerns=concerns_visible_to(actor),
        cases=cases_visible_to(actor),
    )


def pathways_following(*, signals: QuerySet, concerns: QuerySet, cases: QuerySet) -> QuerySet:
    """The pathways whose subject is among the signals, concerns and cases given: with those an
    actor sees, ``pathways_visible_to``. For a caller that has those querysets already (the
    tasks' rule), so that the actor's roles are not asked twice."""
    from helhet.pathways.models import Pathway

    return Pathway.objects.filter(
        Q(signal__in=signals) | Q(concern__in=concerns) | Q(case__in=cases)
    )


def get_pathway_or_404(actor, pk: int):
    pathway = (
        pathways_visible_to(actor)
        .filter(pk=pk)
        .select_related(
            "template",
            "signal__child",
            "signal__school",
            "concern__child",
            "concern__service",
            "case__child",
            "case__coordinator_service",
            "owner__user",
        )
        .first()
    )
    if pathway is None:
        raise Http404
    return pathway


def can_start_pathway_on_concern(actor, concern) -> bool:
    """Who sees the concern, while it awaits a decision or is followed up within the own
    service (a decided concern is closed, reported or followed up in its case)."""
    if concern.status not in PATHWAY_CONCERN_STATUSES:
        return False
    return can_view_concern(actor, concern)


def can_start_pathway_on_case(actor, case, *, access: CaseAccess | None = None) -> bool:
    """Who may work on the case: the coordinator and the team members of a covered service,
    while the case is open (``CaseAccess.add_log_entry``). ``access``: the request's access
    object for the case, when the caller has it already (the case page)."""
    if access is None:
        access = case_access(actor, case)
    return access.case.pk == case.pk and access.add_log_entry


def get_pathway_subject_or_404(
    actor,
    *,
    signal_pk: int | None = None,
    concern_pk: int | None = None,
    case_pk: int | None = None,
):
    """The signal, concern or case (exactly one pk given) a pathway is to follow, if the actor
    may see it; else 404, as if it did not exist. May the actor start one on it: the
    ``can_start_pathway_on_*`` rules (the start service asks them)."""
    given = [pk for pk in (signal_pk, concern_pk, case_pk) if pk is not None]
    if len(given) != 1:
        raise TypeError("a pathway follows exactly one of a signal, a concern or a case")
    if signal_pk is not None:
        return get_signal_or_404(actor, signal_pk)
    if concern_pk is not None:
        return get_concern_or_404(actor, concern_pk)
    return access_case(actor, case_pk).case


def pathway_templates_visible_to(actor) -> QuerySet:
    from helhet.pathways.models import PathwayTemplate

    professional = actor_professional(actor)
    if professional is None:
        return PathwayTemplate.objects.none()
    return PathwayTemplate.objects.filter(municipality_id=professional.municipality_id)


def can_import_pathway_templates(actor) -> bool:
    professional = actor_professional(actor)
    return professional is not None and professional.is_municipal_admin
