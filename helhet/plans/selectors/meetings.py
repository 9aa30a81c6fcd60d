"""Reads of a case's meetings: the list, one meeting with its minutes and decisions, and the
meeting summary for print."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from helhet.cases.models import Case
from helhet.cases.selectors.case import case_read_record
from helhet.people.models import NetworkPerson, Professional
from helhet.plans.models import Meeting, MeetingDecision


def _meetings(case: Case) -> QuerySet[Meeting]:
    return Meeting.objects.filter(case=case).select_related("planned_by__user", "minutes_by__user")


def meeting_list(*, fetched_by, case: Case) -> list[Meeting]:
    with transaction.atomic():
        meetings = list(
            _meetings(case)
            .prefetch_related("guardians", "professionals__user")
            .order_by("-starts_at", "-pk")
        )
        case_read_record(read_by=fetched_by, case=case, purpose="meetings")
    return meetings


def case_meeting_or_404(*, case: Case, meeting_pk: int) -> Meeting:
    meeting = (
        _meetings(case)
        .filter(pk=meeting_pk)
        .prefetch_related(
            "guardians",
            "professionals__user",
            "professionals__memberships__service",
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_decisions(*, meeting: Meeting) -> list[MeetingDecision]:
    return list(
        MeetingDecision.objects.filter(meeting=meeting)
        .select_related("responsible__user", "measure__goal__life_area", "task")
        .order_by("pk")
    )


def meeting_read_record(*, read_by, meeting: Meeting, action: str = "case.read") -> None:
    purpose = "meeting summary PDF" if action == "case.export" else "meeting"
    case_read_record(read_by=read_by, case=meeting.case, purpose=purpose, action=action)


def meeting_guardian_choices(*, case: Case) -> QuerySet[NetworkPerson]:
    return NetworkPerson.objects.filter(child_id=case.child_id).order_by(
        "-has_parental_responsibility", "name", "pk"
    )


def team_professionals(*, case: Case) -> QuerySet[Professional]:
    """Active team members: who can take part in a meeting or answer for a decision."""
    return (
        Professional.objects.filter(team_memberships__case=case, team_memberships__left_at=None)
        .select_related("user")
        .order_by("user__name", "pk")
        .distinct()
    )


def meetings_of(case) -> QuerySet[Meeting]:
    """The case's meetings with who planned and minuted them and who takes part."""
    return (
        Meeting.objects.filter(case=case)
        .select_related("planned_by__user", "minutes_by__user")
        .prefetch_related("guardians", "professionals__user")
    )
