"""The child rules answer the same on both doors: the page and the API, from one definition.

Each rule lives in one function (``people.services.child_validate`` for registration,
``cases.selectors.concerns.child_lookup`` for the search); the form and the serializer only
parse. A refusal writes nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.people.models import Child
from tests.api.conftest import api_client
from tests.factories import ChildFactory
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

BORN = datetime.date(2014, 5, 6)
GUARDIAN = {"name": "Lise Fjellstad", "relation": "mother", "has_parental_responsibility": True}


@pytest.fixture
def world():
    world = build_world()
    ChildFactory(
        municipality=world.municipality,
        given_name="Sara",
        family_name="Fjellstad",
        date_of_birth=BORN,
        national_id=None,
    )
    return world


def _page_register(client, world, **child):
    client.force_login(world.teacher.user)
    data = {
        "given_name": child["given_name"],
        "family_name": child["family_name"],
        "date_of_birth": child["date_of_birth"].isoformat(),
        "national_id": child.get("national_id", ""),
        **{f"guardian1-{key}": value for key, value in GUARDIAN.items()},
        "guardian1-has_parental_responsibility": "on",
        "guardian2-name": "",
        "guardian2-relation": "",
    }
    response = client.post(reverse("cases:child_register"), data)
    assert response.status_code == 200  # the form again, with what was typed
    return response.content.decode()


def _api_register(client, world, **child):
    response = api_client(world.teacher).post(
        "/api/v1/children/",
        {**child, "date_of_birth": child["date_of_birth"].isoformat(), "guardians": [GUARDIAN]},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    return str(response.json())


REGISTRATIONS = {
    "same name and birth date": (
        {"given_name": "sara", "family_name": "FJELLSTAD", "date_of_birth": BORN},
        "A child with this name and date of birth is already registered.",
    ),
    "born in the future": (
        {"given_name": "Ny", "family_name": "Person", "date_of_birth": datetime.date(2099, 1, 1)},
        "The date of birth is in the future.",
    ),
    "older than 24": (
        {
            "given_name": "Voksen",
            "family_name": "Person",
            "date_of_birth": datetime.date(1990, 1, 1),
        },
        "Helhet follows up children and young people aged 0–24.",
    ),
    "an identity number that is no number": (
        {
            "given_name": "Ny",
            "family_name": "Person",
            "date_of_birth": BORN,
            "national_id": "12345678901",
        },
        "",  # nordic_id's own message; the point is the refusal at the field
    ),
}


@pytest.mark.parametrize("door", [_page_register, _api_register], ids=["page", "api"])
@pytest.mark.parametrize("case", list(REGISTRATIONS), ids=list(REGISTRATIONS))
def test_a_refused_registration_answers_the_same_on_both_doors(client, world, door, case):
    child, message = REGISTRATIONS[case]
    children = Child.objects.count()
    shown = door(client, world, **child)
    assert message in shown
    if case == "an identity number that is no number":
        assert "national_id" in shown or 'id="id_national_id"' in shown
    assert Child.objects.count() == children
    assert not AuditEvent.objects.filter(action__in=["child.create", "network.create"]).exists()


def _page_search(client, world, **terms):
    client.force_login(world.teacher.user)
    data = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in terms.items()
    }
    response = client.post(reverse("cases:concern_start"), data)
    assert response.status_code == 200
    return response.content.decode()


def _api_search(client, world, **terms):
    data = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in terms.items()
    }
    response = api_client(world.teacher).post("/api/v1/children/search/", data, format="json")
    assert response.status_code == 400
    return str(response.json())


SEARCHES = {
    "nothing to search by": ({}, "Enter the national identity number, or the family name"),
    "a family name without the birth date": (
        {"family_name": "Fjellstad"},
        "Enter the date of birth, too.",
    ),
    "a birth date without the family name": (
        {"date_of_birth": BORN},
        "Enter the family name, too.",
    ),
}


@pytest.mark.parametrize("door", [_page_search, _api_search], ids=["page", "api"])
@pytest.mark.parametrize("case", list(SEARCHES), ids=list(SEARCHES))
def test_a_refused_search_answers_the_same_on_both_doors(client, world, door, case):
    terms, message = SEARCHES[case]
    shown = door(client, world, **terms)
    assert message in shown
    assert not AuditEvent.objects.filter(action="child.lookup").exists()
