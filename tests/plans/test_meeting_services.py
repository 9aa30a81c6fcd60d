"""Rules of meetings: planned ahead with the child and guardians, recorded after, decisions
becoming measures or tasks, the summary going to the log."""

from __future__ import annotations

import datetime

import pytest

from helhet.audit.models import AuditEvent
from helhet.cases.models import LogEntry, LogKind
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.plans import services
from helhet.plans.models import Measure, Meeting, MeetingDecision, PlanSnapshot
from helhet.reminders.models import Task, TaskKind
from tests.factories import NetworkPersonFactory
from tests.scenarios import professional_in


def plan_meeting(pw, **kwargs) -> Meeting:
    w = pw.world
    defaults = {
        "case": pw.case,
        "planned_by": w.teacher.user,
        "starts_at": clock.now() + datetime.timedelta(days=1),
        "duration_minutes": 60,
        "place": "Møterom 2, Fjordvik skole",
        "video_link": "",
        "agenda": "1. Hvordan går det?\n2. Tiltak fremover",
        "child_takes_part": True,
        "guardians": [w.mother],
        "professionals": [w.nurse],
    }
    defaults.update(kwargs)
    return services.meeting_plan(**defaults)


@pytest.fixture
def held(pw, monkeypatch):
    """A meeting planned for tomorrow, and the clock moved to after it."""
    meeting = plan_meeting(pw)
    later = meeting.starts_at + datetime.timedelta(hours=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    return meeting


def record(pw, meeting, **kwargs):
    defaults = {
        "meeting": meeting,
        "recorded_by": pw.world.teacher.user,
        "summary": "Vi snakket om morgenene.",
        "child_voice": "Jeg vil ha frokost på skolen.",
        "child_not_asked_reason": "",
        "decisions": [],
    }
    defaults.update(kwargs)
    return services.meeting_record(**defaults)


def test_a_meeting_is_planned_with_the_child_a_guardian_and_the_planner(pw):
    meeting = plan_meeting(pw)
    assert meeting.child_takes_part
    assert list(meeting.guardians.all()) == [pw.world.mother]
    assert set(meeting.professionals.all()) == {pw.world.teacher, pw.world.nurse}
    assert AuditEvent.objects.filter(action="meeting.plan", case_id=pw.case.pk).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "past"}, "starts_at"),
        ({"place": "", "video_link": ""}, "place"),
        ({"place": "", "video_link": "http://video.example/rom"}, "video_link"),
        ({"agenda": " "}, "agenda"),
        ({"duration_minutes": 5}, "duration_minutes"),
    ],
)
def test_bad_meetings_are_refused(pw, change, field):
    if change.get("starts_at") == "past":
        change["starts_at"] = clock.now() - datetime.timedelta(hours=1)
    with pytest.raises(DomainError) as refused:
        plan_meeting(pw, **change)
    assert refused.value.field == field
    assert not Meeting.objects.exists()


def test_participants_come_from_the_child_and_the_team(pw):
    stranger = NetworkPersonFactory()  # a guardian of another child
    with pytest.raises(DomainError, match="guardians"):
        plan_meeting(pw, guardians=[stranger])
    with pytest.raises(DomainError, match="not on the team"):
        plan_meeting(pw, professionals=[professional_in(pw.world.school)])


def test_the_minutes_cannot_be_recorded_before_the_meeting(pw):
    meeting = plan_meeting(pw)
    with pytest.raises(DomainError, match="not taken place"):
        record(pw, meeting)
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_minutes_go_to_the_log_and_decisions_become_a_measure_and_a_task(pw, held):
    w = pw.world
    goal = pw.goal()
    deadline = clock.today() + datetime.timedelta(days=30)
    meeting = record(
        pw,
        held,
        decisions=[
            services.DecisionInput(
                text="Frokost på skolen tre dager i uka.",
                responsible=w.nurse,
                due_on=deadline,
                outcome="measure",
                goal=goal,
            ),
            services.DecisionInput(
                text="Ringe mor om skoleskyss.",
                responsible=w.teacher,
                due_on=clock.today() + datetime.timedelta(days=3),
                outcome="task",
            ),
        ],
    )
    assert meeting.status == "held"
    entry = LogEntry.objects.get(pk=meeting.log_entry_id)
    assert entry.kind == LogKind.MEETING
    assert "Vi snakket om morgenene." in entry.text
    assert "Frokost på skolen tre dager i uka." in entry.text
    measure = Measure.objects.get(decision__meeting=meeting)
    assert (measure.service, measure.responsible, measure.ends_on) == (w.health, w.nurse, deadline)
    assert measure.goal == goal
    task = Task.objects.get(decision__meeting=meeting)
    assert (task.kind, task.assignee, task.case) == (TaskKind.DECISION, w.teacher, pw.case)
    assert MeetingDecision.objects.filter(meeting=meeting).count() == 2
    assert PlanSnapshot.objects.filter(change="meeting.decisions").count() == 1


def test_a_refused_decision_saves_nothing(pw, held):
    goal = pw.goal()
    outsider = professional_in(pw.world.school)
    with pytest.raises(DomainError, match="not on the team"):
        record(
            pw,
            held,
            decisions=[
                services.DecisionInput(
                    text="Noe",
                    responsible=outsider,
                    due_on=clock.today(),
                    outcome="measure",
                    goal=goal,
                )
            ],
        )
    held.refresh_from_db()
    assert held.status == "planned"
    assert not LogEntry.objects.filter(kind=LogKind.MEETING).exists()
    assert not Measure.objects.exists()


def test_a_measure_decision_needs_a_goal(pw, held):
    with pytest.raises(DomainError, match="goal"):
        record(
            pw,
            held,
            decisions=[
                services.DecisionInput(
                    text="Noe", responsible=pw.world.nurse, due_on=clock.today(), outcome="measure"
                )
            ],
        )


def test_minutes_need_the_childs_voice_or_why_not(pw, held):
    with pytest.raises(DomainError, match="why the child was not asked"):
        record(pw, held, child_voice="")
    meeting = record(pw, held, child_voice="", child_not_asked_reason="Barnet var syk.")
    assert meeting.child_not_asked_reason == "Barnet var syk."


def test_minutes_are_recorded_once_and_not_for_a_cancelled_meeting(pw, held):
    record(pw, held)
    with pytest.raises(DomainError, match="already recorded"):
        record(pw, held)
    other = Meeting.objects.create(
        case=pw.case,
        starts_at=held.starts_at,
        place="Skolen",
        agenda="x",
        planned_at=held.planned_at,
        planned_by=pw.world.teacher,
        status="cancelled",
    )
    with pytest.raises(DomainError, match="cancelled"):
        record(pw, other)


def test_cancelling_a_planned_meeting_is_logged(pw):
    meeting = plan_meeting(pw)
    services.meeting_cancel(meeting=meeting, cancelled_by=pw.world.teacher.user, reason="Syk.")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert LogEntry.objects.filter(case=pw.case, text__contains="Syk.").exists()
    with pytest.raises(DomainError, match="Only a planned meeting"):
        services.meeting_cancel(meeting=meeting, cancelled_by=pw.world.teacher.user, reason="x")
