"""The plan PDF is what a parent needs: the plan, the next meeting and evaluation, who may share
information and until when, quotation marks as the reader's language prints them, and a file
name with the plan's date and no personal data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from helhet.core import clock
from helhet.plans import services

GOAL = "Jeg vil være på skolen hele dagen"


@pytest.fixture
def teacher(client, pw):
    client.force_login(pw.world.teacher.user)
    return client


def pdf_text(response) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def download(client, pw, language="nb"):
    return client.get(reverse("plans:plan_pdf", args=[pw.case.pk]), HTTP_ACCEPT_LANGUAGE=language)


def plan_meeting(pw, *, days: int):
    return services.meeting_plan(
        case=pw.case,
        planned_by=pw.world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=days),
        duration_minutes=60,
        place="Møterom 2, Fjordvik skole",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[],
        professionals=[],
    )


def test_the_pdf_names_the_next_meeting_the_next_evaluation_and_the_covered_services(teacher, pw):
    pw.goal(text=GOAL)
    meeting = plan_meeting(pw, days=9)
    plan_meeting(pw, days=20)  # a later one is not "the next"
    due = clock.today() + datetime.timedelta(days=30)
    services.evaluation_schedule(case=pw.case, scheduled_by=pw.world.teacher.user, due=due)

    text = pdf_text(download(teacher, pw, "en"))

    with translation.override("en"):
        when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        due_text = formats.date_format(due, "SHORT_DATE_FORMAT")
        until = formats.date_format(pw.case.consents.get().valid_until, "SHORT_DATE_FORMAT")
    assert f"Next meeting {when}, Møterom 2, Fjordvik skole" in text
    assert f"Next evaluation {due_text}" in text
    assert text.count(due_text) == 1  # once, under "What happens next"
    # The consent of the plan's world covers school, health station and PPT.
    assert f"Helsestasjonen, PPT, Skolen: by consent, until {until}" in text


def test_the_pdf_says_when_nothing_is_planned_and_no_consent_exists(client, db):
    from tests.plans.conftest import PlanWorld
    from tests.scenarios import build_world

    world = build_world()
    case = world.case()  # no consent recorded
    client.force_login(world.teacher.user)
    text = pdf_text(
        client.get(reverse("plans:plan_pdf", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    )
    assert PlanWorld  # the same world as the other plan tests
    assert "No meeting is planned yet. Ask the coordinator." in text
    assert "No consent is recorded yet." in text


@pytest.mark.parametrize(
    ("language", "opening", "closing"),
    [("nb", "«", "»"), ("en", "“", "”"), ("sv", "”", "”"), ("is", "„", "“"), ("da", "»", "«")],
)
def test_the_childs_own_words_are_quoted_as_the_language_quotes(
    teacher, pw, language, opening, closing
):
    pw.goal(text=GOAL, whose_words="child")
    text = pdf_text(download(teacher, pw, language))
    assert f"{opening}{GOAL}{closing}" in text


def test_the_file_is_named_after_the_plans_date_without_personal_data(teacher, pw):
    pw.goal(text=GOAL)
    response = download(teacher, pw)
    plan_date = timezone.localdate(pw.case.plan.snapshots.latest("taken_at").taken_at)
    assert response["Content-Disposition"] == f'attachment; filename="plan-{plan_date}.pdf"'
    assert str(pw.world.child) not in response["Content-Disposition"]


def test_the_api_serves_the_same_printout(pw, client):
    from rest_framework.test import APIClient

    pw.goal(text=GOAL)
    api = APIClient()
    api.force_authenticate(pw.world.teacher.user)
    response = api.get(f"/api/v1/cases/{pw.case.pk}/plan/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan-')
    assert "Who may share information about the child" in pdf_text(response)
