"""Reads of pathways: a running pathway's page (a recorded read of the pupil's data) and the
municipality's templates, their texts in the reader's language."""

from __future__ import annotations

import dataclasses

from django.db import transaction

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.pathways import definition as definitions
from helhet.pathways.models import Pathway, PathwayStatus, PathwayStep, PathwayTemplate


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
        audit_record(
            actor=fetched_by,
            action="pathway.read",
            purpose="pathway",
            municipality_id=pathway.signal.school.municipality_id,
            service_id=pathway.signal.school_id,
            child_id=pathway.signal.child_id,
            obj=pathway,
        )
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
    return (
        Pathway.objects.filter(signal=signal).exclude(status=PathwayStatus.STOPPED).order_by("-pk")
    ).first()
