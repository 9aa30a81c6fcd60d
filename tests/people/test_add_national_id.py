"""A child registered without an identity number gets it later, instead of being registered twice.

Service tests for the rules (who may, which numbers), HTTP tests for the page: the duplicate
refusal offers "Add this number to the existing child", which adds it and goes on to the concern.
"""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from helhet.audit.labels import what_was_done
from helhet.audit.models import AuditEvent
from helhet.cases.views.concerns import FOUND_KEY
from helhet.people import nordic_id
from helhet.people.models import Child
from helhet.people.services import child_national_id_add
from tests.factories import ChildFactory
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db

ADDED = "child.national_id_add"


@pytest.fixture
def world():
    return build_world()


def _number(birth_date: datetime.date, seed: int = 5) -> str:
    return nordic_id.synthetic_number("NO", birth_date, random.Random(seed))


def _add(world, number, *, actor=None, child=None, found=True):
    return child_national_id_add(
        added_by=(actor or world.teacher).user,
        child_pk=(child or world.child).pk,
        national_id=number,
        found_by_actor=found,
    )


# --- the service --------------------------------------------------------------------------------


def test_the_number_is_added_with_an_access_log_event(world):
    number = _number(world.child.date_of_birth)
    child = _add(world, f" {number} ")
    world.child.refresh_from_db()
    assert child.pk == world.child.pk
    assert world.child.national_id == number
    event = AuditEvent.objects.get(action=ADDED)
    assert (event.actor_id, event.child_id) == (world.teacher.user.pk, world.child.pk)
    assert event.municipality_id == world.municipality.pk
    # The access log names the change, never the number.
    assert number not in " ".join(str(v) for v in vars(event).values())
    assert what_was_done(ADDED) == "added the child's identity number"


@pytest.mark.parametrize(
    ("make_number", "message"),
    [
        (lambda child: "12345678901", "not a valid Norwegian national identity number"),
        (
            lambda child: _number(child.date_of_birth - datetime.timedelta(days=3)),
            "does not match the date of birth",
        ),
        (lambda child: "", "Enter the identity number."),
    ],
)
def test_a_bad_number_is_refused_and_nothing_is_written(world, make_number, message):
    with pytest.raises(ValidationError) as refused:
        _add(world, make_number(world.child))
    assert message in str(refused.value.message_dict["national_id"])
    world.child.refresh_from_db()
    assert world.child.national_id is None
    assert not AuditEvent.objects.filter(action=ADDED).exists()


def test_a_number_of_another_child_of_the_municipality_is_refused(world):
    number = _number(world.child.date_of_birth)
    ChildFactory(
        municipality=world.municipality,
        date_of_birth=world.child.date_of_birth,
        national_id=number,
    )
    with pytest.raises(ValidationError, match="already registered") as refused:
        _add(world, number)
    assert "national_id" in refused.value.message_dict
    world.child.refresh_from_db()
    assert world.child.national_id is None


def test_the_same_number_in_another_municipality_does_not_count(world):
    number = _number(world.child.date_of_birth)
    ChildFactory(date_of_birth=world.child.date_of_birth, national_id=number)  # elsewhere
    _add(world, number)
    world.child.refresh_from_db()
    assert world.child.national_id == number


def test_a_child_with_a_number_keeps_it(world):
    old = _number(world.child.date_of_birth, seed=1)
    Child.objects.filter(pk=world.child.pk).update(national_id=old)
    with pytest.raises(ValidationError, match="already has an identity number"):
        _add(world, _number(world.child.date_of_birth, seed=2))
    world.child.refresh_from_db()
    assert world.child.national_id == old


def test_outsiders_and_missing_children_get_404_and_nothing_changes(world):
    other = build_world()
    number = _number(world.child.date_of_birth)
    with pytest.raises(Http404):  # another municipality, even having "found" it
        _add(world, number, actor=other.teacher, found=True)
    with pytest.raises(Http404):  # own municipality, but neither found nor visible
        _add(world, number, actor=professional_in(world.health), found=False)
    with pytest.raises(Http404):
        child_national_id_add(
            added_by=world.teacher.user, child_pk=999999, national_id=number, found_by_actor=True
        )
    world.child.refresh_from_db()
    assert world.child.national_id is None
    assert not AuditEvent.objects.filter(action=ADDED).exists()


def test_who_sees_the_childs_concern_may_add_the_number_without_a_search(world):
    world.concern()  # the teacher's concern about the child
    _add(world, _number(world.child.date_of_birth), found=False)
    world.child.refresh_from_db()
    assert world.child.national_id


# --- the page: a duplicate without a number ----------------------------------------------------


def _registration(world, number, **overrides):
    data = {
        "given_name": world.child.given_name,
        "family_name": world.child.family_name,
        "date_of_birth": world.child.date_of_birth.isoformat(),
        "national_id": number,
        "guardian1-name": "Lise Fjellstad",
        "guardian1-relation": "mother",
        "guardian1-has_parental_responsibility": "on",
        "guardian1-phone": "+47 400 00 000",
        "guardian1-email": "",
        "guardian2-name": "",
        "guardian2-relation": "",
    }
    data.update(overrides)
    return data


def _offer_form(html: str) -> str:
    start = html.index(f'action="{reverse("cases:child_add_national_id")}"')
    return html[start : html.index("</form>", start)]


def _hidden_fields(form_html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_html))


def test_the_refusal_offers_to_add_the_number_to_the_existing_child(client, world):
    number = _number(world.child.date_of_birth)
    client.force_login(world.teacher.user)
    response = client.post(reverse("cases:child_register"), _registration(world, number))
    html = response.content.decode()
    assert response.status_code == 200
    assert "already registered" in html
    assert "Add this number to the existing child" in html
    offer = _hidden_fields(_offer_form(html))
    assert offer["existing_child"] == str(world.child.pk)
    assert offer["national_id"] == number
    assert offer["guardian1-name"] == "Lise Fjellstad"  # all that was typed comes along
    # The registration form still holds what was typed, and the concern is one click away.
    assert 'value="Lise Fjellstad"' in html
    assert reverse("cases:concern_create", args=[world.child.pk]) in html
    assert number not in html[html.index("<title>") : html.index("</title>")]
    assert Child.objects.filter(family_name=world.child.family_name).count() == 1
    assert AuditEvent.objects.filter(action="child.lookup", child_id=world.child.pk).exists()


def test_adding_the_number_goes_on_to_the_concern(client, world):
    number = _number(world.child.date_of_birth)
    client.force_login(world.teacher.user)
    page = client.post(reverse("cases:child_register"), _registration(world, number))
    offer = _hidden_fields(_offer_form(page.content.decode()))
    response = client.post(reverse("cases:child_add_national_id"), offer, follow=True)
    world.child.refresh_from_db()
    assert world.child.national_id == number
    assert response.redirect_chain[-1][0] == reverse("cases:concern_create", args=[world.child.pk])
    html = response.content.decode()
    assert "The identity number was added to the child" in html
    assert number not in html  # not on the concern page, not in any URL of the chain
    assert all(number not in url for url, _status in response.redirect_chain)
    assert not response.request.get("QUERY_STRING")
    assert Child.objects.filter(family_name=world.child.family_name).count() == 1
    assert AuditEvent.objects.filter(action=ADDED, child_id=world.child.pk).count() == 1


def test_no_offer_when_the_existing_child_has_a_number_or_none_was_typed(client, world):
    client.force_login(world.teacher.user)
    typed_nothing = client.post(reverse("cases:child_register"), _registration(world, ""))
    assert "already registered" in typed_nothing.content.decode()
    assert "Add this number to the existing child" not in typed_nothing.content.decode()
    Child.objects.filter(pk=world.child.pk).update(
        national_id=_number(world.child.date_of_birth, seed=1)
    )
    other_number = client.post(
        reverse("cases:child_register"),
        _registration(world, _number(world.child.date_of_birth, seed=2)),
    )
    assert "already registered" in other_number.content.decode()
    assert "Add this number to the existing child" not in other_number.content.decode()


def test_a_refused_addition_shows_the_page_again_as_typed(client, world):
    number = _number(world.child.date_of_birth)
    client.force_login(world.teacher.user)
    page = client.post(reverse("cases:child_register"), _registration(world, number))
    offer = _hidden_fields(_offer_form(page.content.decode()))
    # Meanwhile another child got the number.
    ChildFactory(
        municipality=world.municipality, date_of_birth=world.child.date_of_birth, national_id=number
    )
    response = client.post(reverse("cases:child_add_national_id"), offer)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A child with this identity number is already registered." in html
    assert 'value="Lise Fjellstad"' in html
    assert f'value="{world.child.given_name}"' in html
    world.child.refresh_from_db()
    assert world.child.national_id is None


def test_the_addition_is_404_for_a_child_not_found_or_of_another_municipality(client, world):
    other = build_world()
    number = _number(other.child.date_of_birth)
    client.force_login(world.teacher.user)
    for child in (other.child, world.child):  # not found by this session, nor visible
        response = client.post(
            reverse("cases:child_add_national_id"),
            _registration(world, number, existing_child=str(child.pk)),
        )
        assert response.status_code == 404
    session = client.session
    session[FOUND_KEY] = [other.child.pk]  # even "found": never across municipalities
    session.save()
    response = client.post(
        reverse("cases:child_add_national_id"),
        _registration(world, number, existing_child=str(other.child.pk)),
    )
    assert response.status_code == 404
    assert client.post(reverse("cases:child_add_national_id"), {}).status_code == 404
    assert client.get(reverse("cases:child_add_national_id")).status_code == 405
    assert not Child.objects.filter(national_id=number).exists()
