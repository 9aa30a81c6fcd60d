"""The plan and the meetings over the API: the plan services' rules, the policy and the audit."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.core import clock
from helhet.plans import services
from helhet.plans.models import (
    Evaluation,
    Goal,
    Measure,
    Meeting,
    MeetingDecision,
    MeetingStatus,
    Plan,
)
from helhet.reminders.models import Task
from helhet.tenancy.models import LifeArea
from tests.api.conftest import api_client
from tests.factories import NetworkPersonFactory, ServiceFactory
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


@dataclasses.dataclass
class PlanWorld:
    world: World
    case: Case

    @property
    def url(self) -> str:
        return f"/api/v1/cases/{self.case.pk}"

    def area(self, code: str = "learning") -> LifeArea:
        return LifeArea.objects.get(framework__code="nordic", code=code)

    def goal(self, text: str = "Jeg vil gå på skolen hver dag.") -> Goal:
        return services.goal_add(
            case=self.case,
            added_by=self.world.teacher.user,
            life_area=self.area(),
            text=text,
            whose_words="child",
            responsible_service=self.world.school,
        )

    def measure(self, goal: Goal, *, service=None, responsible=None) -> Measure:
        return services.measure_add(
            goal=goal,
            added_by=self.world.teacher.user,
            description="Ukentlig samtale med kontaktlærer.",
            service=service or self.world.school,
            responsible=responsible or self.world.teacher,
            starts_on=clock.today(),
            ends_on=days(60),
        )

    def meeting(self, *, past: bool = False) -> Meeting:
        meeting = services.meeting_plan(
            case=self.case,
            planned_by=self.world.teacher.user,
            starts_at=clock.now() + datetime.timedelta(days=2),
            duration_minutes=60,
            place="Skolen, møterom 2",
            video_link="",
            agenda="Status og veien videre.",
            child_takes_part=True,
            guardians=[self.world.mother],
            professionals=[self.world.nurse],
        )
        if past:
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=clock.now() - datetime.timedelta(hours=2)
            )
            meeting.refresh_from_db()
        return meeting

    def version(self) -> int:
        self.case.refresh_from_db()
        return self.case.version


def plan_world() -> PlanWorld:
    """A case with consent for school, health and PPT, and a member of each on the team."""
    world = build_world()
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    for professional, service in ((world.nurse, world.health), (world.ppt_advisor, world.ppt)):
        case_services.team_member_add(
            case=case, added_by=world.teacher.user, professional=professional, service=service
        )
    case.refresh_from_db()
    return PlanWorld(world=world, case=case)


@pytest.fixture
def pw() -> PlanWorld:
    return plan_world()


def problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:helhet:problem:{kind}"
    return body


def fields(body: dict) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


# --- the plan ----------------------------------------------------------------------------------


def test_the_plan_shows_goals_measures_and_what_runs_at_the_same_time(pw):
    goal = pw.goal()
    school = pw.measure(goal)
    health = pw.measure(goal, service=pw.world.health, responsible=pw.world.nurse)
    before = AuditEvent.objects.filter(case_id=pw.case.pk, action="case.read").count()

    response = api_client(pw.world.nurse).get(f"{pw.url}/plan/")

    assert response.status_code == 200
    body = response.json()
    assert body["case"] == pw.case.pk
    assert body["version"] == pw.version()
    assert [g["text"] for g in body["goals"]] == ["Jeg vil gå på skolen hver dag."]
    assert {m["id"] for m in body["goals"][0]["measures"]} == {school.pk, health.pk}
    ongoing = {o["measure"]["id"]: o for o in body["overview"]["ongoing"]}
    assert ongoing[school.pk]["overlaps"] == [health.pk]
    assert ongoing[school.pk]["running_today"] is True
    assert body["overview"]["services_today"] == ["Helsestasjonen", "Skolen"]
    assert len(body["history"]) == 3
    assert AuditEvent.objects.filter(case_id=pw.case.pk, action="case.read").count() == before + 1


def test_the_plan_as_it_was_on_a_date(pw):
    pw.goal()
    client = api_client(pw.world.teacher)
    today = client.get(f"{pw.url}/plan/", {"on": clock.today().isoformat()}).json()
    assert [g["text"] for g in today["goals"]] == ["Jeg vil gå på skolen hver dag."]
    assert today["snapshot"]["change"] == "goal.add"
    assert today["overview"] is None
    before = client.get(f"{pw.url}/plan/", {"on": days(-1).isoformat()}).json()
    assert before["goals"] == [] and before["snapshot"] is None
    bad = client.get(f"{pw.url}/plan/", {"on": "yesterday"})
    assert fields(problem(bad, 400, "validation")) == {"on"}


def test_the_plan_is_not_shown_outside_the_team(pw):
    outsider = api_client(pw.world.cw_worker)
    other = plan_world()
    stranger = api_client(other.world.teacher)
    for client in (outsider, stranger):
        problem(client.get(f"{pw.url}/plan/"), 404, "not-found")
        problem(client.get(f"{pw.url}/goals/"), 404, "not-found")
        problem(client.get(f"{pw.url}/meetings/"), 404, "not-found")


def test_setting_the_evaluation_date(pw):
    client = api_client(pw.world.teacher)
    url = f"{pw.url}/plan/evaluation-date/"
    response = client.post(
        url, {"due": days(30).isoformat(), "version": pw.version()}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["evaluation_due"] == days(30).isoformat()
    assert Plan.objects.get(case=pw.case).evaluation_due == days(30)

    past = client.post(url, {"due": days(-1).isoformat()}, format="json")
    assert fields(problem(past, 422, "rule")) == {"due"}
    stale = client.post(url, {"due": days(40).isoformat(), "version": 1}, format="json")
    problem(stale, 422, "rule")
    problem(client.post(url, {"due": "soon"}, format="json"), 400, "validation")
    problem(
        client.post(url, {"due": days(40).isoformat(), "extra": 1}, format="json"),
        400,
        "validation",
    )
    problem(
        api_client(pw.world.teacher, scope="read").post(url, {"due": "2030-01-01"}, format="json"),
        403,
        "forbidden",
    )
    problem(
        api_client(pw.world.cw_worker).post(url, {"due": days(40).isoformat()}, format="json"),
        404,
        "not-found",
    )
    assert Plan.objects.get(case=pw.case).evaluation_due == days(30)


def test_the_plan_as_pdf(pw):
    import io

    from pypdf import PdfReader

    pw.goal(text="Jeg vil være på skolen – også på fredager.")
    response = api_client(pw.world.teacher).get(f"{pw.url}/plan/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jeg vil være på skolen" in " ".join(text.split())
    assert AuditEvent.objects.filter(case_id=pw.case.pk, action="case.export").count() == 1
    problem(api_client(pw.world.cw_worker).get(f"{pw.url}/plan/pdf/"), 404, "not-found")


# --- goals -------------------------------------------------------------------------------------


def goal_body(pw, **kwargs) -> dict:
    return {
        "life_area": pw.area().pk,
        "text": "Jeg vil ha noen å være med i friminuttene.",
        "whose_words": "child",
        "responsible_service": pw.world.school.pk,
        **kwargs,
    }


def test_adding_a_goal(pw):
    response = api_client(pw.world.teacher).post(
        f"{pw.url}/goals/", goal_body(pw, version=pw.version()), format="json"
    )
    assert response.status_code == 201, response.content
    goal = Goal.objects.get()
    assert response.json()["id"] == goal.pk
    assert response.json()["responsible_service"] == {"id": pw.world.school.pk, "name": "Skolen"}
    assert goal.text == "Jeg vil ha noen å være med i friminuttene."
    assert AuditEvent.objects.filter(action="plan.goal.add", case_id=pw.case.pk).count() == 1


def test_a_goal_with_bad_input_is_refused_and_nothing_is_written(pw):
    client = api_client(pw.world.teacher)
    url = f"{pw.url}/goals/"
    elsewhere = ServiceFactory(name="Annen kommune")
    cases = [
        (goal_body(pw, colour="blue"), 400, {"colour"}),
        (goal_body(pw, life_area="learning"), 400, {"life_area"}),
        (goal_body(pw, responsible_service=elsewhere.pk), 400, {"responsible_service"}),
        (goal_body(pw, whose_words="mine"), 400, {"whose_words"}),
        (goal_body(pw, text=""), 400, {"text"}),
        (
            goal_body(pw, responsible_service=pw.world.child_welfare.pk),
            422,
            {"responsible_service"},
        ),
        (goal_body(pw, version=1), 422, set()),
    ]
    for body, status, bad in cases:
        response = client.post(url, body, format="json")
        kind = "validation" if status == 400 else "rule"
        assert fields(problem(response, status, kind)) >= bad, body
    problem(client.post(url, "[1, 2", content_type="application/json"), 400, "malformed")
    problem(
        api_client(pw.world.cw_worker).post(url, goal_body(pw), format="json"), 404, "not-found"
    )
    problem(
        api_client(pw.world.teacher, scope="read").post(url, goal_body(pw), format="json"),
        403,
        "forbidden",
    )
    assert not Goal.objects.exists()


def test_changing_a_goal_keeps_what_is_not_sent(pw):
    goal = pw.goal()
    response = api_client(pw.world.teacher).patch(
        f"{pw.url}/goals/{goal.pk}/", {"status": "achieved"}, format="json"
    )
    assert response.status_code == 200, response.content
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert goal.text == "Jeg vil gå på skolen hver dag."
    assert goal.responsible_service == pw.world.school


def test_a_goal_of_another_case_is_not_found(pw):
    other = plan_world()
    goal = other.goal()
    client = api_client(pw.world.teacher)
    problem(client.get(f"{pw.url}/goals/{goal.pk}/"), 404, "not-found")
    problem(
        client.patch(f"{pw.url}/goals/{goal.pk}/", {"text": "x"}, format="json"), 404, "not-found"
    )
    problem(
        client.put(f"{pw.url}/goals/{goal.pk}/", {"text": "x"}, format="json"),
        405,
        "method-not-allowed",
    )
    goal.refresh_from_db()
    assert goal.text == "Jeg vil gå på skolen hver dag."


def test_goals_list_and_detail_are_audited(pw):
    goal = pw.goal()
    pw.measure(goal)
    client = api_client(pw.world.nurse)
    listed = client.get(f"{pw.url}/goals/")
    assert listed.status_code == 200
    assert [g["id"] for g in listed.json()["results"]] == [goal.pk]
    assert len(listed.json()["results"][0]["measures"]) == 1
    bad = client.get(f"{pw.url}/goals/", {"page_size": 0})
    assert fields(problem(bad, 400, "validation")) == {"page_size"}
    detail = client.get(f"{pw.url}/goals/{goal.pk}/")
    assert detail.json()["life_area"]["id"] == pw.area().pk
    purposes = set(
        AuditEvent.objects.filter(case_id=pw.case.pk, action="case.read").values_list(
            "purpose", flat=True
        )
    )
    assert {"api plan goals", "api plan goal"} <= purposes


# --- measures ----------------------------------------------------------------------------------


def measure_body(pw, **kwargs) -> dict:
    return {
        "description": "Samtale med helsesykepleier.",
        "service": pw.world.health.pk,
        "responsible": pw.world.nurse.pk,
        "starts_on": clock.today().isoformat(),
        "frequency": "Hver tirsdag",
        **kwargs,
    }


def test_adding_and_changing_a_measure(pw):
    goal = pw.goal()
    client = api_client(pw.world.nurse)
    response = client.post(f"{pw.url}/goals/{goal.pk}/measures/", measure_body(pw), format="json")
    assert response.status_code == 201, response.content
    measure = Measure.objects.get()
    assert measure.ends_on is None and measure.frequency == "Hver tirsdag"
    assert response.json()["responsible"]["id"] == pw.world.nurse.pk

    changed = client.patch(
        f"{pw.url}/measures/{measure.pk}/",
        {"ends_on": days(30).isoformat(), "status": "running"},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    measure.refresh_from_db()
    assert (measure.ends_on, measure.status) == (days(30), "running")
    assert measure.description == "Samtale med helsesykepleier."

    listed = client.get(f"{pw.url}/measures/", {"goal": goal.pk})
    assert [m["id"] for m in listed.json()["results"]] == [measure.pk]
    assert client.get(f"{pw.url}/measures/", {"goal": goal.pk + 1000}).json()["results"] == []
    problem(client.get(f"{pw.url}/measures/", {"goal": "x"}), 400, "validation")


def test_a_measure_breaking_a_rule_is_refused(pw):
    goal = pw.goal()
    client = api_client(pw.world.teacher)
    url = f"{pw.url}/goals/{goal.pk}/measures/"
    outsider = ServiceFactory(name="Annen kommune")
    cases = [
        (measure_body(pw, responsible=pw.world.cw_worker.pk), 422, {"responsible"}),
        (measure_body(pw, service=pw.world.child_welfare.pk), 422, {"service"}),
        (measure_body(pw, frequency=""), 422, {"ends_on"}),
        (measure_body(pw, ends_on=days(-5).isoformat()), 422, {"ends_on"}),
        (measure_body(pw, service=outsider.pk), 400, {"service"}),
        (measure_body(pw, starts_on="tomorrow"), 400, {"starts_on"}),
    ]
    for body, status, bad in cases:
        kind = "validation" if status == 400 else "rule"
        assert fields(problem(client.post(url, body, format="json"), status, kind)) >= bad, body
    assert not Measure.objects.exists()


# --- evaluations -------------------------------------------------------------------------------


def evaluation_body(**kwargs) -> dict:
    return {
        "evaluated_on": clock.today().isoformat(),
        "worked": "Samtalene hjelper.",
        "did_not_work": "Morgenene er tunge.",
        "next_steps": "Fortsette.",
        "team_scale": 6,
        "child_scale": 7,
        "child_not_asked_reason": "Syk på evalueringsdagen.",
        "next_evaluation_due": days(90).isoformat(),
        **kwargs,
    }


def test_recording_an_evaluation(pw):
    pw.goal()
    client = api_client(pw.world.teacher)
    response = client.post(f"{pw.url}/evaluations/", evaluation_body(), format="json")
    assert response.status_code == 201, response.content
    evaluation = Evaluation.objects.get()
    assert evaluation.child_not_asked_reason == "Syk på evalueringsdagen."
    assert Plan.objects.get(case=pw.case).evaluation_due == days(90)
    listed = client.get(f"{pw.url}/evaluations/").json()["results"]
    assert [e["id"] for e in listed] == [evaluation.pk]
    assert client.get(f"{pw.url}/evaluations/{evaluation.pk}/").json()["team_scale"] == 6


def test_an_evaluation_needs_the_childs_voice_or_a_reason(pw):
    pw.goal()
    client = api_client(pw.world.teacher)
    url = f"{pw.url}/evaluations/"
    no_voice = client.post(url, evaluation_body(child_not_asked_reason=""), format="json")
    assert fields(problem(no_voice, 422, "rule")) == {"child_voice"}
    final = client.post(url, evaluation_body(is_final=True), format="json")
    assert fields(problem(final, 422, "rule")) == {"next_evaluation_due"}
    scale = client.post(url, evaluation_body(team_scale=11), format="json")
    assert fields(problem(scale, 400, "validation")) == {"team_scale"}
    wrong = client.post(url, evaluation_body(is_final="maybe"), format="json")
    assert fields(problem(wrong, 400, "validation")) == {"is_final"}
    assert not Evaluation.objects.exists()


# --- meetings ----------------------------------------------------------------------------------


def test_planning_a_meeting(pw):
    client = api_client(pw.world.teacher)
    starts = (clock.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    body = {
        "starts_at": starts.isoformat(),
        "place": "Skolen",
        "agenda": "Oppstart.",
        "guardians": [pw.world.mother.pk, pw.world.father.pk],
        "professionals": [pw.world.nurse.pk],
        "version": pw.version(),
    }
    response = client.post(f"{pw.url}/meetings/", body, format="json")
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get()
    assert set(meeting.professionals.all()) == {pw.world.teacher, pw.world.nurse}
    assert response.json()["decisions"] == []
    assert response.json()["status"] == "planned"

    stranger = NetworkPersonFactory(name="Annen forelder")
    refused = client.post(f"{pw.url}/meetings/", body | {"guardians": [stranger.pk]}, format="json")
    assert fields(problem(refused, 400, "validation")) == {"guardians"}
    past = body | {"starts_at": (clock.now() - datetime.timedelta(days=1)).isoformat()}
    past.pop("version")
    assert fields(
        problem(client.post(f"{pw.url}/meetings/", past, format="json"), 422, "rule")
    ) == {"starts_at"}
    not_team = body | {"professionals": [pw.world.cw_worker.pk]}
    not_team.pop("version")
    assert fields(
        problem(client.post(f"{pw.url}/meetings/", not_team, format="json"), 422, "rule")
    ) == {"professionals"}
    assert Meeting.objects.count() == 1
    listed = client.get(f"{pw.url}/meetings/").json()["results"]
    assert [m["id"] for m in listed] == [meeting.pk]


def test_recording_the_minutes_turns_decisions_into_a_measure_and_a_task(pw):
    goal = pw.goal()
    meeting = pw.meeting(past=True)
    client = api_client(pw.world.teacher)
    body = {
        "summary": "Vi ble enige om veien videre.",
        "child_voice": "Jeg vil ha mindre lekser.",
        "decisions": [
            {
                "text": "Leksehjelp to dager i uka.",
                "responsible": pw.world.teacher.pk,
                "due_on": days(30).isoformat(),
                "outcome": "measure",
                "goal": goal.pk,
            },
            {
                "text": "Ringe mor.",
                "responsible": pw.world.nurse.pk,
                "due_on": days(7).isoformat(),
                "outcome": "task",
            },
        ],
    }
    response = client.post(f"{pw.url}/meetings/{meeting.pk}/minutes/", body, format="json")
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    decisions = response.json()["decisions"]
    assert [d["outcome"] for d in decisions] == ["measure", "task"]
    assert Measure.objects.get(pk=decisions[0]["measure"]).goal == goal
    assert Task.objects.get(pk=decisions[1]["task"]).assignee == pw.world.nurse
    detail = client.get(f"{pw.url}/meetings/{meeting.pk}/").json()
    assert len(detail["decisions"]) == 2
    assert detail["summary"] == "Vi ble enige om veien videre."


def test_minutes_with_a_bad_decision_save_nothing(pw):
    goal = pw.goal()
    other_goal = plan_world().goal()
    meeting = pw.meeting(past=True)
    client = api_client(pw.world.teacher)
    url = f"{pw.url}/meetings/{meeting.pk}/minutes/"
    decision = {
        "text": "Leksehjelp.",
        "responsible": pw.world.teacher.pk,
        "due_on": days(30).isoformat(),
        "outcome": "measure",
        "goal": goal.pk,
    }
    base = {"summary": "Oppsummering.", "child_voice": "Ok."}
    cases = [
        ([decision | {"goal": None}], 400, "validation", {"decisions.0.goal"}),
        ([decision | {"goal": other_goal.pk}], 400, "validation", {"decisions.0.goal"}),
        ([decision | {"colour": "red"}], 400, "validation", {"decisions.0.colour"}),
        ([decision | {"responsible": pw.world.cw_worker.pk}], 422, "rule", {"decisions.0"}),
        ([decision, decision | {"due_on": days(-10).isoformat()}], 422, "rule", {"decisions.1"}),
        ([decision] * 11, 400, "validation", {"decisions"}),
    ]
    for decisions, status, kind, bad in cases:
        response = client.post(url, base | {"decisions": decisions}, format="json")
        assert fields(problem(response, status, kind)) == bad, decisions
    no_voice = client.post(url, {"summary": "x", "decisions": [decision]}, format="json")
    assert fields(problem(no_voice, 422, "rule")) == {"child_voice"}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not MeetingDecision.objects.exists()
    assert not Measure.objects.exists()


def test_cancelling_a_meeting(pw):
    meeting = pw.meeting()
    other = plan_world()
    url = f"{pw.url}/meetings/{meeting.pk}/cancel/"
    problem(
        api_client(other.world.teacher).post(url, {"reason": "x"}, format="json"), 404, "not-found"
    )
    problem(api_client(pw.world.teacher).post(url, {}, format="json"), 400, "validation")
    response = api_client(pw.world.nurse).post(url, {"reason": "Sykdom."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    again = api_client(pw.world.nurse).post(url, {"reason": "Igjen."}, format="json")
    problem(again, 422, "rule")
    assert AuditEvent.objects.filter(action="meeting.cancel", case_id=pw.case.pk).count() == 1
