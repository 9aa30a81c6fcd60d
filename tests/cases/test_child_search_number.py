"""Finding the child by identity number fills in the birth date the number contains (server side,
so it works without JavaScript), and the registration that may follow gets it too."""

from __future__ import annotations

import datetime
import random

import pytest
from django.urls import reverse

from helhet.people import nordic_id
from helhet.people.models import Child
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(2014, 5, 6)


@pytest.fixture
def world():
    return build_world()


def _search(client, world, data):
    client.force_login(world.teacher.user)
    return client.post(reverse("cases:concern_start"), data)


def _date_input(html: str) -> str:
    start = html.index('name="date_of_birth"')
    return html[html.rindex("<input", 0, start) : html.index(">", start)]


def test_a_number_fills_in_the_birth_date_it_contains(client, world):
    number = nordic_id.synthetic_number("NO", BIRTH, random.Random(1))
    response = _search(client, world, {"national_id": number, "family_name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2014-05-06"' in _date_input(html)
    assert "Read from the identity number." in html
    assert "No child found" in html
    # "Register a new child" carries the birth date along (in the POST body).
    register = html[html.index(f'action="{reverse("cases:child_register")}"') :]
    assert '<input type="hidden" name="date_of_birth" value="2014-05-06">' in register
    assert not response.request.get("QUERY_STRING")


def test_the_child_found_by_number_is_offered_with_the_date_filled_in(client, world):
    number = nordic_id.synthetic_number("NO", world.child.date_of_birth, random.Random(2))
    Child.objects.filter(pk=world.child.pk).update(national_id=number)
    html = _search(client, world, {"national_id": number}).content.decode()
    assert reverse("cases:concern_create", args=[world.child.pk]) in html
    assert f'value="{world.child.date_of_birth.isoformat()}"' in _date_input(html)


def test_a_typed_birth_date_is_kept(client, world):
    number = nordic_id.synthetic_number("NO", BIRTH, random.Random(1))
    html = _search(
        client, world, {"national_id": number, "date_of_birth": "2013-01-02"}
    ).content.decode()
    assert 'value="2013-01-02"' in _date_input(html)
    assert "Read from the identity number." not in html


def test_a_bad_number_fills_in_nothing_and_says_what_is_wrong(client, world):
    html = _search(client, world, {"national_id": "12345678901"}).content.decode()
    assert "not a valid Norwegian national identity number" in html
    assert "value=" not in _date_input(html)
