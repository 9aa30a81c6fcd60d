"""Writes of the indicators: the 0–24 leader group's self-assessment of an area. The figures
themselves are counted by ``compute.refresh``, never written by a person."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import SHORT_TEXT, check_text
from helhet.indicators import research
from helhet.indicators.definitions import SCORES, STATEMENTS, Area
from helhet.indicators.models import (
    Half,
    Network,
    NetworkMember,
    ProjectStatus,
    ResearchExtract,
    ResearchProject,
    SelfAssessment,
    StatementScore,
)


@transaction.atomic
def self_assessment_record(
    *, recorded_by, area: str, year: int, half: str, scores: dict[str, tuple[int, str]]
) -> SelfAssessment:
    """Record the leader group's scores (1–5, each with an optional note) for every statement
    of the area for a half-year; again for the same half-year, the scores are replaced. Every
    score is checked first: nothing is half-written."""
    if not policy.can_record_self_assessment(recorded_by):
        raise Http404
    if area not in Area.values:
        raise Http404
    if abs(year - clock.today().year) > 1:
        raise DomainError(_("Choose this year, last year or next year."), field="year")
    if half not in Half.values:
        raise DomainError(_("Choose the half-year."), field="half")
    statements = [code for code, _text in STATEMENTS[area]]
    for code in statements:
        if code not in scores or scores[code][0] not in SCORES:
            raise DomainError(_("Give every statement a score from 1 to 5."), field=f"score_{code}")
        check_text(scores[code][1], limit=SHORT_TEXT, field=f"note_{code}")
    professional = policy.actor_professional(recorded_by)
    assessment, _created = SelfAssessment.objects.update_or_create(
        municipality_id=professional.municipality_id,
        area=area,
        year=year,
        half=half,
        defaults={"recorded_by": professional, "recorded_at": clock.now()},
    )
    assessment.scores.all().delete()
    StatementScore.objects.bulk_create(
        [
            StatementScore(
                assessment=assessment,
                statement=code,
                score=scores[code][0],
                note=scores[code][1].strip(),
            )
            for code in statements
        ]
    )
    audit_record(
        actor=recorded_by,
        action="indicators.self_assessment",
        purpose="indicators",
        municipality_id=professional.municipality_id,
        obj=assessment,
    )
    return assessment


def _network_record(actor, action: str, network: Network) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose="indicators",
        municipality_id=policy.actor_professional(actor).municipality_id,
        obj=network,
    )


@transaction.atomic
def network_join(*, joined_by, network_pk: int) -> NetworkMember:
    """The municipal administrator opts the municipality in: its figures, suppressed, are
    compared with the other members'. Only aggregates leave the municipality."""
    if not policy.can_opt_in_networks(joined_by):
        raise Http404
    network = Network.objects.filter(pk=network_pk).first()
    if network is None:
        raise Http404
    professional = policy.actor_professional(joined_by)
    member, created = NetworkMember.objects.get_or_create(
        network=network,
        municipality_id=professional.municipality_id,
        defaults={"opted_in_by": professional, "opted_in_at": clock.now()},
    )
    if not created:
        raise DomainError(_("The municipality is in this network already."))
    _network_record(joined_by, "network.join", network)
    return member


@transaction.atomic
def network_leave(*, left_by, network_pk: int) -> None:
    if not policy.can_opt_in_networks(left_by):
        raise Http404
    network = policy.networks_joined(left_by).filter(pk=network_pk).first()
    if network is None:
        raise Http404
    NetworkMember.objects.filter(
        network=network, municipality_id=policy.actor_professional(left_by).municipality_id
    ).delete()
    _network_record(left_by, "network.leave", network)


# --- research projects -------------------------------------------------------------------------


def _research_record(actor, action: str, project: ResearchProject) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose="research",
        actor_role="data protection officer",
        municipality_id=project.municipality_id,
        obj=project,
    )


@transaction.atomic
def research_project_propose(
    *, proposed_by, name: str, purpose: str, period_start, period_end, fields: list[str]
) -> ResearchProject:
    """A named project with its purpose, period and fields (free text and identities refused),
    waiting for approval; it gets its own pseudonym key."""
    if not policy.can_manage_research(proposed_by):
        raise Http404
    try:
        fields = research.check_fields(fields)
    except research.ExtractError as exc:
        raise DomainError(str(exc), field="fields") from None
    if period_start > period_end:
        raise DomainError(_("The period ends before it starts."), field="period_end")
    check_text(purpose, limit=SHORT_TEXT, field="purpose")
    if not purpose.strip():
        raise DomainError(_("Say what the project is for."), field="purpose")
    professional = policy.actor_professional(proposed_by)
    project = ResearchProject.objects.create(
        municipality_id=professional.municipality_id,
        name=name.strip(),
        purpose=purpose.strip(),
        period_start=period_start,
        period_end=period_end,
        fields=fields,
        key=secrets.token_hex(32),
        proposed_by=professional,
    )
    _research_record(proposed_by, "research.propose", project)
    return project


@transaction.atomic
def research_project_approve(*, approved_by, pk: int) -> ResearchProject:
    project = policy.get_research_project_or_404(approved_by, pk)
    if project.status != ProjectStatus.PROPOSED:
        raise DomainError(_("Only a proposed project is approved."))
    project.status = ProjectStatus.APPROVED
    project.approved_by = policy.actor_professional(approved_by)
    project.approved_at = clock.now()
    project.save(update_fields=["status", "approved_by", "approved_at"])
    _research_record(approved_by, "research.approve", project)
    return project


@transaction.atomic
def research_project_end(*, ended_by, pk: int) -> ResearchProject:
    """End a project: no more extracts, and its key is erased, so that no one can make its
    pseudonyms again or link what was handed out to anyone (the extracts' records stay)."""
    project = policy.get_research_project_or_404(ended_by, pk)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    if project.status == ProjectStatus.ENDED:
        raise DomainError(_("The project has already ended."))
    project.status = ProjectStatus.ENDED
    project.ended_at = clock.now()
    project.key = ""
    project.save(update_fields=["status", "ended_at", "key"])
    _research_record(ended_by, "research.end", project)
    return project


@transaction.atomic
def research_extract(*, made_by, pk: int) -> tuple[ResearchProject, bytes]:
    """The approved project's extract (a ZIP: CSV, Parquet, data dictionary), recorded with its
    counts and checksum; refused before approval."""
    project = policy.get_research_project_or_404(made_by, pk)
    if project.status == ProjectStatus.ENDED:
        raise DomainError(_("The project has ended: no extract is made."))
    if project.status != ProjectStatus.APPROVED:
        raise DomainError(_("The project is not approved: no extract is made."))
    extract = research.build(project)
    data = research.archive(project, extract)
    ResearchExtract.objects.create(
        project=project,
        made_by=policy.actor_professional(made_by),
        made_at=clock.now(),
        rows=len(extract.rows),
        left_out=extract.left_out,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    _research_record(made_by, "research.extract", project)
    return project, data
