"""Answering a handover answers the same on the page and in the API, from one definition.

Who may answer is one rule (``policy.can_answer_handover``, asked through
``policy.require_handover_answerable`` by both doors and again by the service under its lock).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from helhet.cases import services
from helhet.cases.models import Case, Handover, HandoverStatus
from tests.api.conftest import api_client
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def handover(world):
    case = world.case(consent_for=(world.school,))
    world.consent(case, world.health)
    services.team_member_add(
        case=case,
        added_by=world.teacher.user,
        professional=world.nurse,
        service=world.health,
        role_in_case="Helsesykepleier",
    )
    case.refresh_from_db()
    return services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
        reason="Helse følger opp tettest nå.",
    )


def _page(client, professional, handover, action):
    client.force_login(professional.user)
    case = Case.objects.get(pk=handover.case_id)
    data = {"action": action, f"{action}-version": case.version, f"{action}-reason": "Nei."}
    response = client.post(reverse("cases:handover", args=[handover.pk]), data)
    return response.status_code, response.content.decode()


def _api(client, professional, handover, action):
    body = {"reason": "Nei."} if action == "reject" else {}
    response = api_client(professional).post(
        f"/api/v1/handovers/{handover.pk}/{action}/", body, format="json"
    )
    return response.status_code, response.content.decode()


DOORS = pytest.mark.parametrize("door", [_page, _api], ids=["page", "api"])
ACTIONS = pytest.mark.parametrize("action", ["accept", "reject"])


@DOORS
@ACTIONS
def test_the_coordinator_who_proposed_cannot_answer_on_either_door(
    client, world, handover, door, action
):
    status, _body = door(client, world.teacher, handover, action)
    assert status == 404
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.PENDING
    assert Case.objects.get(pk=handover.case_id).coordinator == world.teacher


@DOORS
@ACTIONS
def test_an_outsider_of_the_case_gets_404_on_either_door(client, world, handover, door, action):
    status, _body = door(client, world.ppt_advisor, handover, action)
    assert status == 404
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.PENDING


@DOORS
def test_an_answered_handover_says_so_on_either_door(client, world, handover, door):
    services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    status, body = door(client, world.nurse, handover, "accept")
    assert status in {200, 422}  # the page shows the form again; the API a rule problem
    assert "already been answered" in body
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.ACCEPTED


@DOORS
def test_the_receiver_answers_on_either_door(client, world, handover, door):
    status, _body = door(client, world.nurse, handover, "accept")
    assert status in {200, 302}
    assert Case.objects.get(pk=handover.case_id).coordinator == world.nurse
