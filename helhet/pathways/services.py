"""Writes of pathways: templates (the builtin ones, imported JSON, new versions), starting a
pathway from a signal, and doing its steps — each step due becomes a task on *My work*."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.pathways import definition as definitions
from helhet.pathways.models import Pathway, PathwayStatus, PathwayStep, PathwayTemplate
from helhet.reminders import services as reminders
from helhet.signals.models import SignalStatus


def pathway_templates_ensure(*, municipality) -> None:
    """The templates Helhet ships, for a municipality that has none of that code yet."""
    have = set(
        PathwayTemplate.objects.filter(municipality=municipality).values_list("code", flat=True)
    )
    PathwayTemplate.objects.bulk_create(
        [
            PathwayTemplate(
                municipality=municipality, code=d["code"], version=d["version"], definition=d
            )
            for d in definitions.builtin_definitions()
            if d["code"] not in have
        ]
    )


def templates_offered(*, fetched_by) -> list:
    """The municipality's current templates with their names (the builtin ones the first
    time), for starting a pathway."""
    from helhet.pathways import selectors

    professional = policy.actor_professional(fetched_by)
    if professional is None:
        raise Http404
    pathway_templates_ensure(municipality=professional.municipality)
    return selectors.current_templates(fetched_by=fetched_by)


@transaction.atomic
def pathway_template_import(*, imported_by, raw: str | bytes) -> tuple[PathwayTemplate, bool]:
    """A template shared as JSON, for the importer's municipality: new, or a new version of one
    it has (the running pathways keep theirs). The same file again changes nothing. Returns the
    template and whether it was new. ``DefinitionError`` lists what is wrong with the file."""
    if not policy.can_import_pathway_templates(imported_by):
        raise Http404
    municipality = policy.actor_professional(imported_by).municipality
    data = definitions.parse(raw)
    current = (
        PathwayTemplate.objects.select_for_update()
        .filter(municipality=municipality, code=data["code"], is_current=True)
        .first()
    )
    if current is not None:
        if current.definition == data:
            return current, False
        if data["version"] <= current.version:
            raise definitions.DefinitionError(
                [
                    _(
                        "The municipality has version %(current)s of this pathway: give the "
                        "changed one a higher version."
                    )
                    % {"current": current.version}
                ]
            )
        current.is_current = False
        current.save(update_fields=["is_current"])
    template = PathwayTemplate.objects.create(
        municipality=municipality, code=data["code"], version=data["version"], definition=data
    )
    audit_record(
        actor=imported_by,
        action="pathway_template.import",
        purpose="pathway templates",
        municipality_id=municipality.pk,
        obj=template,
    )
    return template, True


def _step_due(step: dict, *, from_day: datetime.date) -> datetime.date:
    return from_day + datetime.timedelta(days=step["due"]["days"])


def _open_tasks(pathway: Pathway, steps: list[PathwayStep], due_steps: dict[str, datetime.date]):
    for step in steps:
        if step.key in due_steps:
            step.due_on = due_steps[step.key]
            step.save(update_fields=["due_on"])
            reminders.task_create_for_pathway_step(
                step=step, assignee=pathway.owner, due_on=step.due_on
            )


@transaction.atomic
def pathway_start(*, started_by, signal_pk: int, template_pk: int) -> Pathway:
    """Put the signal's pupil on a pathway (the template's current version): its steps are
    created, those that follow the start are due, each a task for the one who started it."""
    signal = policy.get_signal_or_404(started_by, signal_pk)
    professional = policy.actor_professional(started_by)
    template = PathwayTemplate.objects.filter(
        pk=template_pk, municipality_id=professional.municipality_id, is_current=True
    ).first()
    if template is None:
        raise DomainError(_("Choose one of the municipality's pathways."), field="template")
    if signal.status != SignalStatus.OPEN:
        raise DomainError(_("This signal has been dealt with already."))
    if Pathway.objects.filter(signal=signal, status=PathwayStatus.RUNNING).exists():
        raise DomainError(_("The pupil is on a pathway for this signal already."))
    pathway = Pathway.objects.create(
        template=template, signal=signal, owner=professional, started_at=clock.now()
    )
    steps = PathwayStep.objects.bulk_create(
        [
            PathwayStep(pathway=pathway, position=i, key=step["key"])
            for i, step in enumerate(template.definition["steps"])
        ]
    )
    today = clock.today()
    _open_tasks(
        pathway,
        steps,
        {
            s["key"]: _step_due(s, from_day=today)
            for s in template.definition["steps"]
            if s["due"]["after"] == "start"
        },
    )
    audit_record(
        actor=started_by,
        action="pathway.start",
        purpose="pathway",
        municipality_id=professional.municipality_id,
        service_id=signal.school_id,
        child_id=signal.child_id,
        obj=pathway,
    )
    return pathway


@transaction.atomic
def pathway_step_done(*, done_by, pathway_pk: int, step_pk: int, note: str) -> PathwayStep:
    """Record a due step as done, with what was done; the steps that follow it become due."""
    pathway = policy.get_pathway_or_404(done_by, pathway_pk)
    step = PathwayStep.objects.select_for_update().filter(pk=step_pk, pathway=pathway).first()
    if step is None:
        raise Http404
    if pathway.status != PathwayStatus.RUNNING:
        raise DomainError(_("The pathway has ended."))
    if step.done_at is not None:
        raise DomainError(_("This step is done already."))
    if step.due_on is None:
        raise DomainError(_("This step is not due yet: the step it follows comes first."))
    spec = {s["key"]: s for s in pathway.template.definition["steps"]}[step.key]
    if spec.get("record") and not note.strip():
        raise DomainError(_("Write down what was done."), field="note")
    professional = policy.actor_professional(done_by)
    step.done_at, step.done_by, step.note = clock.now(), professional, note.strip()
    step.save(update_fields=["done_at", "done_by", "note"])
    reminders.task_resolve_for_pathway_step(step=step, done_by=professional)
    following = {
        s["key"]: _step_due(s, from_day=clock.today())
        for s in pathway.template.definition["steps"]
        if s["due"]["after"] == step.key
    }
    _open_tasks(pathway, list(pathway.steps.filter(key__in=following)), following)
    if not pathway.steps.filter(done_at__isnull=True).exists():
        pathway.status = PathwayStatus.DONE
        pathway.save(update_fields=["status"])
    audit_record(
        actor=done_by,
        action="pathway.step_done",
        purpose="pathway",
        municipality_id=professional.municipality_id,
        service_id=pathway.signal.school_id,
        child_id=pathway.signal.child_id,
        obj=step,
    )
    return step
