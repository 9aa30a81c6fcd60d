"""An integration as a school admin system would do it, purely through the API with personal
tokens: find the child (not there), register them with guardians, raise a concern, decide on a
collaboration, record the guardians' consent, add the school nurse to the team, propose the
handover, and the nurse's system accepts it. Then the same story is read back from the database
and the access log."""

from __future__ import annotations

import datetime
import random

import pytest

from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from helhet.cases.models import Case, Concern, Handover
from helhet.consent.models import Consent
from helhet.core import clock
from helhet.people import nordic_id
from helhet.people.models import Child
from tests.api.conftest import api_client
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content.decode()[:1000]
    return response.json()


def test_concern_case_consent_and_handover_purely_through_the_api():
    world = build_world()
    school_system = api_client(world.teacher)
    health_system = api_client(world.nurse)
    born = clock.today() - datetime.timedelta(days=11 * 365)
    number = nordic_id.synthetic_number("NO", born, random.Random(7))

    # 1. Find the child first: no match, so register them with both guardians.
    found = ok(school_system.post("/api/v1/children/search/", {"national_id": number}, "json"))
    assert found == []
    child = ok(
        school_system.post(
            "/api/v1/children/",
            {
                "given_name": "Sara",
                "family_name": "Fjellstad",
                "date_of_birth": born.isoformat(),
                "national_id": number,
                "guardians": [
                    {"name": "Lise Fjellstad", "relation": "mother"},
                    {"name": "Per Fjellstad", "relation": "father"},
                ],
            },
            "json",
        ),
        201,
    )

    # 2. The concern, decided at once as a collaboration at level 2.
    concern = ok(
        school_system.post(
            "/api/v1/concerns/",
            {
                "child": child["id"],
                "service": world.school.pk,
                "observation": "Borte mange mandager, sliten i timene.",
                "strengths": "Flink i matte, god venn med Emma.",
                "child_voice": "Jeg sover dårlig.",
                "worry": 6,
            },
            "json",
        ),
        201,
    )
    decided = ok(
        school_system.post(
            f"/api/v1/concerns/{concern['id']}/decide/",
            {"decision": "collaboration", "level": 2, "note": "Skole og helsestasjon sammen."},
            "json",
        )
    )
    case_id = decided["case"]
    case = ok(school_system.get(f"/api/v1/cases/{case_id}/"))
    assert case["coordinator"]["id"] == world.teacher.pk

    # 3. The guardians consent for school and health; the nurse joins the team.
    network = ok(school_system.get(f"/api/v1/children/{child['id']}/"))["network"]
    guardians = [p["id"] for p in network if p["has_parental_responsibility"]]
    assert len(guardians) == 2
    ok(
        school_system.post(
            f"/api/v1/cases/{case_id}/consents/",
            {
                "given_by": "guardians",
                "guardians": guardians,
                "services": [world.school.pk, world.health.pk],
                "purpose": "Samarbeid om søvn og fravær",
                "valid_from": clock.today().isoformat(),
                "method": "signed_form",
            },
            "json",
        ),
        201,
    )
    ok(
        school_system.post(
            f"/api/v1/cases/{case_id}/team/",
            {"professional": world.nurse.pk, "service": world.health.pk},
            "json",
        ),
        201,
    )

    # 4. Pass the baton: pending until the nurse's system accepts.
    handover = ok(
        school_system.post(
            f"/api/v1/cases/{case_id}/handovers/",
            {
                "to_professional": world.nurse.pk,
                "to_service": world.health.pk,
                "reason": "Søvnen står i sentrum nå.",
            },
            "json",
        ),
        201,
    )
    assert ok(school_system.get(f"/api/v1/cases/{case_id}/"))["coordinator"]["id"] == (
        world.teacher.pk
    )
    ok(health_system.post(f"/api/v1/handovers/{handover['id']}/accept/", {}, "json"))
    assert ok(health_system.get(f"/api/v1/cases/{case_id}/"))["coordinator"]["id"] == (
        world.nurse.pk
    )

    # The same story in the database and the access log.
    stored = Case.objects.get(pk=case_id)
    assert stored.coordinator == world.nurse and stored.coordinator_service == world.health
    assert Child.objects.get(pk=child["id"]).network.count() == 2
    assert Concern.objects.get(pk=concern["id"]).status == "collaboration"
    consent = Consent.objects.get(case=stored)
    assert {s.pk for s in consent.services.all()} == {world.school.pk, world.health.pk}
    assert Handover.objects.get(pk=handover["id"]).status == "accepted"
    actions = set(AuditEvent.objects.filter(case_id=case_id).values_list("action", flat=True))
    assert {"case.read", "handover.accept"} <= actions, actions
    assert list(verify()) == []
