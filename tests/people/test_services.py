from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from helhet.core import clock
from helhet.people import nordic_id, services
from helhet.people.models import Child, Membership
from tests.factories import MunicipalityFactory, ProfessionalFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _birth(years: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=int(years * 365.25) + 10)


def test_child_create_stores_the_canonical_synthetic_number():
    municipality = MunicipalityFactory(country="SE")
    birth = _birth(9)
    number = nordic_id.synthetic_number("SE", birth, random.Random(2))
    child = services.child_create(
        municipality=municipality,
        given_name=" Elsa ",
        family_name="Svensson",
        date_of_birth=birth,
        national_id=number[2:8] + "-" + number[8:],
    )
    child.refresh_from_db()
    assert child.national_id == number
    assert child.given_name == "Elsa"


def test_child_create_refuses_an_invalid_number_and_saves_nothing():
    municipality = MunicipalityFactory()
    with pytest.raises(ValidationError) as exc:
        services.child_create(
            municipality=municipality,
            given_name="Ola",
            family_name="Nordmann",
            date_of_birth=_birth(10),
            national_id="12345678901",
        )
    assert "national_id" in exc.value.message_dict
    assert not Child.objects.exists()


def test_child_create_refuses_a_number_that_does_not_match_the_birth_date():
    municipality = MunicipalityFactory()
    number = nordic_id.synthetic_number("NO", _birth(10), random.Random(1))
    with pytest.raises(ValidationError) as exc:
        services.child_create(
            municipality=municipality,
            given_name="Ola",
            family_name="Nordmann",
            date_of_birth=_birth(11),
            national_id=number,
        )
    assert exc.value.message_dict["national_id"] == [
        "The identity number does not match the date of birth."
    ]


def test_child_create_refuses_a_duplicate_number_in_the_same_municipality():
    municipality = MunicipalityFactory()
    birth = _birth(12)
    number = nordic_id.synthetic_number("NO", birth, random.Random(4))
    services.child_create(
        municipality=municipality,
        given_name="A",
        family_name="B",
        date_of_birth=birth,
        national_id=number,
    )
    with pytest.raises(ValidationError) as exc:
        services.child_create(
            municipality=municipality,
            given_name="C",
            family_name="D",
            date_of_birth=birth,
            national_id=number,
        )
    assert "already registered" in exc.value.message_dict["national_id"][0]
    assert Child.objects.count() == 1


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        (lambda: clock.today() + datetime.timedelta(days=1), "in the future"),
        (lambda: _birth(26), "aged 0–24"),
    ],
)
def test_child_create_refuses_impossible_birth_dates(birth, message):
    with pytest.raises(ValidationError) as exc:
        services.child_create(
            municipality=MunicipalityFactory(),
            given_name="A",
            family_name="B",
            date_of_birth=birth(),
        )
    assert message in exc.value.message_dict["date_of_birth"][0]


def test_membership_only_in_own_municipality():
    professional = ProfessionalFactory()
    foreign_service = ServiceFactory()  # another municipality
    with pytest.raises(ValidationError) as refused:
        services.membership_add(professional=professional, service=foreign_service)
    assert refused.value.messages == [
        "A professional can only be a member of services in their own municipality."
    ]
    assert not Membership.objects.exists()


def test_membership_add_updates_role_instead_of_duplicating():
    service = ServiceFactory()
    professional = ProfessionalFactory(municipality=service.municipality)
    services.membership_add(professional=professional, service=service, role="staff")
    services.membership_add(professional=professional, service=service, role="leader")
    assert list(Membership.objects.values_list("role", flat=True)) == ["leader"]


def test_network_person_takes_the_childs_municipality():
    child = services.child_create(
        municipality=MunicipalityFactory(),
        given_name="A",
        family_name="B",
        date_of_birth=_birth(5),
    )
    person = services.network_person_add(
        child=child,
        name="Kari B",
        relation="mother",
        has_parental_responsibility=True,
        phone="90000000",
    )
    assert person.municipality_id == child.municipality_id


def test_child_create_refuses_the_same_name_and_birth_date_in_the_same_municipality():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    born = datetime.date(2015, 3, 4)
    services.child_create(
        municipality=home, given_name="Sara", family_name="Fjellstad", date_of_birth=born
    )
    with pytest.raises(ValidationError, match="name and date of birth is already registered"):
        services.child_create(
            municipality=home, given_name=" sara ", family_name="FJELLSTAD", date_of_birth=born
        )
    assert Child.objects.filter(municipality=home).count() == 1
    # Another municipality's child of the same name is another child.
    services.child_create(
        municipality=other, given_name="Sara", family_name="Fjellstad", date_of_birth=born
    )
