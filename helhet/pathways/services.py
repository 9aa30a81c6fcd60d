"""Writes of pathways: templates (the builtin ones, imported JSON, new versions), starting a
pathway from a signal, a concern or a case, and doing its steps — each step due becomes a task on
*My work*."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.log_text import LogText, texts
from helhet.cases.models import Case, LogKind
from helhet.cases.services.common import lock_case, log
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import SHORT_TEXT, check_text
from helhet.directory.vocabulary import Sector
from helhet.pathways import definition as definitions
from helhet.pathways.models import Pathway, PathwayStatus, PathwayStep, PathwayTemplate
from helhet.pathways.subjects import audit_pathway, subject_field
from helhet.people.models import MembershipRole
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


def _assignee(pathway: Pathway, responsible: str):
    """Who gets a step's task: on a case, the team member of the step's sector (the school's
    leader for ``school_leader``), so that a step for the school health service is on the
    nurse's *My work*; otherwise — no such member, a signal's or a concern's pathway, the
    contact teacher's steps — the one who started the pathway."""
    if pathway.case_id is None or responsible == "contact_teacher":
        return pathway.owner
    members = pathway.case.team.filter(left_at__isnull=True).select_related(
        "professional", "service"
    )
    if responsible == "school_leader":
        members = members.filter(
            service__sector=Sector.SCHOOL,
            professional__memberships__service=F("service"),
            professional__memberships__role=MembershipRole.LEADER,
        )
    else:
        members = members.filter(service__sector=responsible)
    if members.filter(professional=pathway.owner).exists():
        return pathway.owner
    member = members.order_by("joined_at", "pk").first()
    return member.professional if member else pathway.owner


def _open_tasks(pathway: Pathway, steps: list[PathwayStep], due_steps: dict[str, datetime.date]):
    specs = {s["key"]: s for s in pathway.template.definition["steps"]}
    for step in steps:
        if step.key in due_steps:
            step.due_on = due_steps[step.key]
            step.save(update_fields=["due_on"])
            reminders.task_create_for_pathway_step(
                step=step,
                assignee=_assignee(pathway, specs[step.key]["responsible"]),
                due_on=step.due_on,
            )


# One running pathway per subject (the database's constraints say so too).
_ALREADY_RUNNING = {
    "signal": gettext_noop("The pupil is on a pathway for this signal already."),
    "concern": gettext_noop("The child is on a pathway for this concern already."),
    "case": gettext_noop("The child is on a pathway in this case already."),
}


def _require_startable(started_by, field: str, subject):
    """Refuse a subject the starter sees but no pathway may start on now (the policy's
    ``can_start_pathway_on_*``); returns the subject to follow (a case locked for this
    transaction)."""
    if field == "signal" and subject.status != SignalStatus.OPEN:
        raise DomainError(_("This signal has been dealt with already."))
    if field == "concern" and not policy.can_start_pathway_on_concern(started_by, subject):
        raise DomainError(
            _(
                "A pathway starts on a concern that awaits a decision or is followed up within "
                "its service. For a collaboration, start it from the case."
            )
        )
    if field == "case":
        if not policy.can_start_pathway_on_case(started_by, subject):
            raise DomainError(_("The case is closed."))
        return lock_case(subject)  # one start at a time; refuses a case closed meanwhile
    return subject


@transaction.atomic
def pathway_start(
    *,
    started_by,
    template_pk: int,
    signal_pk: int | None = None,
    concern_pk: int | None = None,
    case_pk: int | None = None,
) -> Pathway:
    """Put a child on a pathway (the template's current version), following the absence
    signal, the concern or the case given (exactly one): its steps are created, those that
    follow the start are due, each a task for the one who started it. On a case the log says
    so. 404 unless the starter sees the subject (``policy.get_pathway_subject_or_404``); a
    ``DomainError`` when it takes no pathway now or one runs already::

        pathway_start(started_by=user, case_pk=case.pk, template_pk=template.pk)
    """
    subject = policy.get_pathway_subject_or_404(
        started_by, signal_pk=signal_pk, concern_pk=concern_pk, case_pk=case_pk
    )
    field = subject_field(subject)
    professional = policy.actor_professional(started_by)
    template = PathwayTemplate.objects.filter(
        pk=template_pk, municipality_id=professional.municipality_id, is_current=True
    ).first()
    if template is None:
        raise DomainError(_("Choose one of the municipality's pathways."), field="template")
    subject = _require_startable(started_by, field, subject)
    if Pathway.objects.filter(**{field: subject}, status=PathwayStatus.RUNNING).exists():
        raise DomainError(_(_ALREADY_RUNNING[field]))
    try:
        with transaction.atomic():  # two starts at once: the second is told, not a 500
            pathway = Pathway.objects.create(
                template=template, owner=professional, started_at=clock.now(), **{field: subject}
            )
    except IntegrityError:
        raise DomainError(_(_ALREADY_RUNNING[field])) from None
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
    if field == "case":
        _log_start(subject, template=template, professional=professional)
    audit_pathway(started_by, pathway, "pathway.start")
    return pathway


def _log_start(case: Case, *, template: PathwayTemplate, professional) -> None:
    """The case's log says a pathway was started, with the template's name in the reader's
    language (a template's names are its own, not the catalogs': ``log_text.texts``)."""
    log(
        case,
        kind=LogKind.NOTE,
        author=professional,
        text=LogText(
            gettext_noop("The standardised pathway “%(name)s” was started."),
            {"name": texts(template.definition["name"])},
        ),
    )


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
    audit_pathway(done_by, pathway, "pathway.step_done", obj=step)
    return step


def _stop(pathway: Pathway, *, reason: str, professional) -> None:
    pathway.status, pathway.stopped_at, pathway.stop_reason = (
        PathwayStatus.STOPPED,
        clock.now(),
        reason,
    )
    pathway.save(update_fields=["status", "stopped_at", "stop_reason"])
    for step in pathway.steps.filter(done_at__isnull=True, due_on__isnull=False):
        reminders.task_resolve_for_pathway_step(step=step, done_by=professional)


@transaction.atomic
def pathway_stop(*, stopped_by, pathway_pk: int, reason: str) -> Pathway:
    """Stop a running pathway before its last step (the pupil is back at school, the family
    moved, another measure fits better), with the reason; its open steps leave *My work*."""
    pathway = policy.get_pathway_or_404(stopped_by, pathway_pk)
    pathway = Pathway.objects.select_for_update(of=("self",)).get(pk=pathway.pk)
    if pathway.status != PathwayStatus.RUNNING:
        raise DomainError(_("The pathway has ended."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the pathway stops."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    _stop(pathway, reason=reason, professional=policy.actor_professional(stopped_by))
    audit_pathway(stopped_by, pathway, "pathway.stop")
    return pathway


def pathways_stop_for_case(*, case: Case, professional, reason: str) -> int:
    """The case closed: its running pathways stop with it (in the closing's transaction)."""
    running = list(Pathway.objects.filter(case=case, status=PathwayStatus.RUNNING))
    for pathway in running:
        _stop(pathway, reason=reason, professional=professional)
    return len(running)
