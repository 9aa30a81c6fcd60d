"""The consent form offers only who may consent at the child's age and fills in the obvious:
the only guardian with parental responsibility, and the service of the person recording. The
rule stays in the service: a choice the page did not offer is refused with its message."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from helhet.cases import services as case_services
from helhet.consent import services as consent_services
from helhet.consent.models import Consent
from helhet.core import clock
from tests.scenarios import build_world


def _inputs(html: str, name: str) -> dict[str, bool]:
    """The <input>s named ``name``: their value, and whether they are checked."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag).group(1)
            found[value] = bool(re.search(r"\schecked\b", tag))
    return found


def _form(client, world, case) -> str:
    client.force_login(world.nurse.user)
    response = client.get(reverse("cases:consent_record", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def case_of():
    """A case with the nurse on the team for the health station (the school's teacher is the
    coordinator); from the consent age the young person's consent opens it instead."""

    def make(*, age: int = 10):
        world = build_world(child_age_years=age)
        case = world.case()
        given_by = "young_person" if age >= 15 else "guardians"
        consent_services.consent_record(
            case=case,
            recorded_by=world.teacher.user,
            given_by=given_by,
            guardians=[] if given_by == "young_person" else [world.mother, world.father],
            services=[world.school, world.health],
            purpose="Samarbeid om skolefravær.",
            valid_from=clock.today(),
            method="signed_form",
        )
        case_services.team_member_add(
            case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
        )
        return world, case

    return make


def test_the_recorders_own_service_is_preselected_and_no_other(client, db, case_of):
    world, case = case_of()
    services = _inputs(_form(client, world, case), "services")
    assert services[str(world.health.pk)] is True
    assert not any(checked for pk, checked in services.items() if pk != str(world.health.pk))


def test_with_two_guardians_none_is_chosen_for_the_recorder(client, db, case_of):
    world, case = case_of()
    guardians = _inputs(_form(client, world, case), "guardians")
    assert guardians == {str(world.mother.pk): False, str(world.father.pk): False}


def test_the_only_guardian_with_parental_responsibility_is_preselected(client, db, case_of):
    world, case = case_of()
    world.father.has_parental_responsibility = False
    world.father.save(update_fields=["has_parental_responsibility"])
    guardians = _inputs(_form(client, world, case), "guardians")
    assert guardians == {str(world.mother.pk): True}


def test_a_12_year_old_is_not_offered_as_consenting(client, db, case_of):
    world, case = case_of(age=12)
    given_by = _inputs(_form(client, world, case), "given_by")
    assert given_by == {"guardians": True}


def test_from_the_consent_age_the_young_person_is_offered(client, db, case_of):
    world, case = case_of(age=16)
    given_by = _inputs(_form(client, world, case), "given_by")
    assert set(given_by) == {"young_person", "both"}
    assert given_by["young_person"] is True


def test_both_for_a_12_year_old_is_refused_by_the_rule_with_its_message(client, db, case_of):
    world, case = case_of(age=12)
    _form(client, world, case)
    before = Consent.objects.filter(case=case).count()
    case.refresh_from_db()
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "version": case.version,
            "given_by": "both",
            "guardians": [world.mother.pk],
            "services": [world.ppt.pk],
            "purpose": "Samarbeid om skolefravær.",
            "method": "signed_form",
            "valid_from": clock.today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Below the consent age the young person cannot consent themselves" in (
        response.content.decode()
    )
    assert Consent.objects.filter(case=case).count() == before
