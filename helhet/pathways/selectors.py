"""Reads of pathways: a running pathway's page (a recorded read of the child's data), where a
signal's, a concern's or a case's child is on its pathway (for the subject's own page, whose
read it is part of), and the municipality's templates, their texts in the reader's language."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.db.models import Subquery

from helhet.access import policy
from helhet.core import clock
from helhet.pathways import definition as definitions
from helhet.pathways.models import Pathway, PathwayStatus, PathwayStep, PathwayTemplate
from helhet.pathways.subjects import audit_pathway, subject_field


@dataclasses.dataclass(frozen=True)
class StepView:
    step: PathwayStep
    title: str
    responsible: str
    guidance: str
    record: str
    follows: str  # the title of the step it follows, "" after the start

    @property
    def overdue(self) -> bool:
        return (
            self.step.done_at is None
            and self.step.due_on is not None
            and (self.step.due_on < clock.today())
        )


@dataclasses.dataclass(frozen=True)
class PathwayPage:
    pathway: Pathway
    name: str
    steps: list[StepView]


def responsible_label(code: str) -> str:
    from django.utils.translation import gettext as _

    from helhet.directory.vocabulary import Sector

    if code == "contact_teacher":
        return _("Contact teacher")
    if code == "school_leader":
        return _("The school's leaders")
    return str(Sector(code).label)


def template_name(template: PathwayTemplate) -> str:
    return definitions.text(template.definition.get("name"))


def step_title(template: PathwayTemplate, key: str) -> str:
    for step in template.definition["steps"]:
        if step["key"] == key:
            return definitions.text(step["title"])
    return key


def pathway_detail(*, fetched_by, pk: int) -> PathwayPage:
    pathway = policy.get_pathway_or_404(fetched_by, pk)
    specs = {s["key"]: s for s in pathway.template.definition["steps"]}
    with transaction.atomic():
        steps = list(pathway.steps.select_related("done_by__user").order_by("position"))
        audit_pathway(fetched_by, pathway, "pathway.read")
    views = []
    for step in steps:
        spec = specs[step.key]
        after = spec["due"]["after"]
        views.append(
            StepView(
                step=step,
                title=definitions.text(spec["title"]),
                responsible=responsible_label(spec["responsible"]),
                guidance=definitions.text(spec.get("guidance")),
                record=definitions.text(spec.get("record")),
                follows="" if after == "start" else definitions.text(specs[after]["title"]),
            )
        )
    return PathwayPage(pathway, template_name(pathway.template), views)


def current_templates(*, fetched_by) -> list[tuple[PathwayTemplate, str]]:
    templates = policy.pathway_templates_visible_to(fetched_by).filter(is_current=True)
    return [(t, template_name(t)) for t in templates.order_by("code")]


def running_pathway_of(signal) -> Pathway | None:
    """The signal's pathway, running or done (the signal page links to it)."""
    return (
        Pathway.objects.filter(signal=signal).exclude(status=PathwayStatus.STOPPED).order_by("-pk")
    ).first()


@dataclasses.dataclass(frozen=True)
class DueStep:
    step: PathwayStep
    title: str
    overdue: bool


@dataclasses.dataclass(frozen=True)
class SubjectPathway:
    """Where the child of a signal, concern or case is on the subject's running pathway (its
    page's "Standardised pathway"): the steps due now, those overdue among them. When none
    runs, the municipality's current templates, if the reader may start one."""

    pathway: Pathway | None = None
    name: str = ""
    steps_done: int = 0
    steps_total: int = 0
    due: list[DueStep] = dataclasses.field(default_factory=list)
    templates: list[tuple[PathwayTemplate, str]] = dataclasses.field(default_factory=list)

    @property
    def overdue(self) -> list[DueStep]:
        return [d for d in self.due if d.overdue]


def subject_pathway(*, fetched_by, subject, may_start: bool) -> SubjectPathway:
    """The running pathway of a subject the caller's page fetched under the policy (and whose
    read that page records): shows nothing the page does not. ``may_start``: the policy's
    ``can_start_pathway_on_*`` for the reader, who is then offered the templates.

    A fixed number of queries: one when none runs and the reader may start one (the templates,
    asking on the side whether a pathway runs), one or two when one runs."""
    running = Pathway.objects.filter(
        **{subject_field(subject): subject}, status=PathwayStatus.RUNNING
    )
    if may_start:
        offered = list(
            policy.pathway_templates_visible_to(fetched_by)
            .filter(is_current=True)
            .annotate(running_pk=Subquery(running.values("pk")[:1]))
            .order_by("code")
        )
        if not offered:  # the municipality's first pathway: the shipped templates (services)
            from helhet.pathways.services import templates_offered

            return SubjectPathway(templates=templates_offered(fetched_by=fetched_by))
        if offered[0].running_pk is None:
            return SubjectPathway(templates=[(t, template_name(t)) for t in offered])
    steps = list(
        PathwayStep.objects.filter(pathway__in=running)
        .select_related("pathway__template")
        .order_by("position")
    )
    if not steps:
        return SubjectPathway()
    pathway = steps[0].pathway  # one runs at most (the database's constraints)
    today = clock.today()
    return SubjectPathway(
        pathway=pathway,
        name=template_name(pathway.template),
        steps_done=sum(1 for s in steps if s.done_at is not None),
        steps_total=len(steps),
        due=[
            DueStep(s, step_title(pathway.template, s.key), s.due_on < today)
            for s in steps
            if s.due_on is not None and s.done_at is None
        ],
    )
