"""Tasks of the caller, and the data protection officer's search of the access log."""

from __future__ import annotations

import datetime

import pytest

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.people.models import Professional
from helhet.plans import services
from helhet.reminders.models import Task, TaskKind
from tests.api.conftest import api_client
from tests.api.test_plans import days, fields, plan_world, problem

pytestmark = pytest.mark.django_db


def decision_task(pw, *, assignee) -> Task:
    meeting = pw.meeting(past=True)
    services.meeting_record(
        meeting=meeting,
        recorded_by=pw.world.teacher.user,
        summary="Oppsummering.",
        child_voice="",
        child_not_asked_reason="Var ikke til stede.",
        decisions=[
            services.DecisionInput(
                text="Ringe mor.", responsible=assignee, due_on=days(7), outcome="task"
            )
        ],
    )
    return Task.objects.get(kind=TaskKind.DECISION)


# --- tasks -------------------------------------------------------------------------------------


def test_my_open_tasks_and_completing_one():
    pw = plan_world()
    task = decision_task(pw, assignee=pw.world.nurse)
    nurse = api_client(pw.world.nurse)

    listed = nurse.get("/api/v1/tasks/")
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()["results"]] == [task.pk]
    assert listed.json()["results"][0]["case"] == pw.case.pk
    assert AuditEvent.objects.filter(action="api.list", purpose="api task list").count() == 1
    assert api_client(pw.world.teacher).get("/api/v1/tasks/").json()["results"] == []
    bad = nurse.get("/api/v1/tasks/", {"page_size": "null"})
    assert fields(problem(bad, 400, "validation")) == {"page_size"}

    done = nurse.post(f"/api/v1/tasks/{task.pk}/complete/", {}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["done_at"] is not None
    task.refresh_from_db()
    assert task.done_by == pw.world.nurse
    assert nurse.get("/api/v1/tasks/").json()["results"] == []
    problem(nurse.post(f"/api/v1/tasks/{task.pk}/complete/", {}, format="json"), 404, "not-found")


def test_only_the_assignee_completes_a_task_and_only_a_decided_one():
    pw = plan_world()
    task = decision_task(pw, assignee=pw.world.nurse)
    url = f"/api/v1/tasks/{task.pk}/complete/"
    problem(api_client(pw.world.teacher).post(url, {}, format="json"), 404, "not-found")
    problem(api_client(plan_world().world.teacher).post(url, {}, format="json"), 404, "not-found")
    problem(api_client(pw.world.nurse, scope="read").post(url, {}, format="json"), 403, "forbidden")
    unknown = api_client(pw.world.nurse).post(url, {"done": True}, format="json")
    assert fields(problem(unknown, 400, "validation")) == {"done"}
    problem(api_client(pw.world.nurse).post("/api/v1/tasks/999999/complete/"), 404, "not-found")
    task.refresh_from_db()
    assert task.done_at is None

    generated = Task.objects.create(
        municipality=pw.world.municipality,
        kind=TaskKind.EVALUATION_DUE,
        key=f"test:{pw.case.pk}",
        assignee=pw.world.teacher,
        case=pw.case,
        due_on=clock.today(),
        remind_on=clock.today(),
        created_at=clock.now(),
    )
    refused = api_client(pw.world.teacher).post(
        f"/api/v1/tasks/{generated.pk}/complete/", {}, format="json"
    )
    problem(refused, 422, "rule")
    generated.refresh_from_db()
    assert generated.done_at is None


# --- the access log ----------------------------------------------------------------------------


def officer_of(pw) -> Professional:
    Professional.objects.filter(pk=pw.world.head_teacher.pk).update(is_data_protection_officer=True)
    return pw.world.head_teacher


def test_the_officer_searches_the_access_log_by_case_and_the_search_is_audited():
    pw = plan_world()
    other = plan_world()
    officer = api_client(officer_of(pw))
    pw.goal()

    response = officer.get("/api/v1/audit-events/", {"case": pw.case.pk, "action": "plan.goal.add"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["next"] is None
    event = body["results"][0]
    assert event["case"] == pw.case.pk and event["action"] == "plan.goal.add"
    assert event["actor"]["professional"] == pw.world.teacher.pk
    search = AuditEvent.objects.filter(action="audit.search").get()
    assert search.case_id == pw.case.pk
    assert f"case={pw.case.pk}" in search.purpose

    # Another municipality's case: no events, and not in that case's access log.
    elsewhere = officer.get("/api/v1/audit-events/", {"case": other.case.pk}).json()
    assert elsewhere["count"] == 0
    assert not AuditEvent.objects.filter(action="audit.search", case_id=other.case.pk).exists()


def test_filters_by_actor_and_dates_and_pages():
    pw = plan_world()
    officer = api_client(officer_of(pw))
    teacher = pw.world.teacher
    by_teacher = officer.get("/api/v1/audit-events/", {"actor": teacher.pk}).json()
    assert by_teacher["count"] > 0
    assert {e["actor"]["professional"] for e in by_teacher["results"]} == {teacher.pk}
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    assert officer.get("/api/v1/audit-events/", {"date_from": tomorrow}).json()["count"] == 0
    today = officer.get(
        "/api/v1/audit-events/",
        {"date_from": clock.today().isoformat(), "date_to": clock.today().isoformat()},
    ).json()
    assert today["count"] > 0
    for _ in range(60):
        pw.goal()
    first = officer.get("/api/v1/audit-events/", {"action": "plan.goal.add"}).json()
    assert first["pages"] == 2 and len(first["results"]) == 50
    second = officer.get(first["next"]).json()
    assert second["page"] == 2 and len(second["results"]) == 10
    assert second["previous"] is not None and "page=" not in second["previous"]


def test_bad_filters_are_refused_before_any_search():
    pw = plan_world()
    other = plan_world()
    officer = api_client(officer_of(pw))
    cases = [
        ({"name": "Ola Nordmann"}, {"name"}),
        ({"case": "abc"}, {"case"}),
        ({"actor": other.world.teacher.pk}, {"actor"}),
        ({"action": "no.such.action"}, {"action"}),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, {"date_to"}),
    ]
    for params, bad in cases:
        response = officer.get("/api/v1/audit-events/", params)
        assert fields(problem(response, 400, "validation")) == bad, params
    assert not AuditEvent.objects.filter(action="audit.search").exists()


def test_only_the_officer_sees_the_access_log():
    pw = plan_world()
    officer_of(pw)
    for professional in (pw.world.teacher, pw.world.cw_worker):
        problem(api_client(professional).get("/api/v1/audit-events/"), 404, "not-found")
    assert not AuditEvent.objects.filter(action="audit.search").exists()
