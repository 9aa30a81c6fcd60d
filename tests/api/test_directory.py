"""API: the caller's municipality and the service directory (read, create, change)."""

from __future__ import annotations

import pytest

from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.people.models import MembershipRole
from tests.api.conftest import api_client
from tests.factories import ContactPersonFactory, MunicipalityFactory, ServiceFactory
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def admin(world):
    return professional_in(world.school, is_municipal_admin=True)


def _problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:helhet:problem:{kind}"
    return body


def _fields(response) -> set[str]:
    return {e["field"] for e in _problem(response, 400, "validation")["errors"]}


# --- municipality -------------------------------------------------------------------------------


def test_the_caller_sees_their_own_municipality_with_its_profile(world):
    client = api_client(world.teacher)
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == world.municipality.pk
    response = client.get(f"/api/v1/municipalities/{world.municipality.pk}/")
    body = response.json()
    assert body["country"] == "NO"
    assert body["default_language"] == "nb"
    assert body["consent_age"] == 15
    assert body["concern_decision_days"] == 14
    assert [lvl["number"] for lvl in body["level_model"]["levels"]] == sorted(
        world.municipality.level_model.levels.values_list("number", flat=True)
    )
    assert body["life_areas"]
    assert {"code", "name"} <= set(body["life_areas"][0])


def test_another_municipality_is_not_found(world):
    other = MunicipalityFactory()
    response = api_client(world.teacher).get(f"/api/v1/municipalities/{other.pk}/")
    _problem(response, 404, "not-found")


# --- directory: read ----------------------------------------------------------------------------


def test_the_directory_lists_services_of_the_own_municipality_only(world):
    ServiceFactory(name="Annen kommunes tjeneste")  # another municipality
    ServiceFactory(municipality=world.municipality, name="Nedlagt", is_active=False)
    response = api_client(world.teacher).get("/api/v1/services/")
    assert response.status_code == 200
    names = [s["name"] for s in response.json()["results"]]
    assert names == sorted(["Skolen", "Helsestasjonen", "PPT", "Barnevernet"])
    assert "contacts" not in response.json()["results"][0]


def test_the_directory_filters(world):
    ServiceFactory(
        municipality=world.municipality,
        name="Ungdomskontakten",
        sector="low_threshold_youth",
        is_low_threshold=True,
        min_age=13,
        max_age=20,
        needs=["school_absence"],
    )
    client = api_client(world.teacher)

    def names(query: str) -> list[str]:
        response = client.get(f"/api/v1/services/?{query}")
        assert response.status_code == 200, response.content
        return [s["name"] for s in response.json()["results"]]

    assert names("need=school_absence") == ["Ungdomskontakten"]
    assert names("drop_in=true") == ["Ungdomskontakten"]
    assert names("sector=ppt") == ["PPT"]
    assert "Ungdomskontakten" not in names("age=8")
    assert "Ungdomskontakten" in names("age=15")
    assert names("q=school+absence") == ["Ungdomskontakten"]  # the need's label, in English
    assert names("q=skolefrav%C3%A6r") == ["Ungdomskontakten"]  # and in Norwegian


@pytest.mark.parametrize(
    "query",
    ["need=nope", "sector=x", "sector=", "age=99", "age=abc", "drop_in=maybe", "page_size=0"],
)
def test_bad_filters_are_a_validation_problem(world, query):
    response = api_client(world.teacher).get(f"/api/v1/services/?{query}")
    assert _fields(response) == {query.split("=")[0]}


def test_inactive_services_only_for_administrators(world, admin):
    ServiceFactory(municipality=world.municipality, name="Nedlagt", is_active=False)
    query = "/api/v1/services/?include_inactive=true"
    teacher_names = [s["name"] for s in api_client(world.teacher).get(query).json()["results"]]
    admin_names = [s["name"] for s in api_client(admin).get(query).json()["results"]]
    assert "Nedlagt" not in teacher_names
    assert "Nedlagt" in admin_names


def test_one_service_with_contact_persons(world):
    ContactPersonFactory(service=world.ppt, name="Kari", position=1)
    response = api_client(world.teacher).get(f"/api/v1/services/{world.ppt.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "PPT"
    assert [c["name"] for c in response.json()["contacts"]] == ["Kari"]


def test_a_service_of_another_municipality_is_not_found(world):
    other = ServiceFactory()
    _problem(api_client(world.teacher).get(f"/api/v1/services/{other.pk}/"), 404, "not-found")


# --- directory: write ---------------------------------------------------------------------------


def _new_service(**overrides) -> dict:
    data = {
        "name": "Familiesenteret",
        "sector": "family_centre",
        "description": "Foreldreveiledning og samtaler.",
        "needs": ["parenting", "family_conflict"],
        "min_age": 0,
        "max_age": 18,
        "website": "familiesenteret.example",
        "contacts": [{"name": "Ola", "role": "Leder", "ask_me_about": "Foreldrekurs"}],
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_a_service(world, admin):
    response = api_client(admin).post("/api/v1/services/", _new_service(), format="json")
    assert response.status_code == 201, response.content
    service = Service.objects.get(name="Familiesenteret")
    assert service.municipality == world.municipality
    assert service.website == "https://familiesenteret.example"  # the web form's rule
    assert set(service.needs.values_list("need", flat=True)) == {"parenting", "family_conflict"}
    assert [c.name for c in service.contacts.all()] == ["Ola"]
    assert "foreldrekurs" in service.search_text
    body = response.json()
    assert body["id"] == service.pk
    assert body["contacts"][0]["name"] == "Ola"


def test_only_administrators_add_services(world):
    response = api_client(world.head_teacher).post(
        "/api/v1/services/", _new_service(), format="json"
    )
    _problem(response, 403, "forbidden")
    assert not Service.objects.filter(name="Familiesenteret").exists()


def test_a_read_only_token_cannot_add_a_service(world, admin):
    response = api_client(admin, scope="read").post(
        "/api/v1/services/", _new_service(), format="json"
    )
    _problem(response, 403, "forbidden")
    assert not Service.objects.filter(name="Familiesenteret").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "skolen"}, "name"),  # the web form's rule: unique name, case-insensitively
        ({"min_age": 12, "max_age": 6}, "max_age"),
        ({"sector": "nope"}, "sector"),
        ({"needs": ["nope"]}, "needs.0"),
        ({"min_age": "ten"}, "min_age"),
        ({"min_age": "5"}, "min_age"),  # JSON types as documented, no coercion
        ({"is_active": "yes"}, "is_active"),
        ({"colour": "blue"}, "colour"),
        ({"email": "not-an-address"}, "email"),
        ({"contacts": [{"name": ""}]}, "contacts.0.name"),
        ({"contacts": [{"id": 1, "name": "X"}]}, "contacts.0.id"),
    ],
)
def test_bad_service_input_is_refused_and_nothing_is_written(world, admin, overrides, field):
    before = (Service.objects.count(), ContactPerson.objects.count(), ServiceNeed.objects.count())
    response = api_client(admin).post("/api/v1/services/", _new_service(**overrides), format="json")
    assert field in _fields(response)
    after = (Service.objects.count(), ContactPerson.objects.count(), ServiceNeed.objects.count())
    assert after == before


def test_a_leader_changes_their_own_service(world):
    kept = ContactPersonFactory(service=world.school, name="Kari")
    ContactPersonFactory(service=world.school, name="Per")
    response = api_client(world.head_teacher).patch(
        f"/api/v1/services/{world.school.pk}/",
        {
            "opening_hours": "08–16",
            "needs": ["bullying"],
            "contacts": [{"id": kept.pk, "name": "Kari Nordmann"}, {"name": "Ny"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    world.school.refresh_from_db()
    assert world.school.opening_hours == "08–16"
    assert world.school.name == "Skolen"  # left out: kept
    assert list(world.school.needs.values_list("need", flat=True)) == ["bullying"]
    assert [c.name for c in world.school.contacts.order_by("position")] == ["Kari Nordmann", "Ny"]
    assert world.school.contacts.get(name="Kari Nordmann").pk == kept.pk


def test_a_patch_without_contacts_keeps_them(world):
    ContactPersonFactory(service=world.school, name="Kari")
    response = api_client(world.head_teacher).patch(
        f"/api/v1/services/{world.school.pk}/", {"phone": "12345678"}, format="json"
    )
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["contacts"]] == ["Kari"]


def test_a_leader_cannot_change_another_service_nor_staff_their_own(world):
    for professional, service in [(world.head_teacher, world.ppt), (world.teacher, world.school)]:
        response = api_client(professional).patch(
            f"/api/v1/services/{service.pk}/", {"phone": "1"}, format="json"
        )
        _problem(response, 404, "not-found")
        service.refresh_from_db()
        assert service.phone != "1"


def test_another_municipalitys_service_cannot_be_changed(world, admin):
    other = ServiceFactory(name="Fremmed")
    response = api_client(admin).patch(
        f"/api/v1/services/{other.pk}/", {"phone": "1"}, format="json"
    )
    _problem(response, 404, "not-found")


def test_a_contact_of_another_service_cannot_be_taken_over(world):
    foreign = ContactPersonFactory(service=world.ppt, name="PPT-kontakt")
    leader = professional_in(world.school, role=MembershipRole.LEADER)
    response = api_client(leader).patch(
        f"/api/v1/services/{world.school.pk}/",
        {"contacts": [{"id": foreign.pk, "name": "Stjålet"}]},
        format="json",
    )
    assert _fields(response) == {"contacts.0.id"}
    foreign.refresh_from_db()
    assert (foreign.name, foreign.service_id) == ("PPT-kontakt", world.ppt.pk)


def test_an_id_that_is_not_a_number_is_not_found(world):
    for path in ("/api/v1/services/abc/", "/api/v1/municipalities/null/"):
        _problem(api_client(world.teacher).get(path), 404, "not-found")


def test_put_is_not_offered(world, admin):
    response = api_client(admin).put(
        f"/api/v1/services/{world.school.pk}/", _new_service(), format="json"
    )
    _problem(response, 405, "method-not-allowed")
