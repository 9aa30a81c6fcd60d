"""The plan's pages over HTTP: what the team sees and does, bad input kept on the form, the
printouts, and the closed case. Outsiders are covered by tests/access/test_leak_matrix.py."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.plans import services
from helhet.plans.models import Evaluation, Goal, Measure, Meeting
from tests.querycount import assert_same_count, measured

GOAL = "Jeg vil være på skolen hele dagen og spise frokost først – også på fredager."


@pytest.fixture
def teacher(client, pw):
    client.force_login(pw.world.teacher.user)
    return client


def url(name: str, pw, *args) -> str:
    return reverse(f"plans:{name}", args=[pw.case.pk, *args])


def version(pw) -> int:
    return pw.refresh().version


def test_the_team_adds_a_goal_in_the_childs_words(teacher, pw):
    response = teacher.post(
        url("goal_add", pw),
        {
            "version": version(pw),
            "text": GOAL,
            "whose_words": "child",
            "life_area": pw.area().pk,
            "responsible_service": pw.world.school.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("plan", pw)
    page = teacher.get(url("plan", pw)).content.decode()
    assert GOAL in page
    assert Goal.objects.get().text == GOAL


def test_a_goal_for_a_service_without_consent_is_refused_and_the_text_kept(teacher, pw):
    response = teacher.post(
        url("goal_add", pw),
        {
            "version": version(pw),
            "text": GOAL,
            "whose_words": "child",
            "life_area": pw.area().pk,
            "responsible_service": pw.world.child_welfare.pk,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not covered by consent" in body
    assert GOAL in body  # what was typed is still there
    assert not Goal.objects.exists()


def test_a_measure_ending_before_it_starts_is_refused_on_the_form(teacher, pw):
    goal = pw.goal()
    today = clock.today()
    response = teacher.post(
        url("measure_add", pw, goal.pk),
        {
            "version": version(pw),
            "description": "Samtaler med helsesykepleier",
            "service": pw.world.health.pk,
            "responsible": pw.world.nurse.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert "Samtaler med helsesykepleier" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_measure_is_added_and_the_case_page_shows_services_side_by_side(teacher, pw):
    w = pw.world
    goal = pw.goal()
    pw.measure(goal)
    today = clock.today()
    response = teacher.post(
        url("measure_add", pw, goal.pk),
        {
            "version": version(pw),
            "description": "Samtaler med helsesykepleier",
            "service": w.health.pk,
            "responsible": w.nurse.pk,
            "starts_on": today.isoformat(),
            "ends_on": "",
            "frequency": "Hver onsdag",
            "status": "running",
        },
    )
    assert response.status_code == 302
    case_page = teacher.get(reverse("cases:case", args=[pw.case.pk])).content.decode()
    assert "The plan at a glance" in case_page
    assert "2 services at the same time" in case_page
    assert w.health.name in case_page and w.school.name in case_page


def test_planning_a_meeting_in_the_past_is_refused(teacher, pw):
    past = clock.now() - datetime.timedelta(days=1)
    response = teacher.post(
        url("meeting_plan", pw),
        {
            "version": version(pw),
            "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "place": "Skolen",
            "agenda": "Oppfølging",
            "child_takes_part": "on",
            "guardians": [pw.world.mother.pk],
        },
    )
    assert response.status_code == 200
    assert "The time has passed" in response.content.decode()
    assert not Meeting.objects.exists()


def test_minutes_with_a_decision_that_becomes_a_measure(teacher, pw, monkeypatch):
    goal = pw.goal()
    meeting = services.meeting_plan(
        case=pw.case,
        planned_by=pw.world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(hours=1),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[pw.world.mother],
        professionals=[pw.world.nurse],
    )
    later = clock.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    due = (clock.today() + datetime.timedelta(days=30)).isoformat()
    data = {
        "version": version(pw),
        "summary": "Vi ble enige om frokost på skolen.",
        "child_voice": "Jeg er sulten om morgenen.",
        "decision-TOTAL_FORMS": 3,
        "decision-INITIAL_FORMS": 0,
        "decision-MIN_NUM_FORMS": 0,
        "decision-MAX_NUM_FORMS": 10,
        "decision-0-text": "Frokost på skolen",
        "decision-0-responsible": pw.world.nurse.pk,
        "decision-0-due_on": due,
        "decision-0-outcome": "measure",
        "decision-0-goal": goal.pk,
        "decision-1-outcome": "measure",
        "decision-2-outcome": "measure",
    }
    page = teacher.get(url("meeting_record", pw, meeting.pk))
    assert page.status_code == 200
    response = teacher.post(url("meeting_record", pw, meeting.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert Measure.objects.get().description == "Frokost på skolen"
    detail = teacher.get(url("meeting", pw, meeting.pk)).content.decode()
    assert "Vi ble enige om frokost på skolen." in detail
    pdf = teacher.get(url("meeting_pdf", pw, meeting.pk))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Frokost på skolen" in text


def test_the_plan_pdf_contains_the_goals_and_is_audited_as_an_export(teacher, pw):
    pw.goal(text=GOAL)
    response = teacher.get(url("plan_pdf", pw))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="plan-{clock.today()}.pdf"'
    assert response["Cache-Control"] == "no-store"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jeg vil være på skolen hele dagen" in " ".join(text.split())
    export = AuditEvent.objects.get(action="case.export", case_id=pw.case.pk)
    assert export.purpose == "plan PDF"
    assert export.actor_id == pw.world.teacher.user_id


def test_a_meeting_summary_pdf_exists_only_for_a_held_meeting(teacher, pw):
    meeting = services.meeting_plan(
        case=pw.case,
        planned_by=pw.world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=1),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[],
        professionals=[],
    )
    assert teacher.get(url("meeting_pdf", pw, meeting.pk)).status_code == 404


def test_the_plan_on_a_past_date_and_a_bad_date(teacher, pw):
    pw.goal(text=GOAL)
    today = clock.today().isoformat()
    response = teacher.get(url("plan", pw) + f"?on={today}")
    assert response.status_code == 200
    assert GOAL in response.content.decode()
    bad = teacher.get(url("plan", pw) + "?on=not-a-date")
    assert bad.status_code == 200
    assert "Enter a valid date" in bad.content.decode()


def test_a_closed_case_can_be_read_and_printed_but_not_changed(teacher, pw):
    pw.goal()
    services.evaluation_record(
        case=pw.case,
        recorded_by=pw.world.teacher.user,
        evaluated_on=clock.today(),
        worked="Mye",
        did_not_work="Lite",
        next_steps="Avslutte",
        team_scale=8,
        child_voice="Bra nå.",
        is_final=True,
    )
    case_services.case_close(case=pw.case, closed_by=pw.world.teacher.user, reason="Ferdig.")
    assert teacher.get(url("plan", pw)).status_code == 200
    assert teacher.get(url("plan_pdf", pw)).status_code == 200
    for name in ("goal_add", "evaluation_record", "evaluation_schedule", "meeting_plan"):
        assert teacher.get(url(name, pw)).status_code == 404
        assert teacher.post(url(name, pw), {}).status_code == 404
    assert Evaluation.objects.count() == 1


def test_the_close_page_points_to_the_final_evaluation(teacher, pw):
    pw.goal()
    page = teacher.get(reverse("cases:case_close", args=[pw.case.pk])).content.decode()
    assert "no final evaluation" in page
    assert url("evaluation_record", pw) + "?final=1" in page


def test_what_matters_to_me_page(teacher, pw):
    pw.goal(text="Jeg vil spille fotball.")
    page = teacher.get(url("what_matters", pw)).content.decode()
    assert "Jeg vil spille fotball." in page
    assert "Jeg orker ikke skolen om morgenen." in page


def test_pages_in_norwegian(teacher, pw, settings):
    pw.goal()
    for name in ("plan", "meetings", "what_matters"):
        response = teacher.get(url(name, pw), HTTP_ACCEPT_LANGUAGE="nb")
        assert response.status_code == 200
        assert 'lang="nb"' in response.content.decode()


# Measured, the same for a plan of 2 goals as of 20 (each with measures of two services, and as
# many evaluations): tests/querycount.py.
PLAN_PAGES_QUERIES = {
    "plans:plan": 29,
    "cases:case": 32,  # with the pathway section (tests/cases/test_case_views.py)
    "plans:what_matters": 22,
    "plans:meetings": 18,
}


@pytest.mark.parametrize("page", PLAN_PAGES_QUERIES)
def test_plan_pages_run_as_many_queries_for_20_goals_as_for_2(teacher, pw, page):
    w = pw.world
    counts, done = {}, 0
    for n in (2, 20):
        for i in range(done, n):
            goal = pw.goal(text=f"Mål {i}")
            pw.measure(goal, service=w.health, responsible=w.nurse)
            pw.measure(goal, service=w.ppt, responsible=w.ppt_advisor)
            services.evaluation_record(
                case=pw.refresh(),
                recorded_by=w.teacher.user,
                evaluated_on=clock.today(),
                worked=f"Samtalene {i}",
                did_not_work="Morgenene.",
                next_steps="Fortsette.",
                team_scale=5,
                child_voice="Det går litt bedre.",
            )
        done = n
        counts[n], response = measured(teacher, reverse(page, args=[pw.case.pk]))
        if page in ("plans:plan", "plans:what_matters"):
            assert f"Mål {n - 1}" in response.content.decode()
    assert_same_count(counts, expected=PLAN_PAGES_QUERIES[page])


def test_the_plan_pdf_is_tagged_for_screen_readers_in_the_readers_language(teacher, pw):
    pw.goal(text=GOAL)
    response = teacher.get(url("plan_pdf", pw), HTTP_ACCEPT_LANGUAGE="nb")
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged PDF (PDF/UA)
    assert str(catalog["/Lang"]) == "nb"
    assert "/StructTreeRoot" in catalog


def test_the_change_forms_start_from_the_current_values(teacher, pw):
    import re

    def selected(page: str) -> set[str]:
        return set(re.findall(r'<option value="([0-9]+)" selected\s*>', page))

    w = pw.world
    goal = pw.goal(text=GOAL)
    measure = pw.measure(goal, service=w.health, responsible=w.nurse)
    goal_page = teacher.get(url("goal_change", pw, goal.pk)).content.decode()
    assert GOAL in goal_page
    assert {str(w.school.pk), str(pw.area().pk)} <= selected(goal_page)
    measure_page = teacher.get(url("measure_change", pw, measure.pk)).content.decode()
    assert {str(w.health.pk), str(w.nurse.pk)} <= selected(measure_page)
    assert f'value="{measure.starts_on.isoformat()}"' in measure_page


def test_the_meeting_list_keeps_the_agendas_line_breaks(teacher, pw):
    services.meeting_plan(
        case=pw.case,
        planned_by=pw.world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=2),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="1. Hvordan går det?\n2. Fravær\n3. Veien videre",
        child_takes_part=True,
        guardians=[pw.world.mother],
        professionals=[pw.world.nurse],
    )
    page = teacher.get(url("meetings", pw)).content.decode()
    assert "1. Hvordan går det?\n2. Fravær\n3. Veien videre" in page
