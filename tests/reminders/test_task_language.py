"""What the system writes into a task or the log reaches each reader in their own language: on
*My work*, and in the API by the request's Accept-Language (issue 13.2)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from helhet.cases.log_text import LogText
from helhet.core import clock
from helhet.reminders.models import TaskKind
from helhet.reminders.services import task_create_for_decision
from tests.api.conftest import api_client
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

WITHDREW = "The family withdrew consent for %(service)s. Follow up with the team."


def family_task(world, case):
    with translation.override("nb"):  # written while another language was active
        return task_create_for_decision(
            case=case,
            assignee=world.teacher,
            kind=TaskKind.FAMILY_WITHDREW,
            text=LogText(gettext_noop(WITHDREW), {"service": "PPT"}),
            due_on=clock.today() + datetime.timedelta(days=3),
            key=f"test:{case.pk}",
        )


def expected(language: str) -> str:
    with translation.override(language):
        return gettext(WITHDREW) % {"service": "PPT"}


def test_a_family_task_reads_in_each_readers_language():
    world = build_world()
    case = world.case(consent_for=(world.school,))
    task = family_task(world, case)
    assert expected("nb") != expected("en")
    for language in ("en", "nb"):
        with translation.override(language):
            assert task.display_text == expected(language)


def test_my_work_and_the_api_show_the_task_in_the_readers_language(client):
    world = build_world()
    case = world.case(consent_for=(world.school,))
    family_task(world, case)
    client.force_login(world.teacher.user)
    page = client.get("/work/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert expected("en") in page
    api = api_client(world.teacher)
    for language in ("en", "nb"):
        tasks = api.get("/api/v1/tasks/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
        assert [t["text"] for t in tasks if t["kind"] == "family_withdrew"] == [expected(language)]


def test_the_apis_log_gives_system_entries_in_the_requests_language():
    world = build_world()
    with translation.override("nb"):
        case = world.case(consent_for=(world.school,))
    api = api_client(world.teacher)
    texts = {
        language: [
            e["text"]
            for e in api.get(f"/api/v1/cases/{case.pk}/log/", HTTP_ACCEPT_LANGUAGE=language).json()[
                "results"
            ]
        ]
        for language in ("en", "nb")
    }
    entry = case.log.filter(message__isnull=False).earliest("created_at", "pk")
    for language, shown in texts.items():
        with translation.override(language):
            assert entry.display_text in shown
    assert texts["en"] != texts["nb"]
