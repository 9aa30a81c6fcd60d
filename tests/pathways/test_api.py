"""The API's door to pathways and the follow-up register: the same rules as the pages."""

from __future__ import annotations

import datetime

from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup.models import FollowUp, FollowUpContact
from helhet.pathways import services
from helhet.pathways.models import PathwayTemplate
from helhet.people.models import Membership
from tests.api.conftest import api_client
from tests.factories import ServiceFactory
from tests.pathways.test_pathways import signal  # noqa: F401 (the fixture)
from tests.scenarios import build_world


def test_the_contact_teacher_reads_a_pathway_and_records_a_step(school, signal):  # noqa: F811
    services.pathway_templates_ensure(municipality=school.world.municipality)
    pathway = services.pathway_start(
        started_by=school.world.teacher.user,
        signal_pk=signal.pk,
        template_pk=PathwayTemplate.objects.get(code="worrying-school-absence").pk,
    )
    teacher = api_client(school.world.teacher)
    body = teacher.get(f"/api/v1/pathways/{pathway.pk}/", HTTP_ACCEPT_LANGUAGE="nb").json()
    assert body["name"] == "Bekymringsfullt skolefravær"
    assert [s["key"] for s in body["steps"]][:2] == ["call-home", "talk-with-pupil"]
    step = pathway.steps.get(key="call-home")
    url = f"/api/v1/pathways/{pathway.pk}/steps/{step.pk}/done/"
    refused = teacher.post(url, {"note": ""}, format="json")
    assert refused.status_code == 422
    done = teacher.post(url, {"note": "Snakket med far."}, format="json").json()
    meeting = next(s for s in done["steps"] if s["key"] == "meeting")
    assert meeting["due_on"] == (clock.today() + datetime.timedelta(days=7)).isoformat()
    for who in (school.world.nurse, build_world().head_teacher):
        assert api_client(who).get(f"/api/v1/pathways/{pathway.pk}/").status_code == 404


def test_the_follow_up_service_reads_its_register_over_the_api(school):
    world = school.world
    service = ServiceFactory(municipality=world.municipality, sector=Sector.FOLLOW_UP)
    Membership.objects.create(professional=world.nurse, service=service)
    item = FollowUp.objects.create(
        service=service, child=school.other, reason="left", since=clock.today(),
        status_since=clock.today(),
    )  # fmt: skip
    FollowUpContact.objects.create(
        follow_up=item, on=clock.today(), kind="phone", reached=False, by=world.nurse
    )
    nurse = api_client(world.nurse)
    listed = nurse.get("/api/v1/follow-ups/?status=not_reached").json()
    assert [row["id"] for row in listed] == [item.pk]
    assert nurse.get("/api/v1/follow-ups/?status=in_work").json() == []
    detail = nurse.get(f"/api/v1/follow-ups/{item.pk}/").json()
    assert detail["contacts"][0]["kind"] == "phone"
    teacher = api_client(world.teacher)
    assert teacher.get("/api/v1/follow-ups/").json() == []
    assert teacher.get(f"/api/v1/follow-ups/{item.pk}/").status_code == 404
