from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from helhet.directory import services
from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.directory.vocabulary import Need, Sector
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

FIELDS = {"name": "Familiesenteret", "sector": Sector.FAMILY_CENTRE, "description": "Hjelp."}


def test_create_stores_needs_contacts_and_search_text():
    service = services.service_create(
        created_by=None,
        municipality=MunicipalityFactory(),
        fields=FIELDS,
        needs=[Need.PARENTING],
        contacts=[{"name": "Åse Øvrebø", "ask_me_about": "Foreldreveiledning"}],
    )
    assert list(service.needs.values_list("need", flat=True)) == [Need.PARENTING]
    assert service.contacts.get().name == "Åse Øvrebø"
    service.refresh_from_db()
    # Folded, with every usual spelling of the Nordic letters (å: a, aa; ø: o, oe).
    for word in ("ase", "aase", "ovrebo", "oevreboe", "foreldreveiledning"):
        assert f" {word} " in service.search_text
    assert service.search_name == " familiesenteret "


def test_update_replaces_needs_and_contacts_completely():
    service = services.service_create(
        created_by=None,
        municipality=MunicipalityFactory(),
        fields=FIELDS,
        needs=[Need.PARENTING, Need.FAMILY_CONFLICT],
        contacts=[{"name": "A"}, {"name": "B"}],
    )
    keep = service.contacts.get(name="B")
    services.service_update(
        updated_by=None,
        service=service,
        fields={"name": "Familiesenteret sentrum"},
        needs=[Need.FAMILY_CONFLICT, Need.MENTAL_HEALTH],
        contacts=[{"id": keep.pk, "name": "B2"}, {"name": "C"}],
    )
    service.refresh_from_db()
    assert service.name == "Familiesenteret sentrum"
    assert sorted(service.needs.values_list("need", flat=True)) == [
        Need.FAMILY_CONFLICT,
        Need.MENTAL_HEALTH,
    ]
    assert list(service.contacts.values_list("name", flat=True)) == ["B2", "C"]
    assert ContactPerson.objects.get(pk=keep.pk).name == "B2"


def test_invalid_contact_rolls_back_the_whole_change():
    service = services.service_create(
        created_by=None,
        municipality=MunicipalityFactory(),
        fields=FIELDS,
        needs=[Need.PARENTING],
        contacts=[{"name": "A"}],
    )
    with pytest.raises(ValidationError) as refused:
        services.service_update(
            updated_by=None,
            service=service,
            fields={"name": "Endret navn"},
            needs=[Need.HOUSING],
            contacts=[{"name": "Ny", "email": "not-an-address"}],
        )
    assert refused.value.message_dict == {"email": ["Enter a valid email address."]}
    service.refresh_from_db()
    assert service.name == "Familiesenteret"
    assert list(ServiceNeed.objects.filter(service=service).values_list("need", flat=True)) == [
        Need.PARENTING
    ]
    assert list(service.contacts.values_list("name", flat=True)) == ["A"]


def test_age_range_must_be_ordered():
    with pytest.raises(ValidationError) as refused:
        services.service_create(
            created_by=None,
            municipality=MunicipalityFactory(),
            fields={**FIELDS, "min_age": 18, "max_age": 12},
        )
    assert refused.value.message_dict == {
        "max_age": ["The upper age must not be lower than the lower age."]
    }
    assert not Service.objects.exists()


def test_contact_of_another_service_cannot_be_hijacked():
    municipality = MunicipalityFactory()
    first = services.service_create(
        created_by=None, municipality=municipality, fields=FIELDS, contacts=[{"name": "A"}]
    )
    second = services.service_create(
        created_by=None,
        municipality=municipality,
        fields={**FIELDS, "name": "Annen"},
    )
    foreign_contact = first.contacts.get()
    with pytest.raises(ContactPerson.DoesNotExist, match="ContactPerson matching query"):
        services.service_update(
            updated_by=None,
            service=second,
            fields={},
            needs=[],
            contacts=[{"id": foreign_contact.pk, "name": "Stjålet"}],
        )
    assert ContactPerson.objects.get(pk=foreign_contact.pk).name == "A"
