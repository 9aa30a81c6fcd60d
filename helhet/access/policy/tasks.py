"""Access rules for tasks on *My work*: a task is shown to (and acted on by) the professional it
is assigned to, in their municipality, while they may see what it is about: the case, the
concern, (for a handover waiting for them) the handover they are asked to answer, or (for a
pathway's step) the pathway, that is its signal, concern or case, or (for a young person on
the follow-up register) the register.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.cases import (
    can_view_case,
    can_view_concern,
    cases_visible_to,
    concerns_visible_to,
    handovers_awaiting,
)
from helhet.access.policy.followup import follow_up_services
from helhet.access.policy.pathways import pathways_following, pathways_visible_to
from helhet.access.policy.signals import signals_visible_to
from helhet.reminders.models import Task, TaskKind


def tasks_visible_to(actor) -> QuerySet[Task]:
    """Open tasks assigned to the actor, whose subject the actor may see."""
    professional = actor_professional(actor)
    if professional is None:
        return Task.objects.none()
    awaiting = handovers_awaiting(actor).filter(case_id=OuterRef("case_id"))
    cases, concerns = cases_visible_to(actor), concerns_visible_to(actor)
    pathways = pathways_following(
        signals=signals_visible_to(actor), concerns=concerns, cases=cases
    )  # pathways_visible_to, with the querysets at hand
    return Task.objects.filter(
        municipality_id=professional.municipality_id,
        assignee=professional,
        done_at__isnull=True,
    ).filter(
        Q(case__in=cases)
        | Q(concern__in=concerns)
        | Q(Exists(awaiting), kind=TaskKind.HANDOVER_PENDING)
        | Q(pathway_step__pathway__in=pathways)
        | Q(follow_up__service__in=follow_up_services(actor))
    )


def can_complete_task(actor, task: Task) -> bool:
    """``tasks_visible_to`` for one task: the assignee may act on it (the service then refuses
    to mark a generated task done by hand, with a message)."""
    professional = actor_professional(actor)
    if professional is None:
        return False
    if task.municipality_id != professional.municipality_id:
        return False
    if task.assignee_id != professional.pk:
        return False
    if task.done_at is not None:
        return False
    if task.case_id is not None and can_view_case(actor, task.case):
        return True
    if task.concern_id is not None and can_view_concern(actor, task.concern):
        return True
    if task.pathway_step_id is not None:
        return pathways_visible_to(actor).filter(steps__pk=task.pathway_step_id).exists()
    if task.follow_up_id is not None:
        return follow_up_services(actor).filter(follow_ups__pk=task.follow_up_id).exists()
    return (
        task.kind == TaskKind.HANDOVER_PENDING
        and handovers_awaiting(actor).filter(case_id=task.case_id).exists()
    )


def get_task_or_404(actor, pk: int) -> Task:
    task = Task.objects.filter(pk=pk).select_related("case", "concern").first()
    if task is None or not can_complete_task(actor, task):
        raise Http404
    return task
