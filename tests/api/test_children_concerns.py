"""API: find and register children, read a child; register, read and decide concerns."""

from __future__ import annotations

import datetime
import random

import pytest
from stdnum.no import fodselsnummer

from helhet.audit.models import AuditEvent
from helhet.cases.models import Case, Concern, ConcernStatus
from helhet.core import clock
from helhet.people import nordic_id
from helhet.people.models import Child, MembershipRole, NetworkPerson
from tests.api.conftest import api_client
from tests.factories import ChildFactory, ServiceFactory
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db

BORN = datetime.date(2014, 5, 6)


@pytest.fixture
def world():
    return build_world()


def _problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:helhet:problem:{kind}"
    return body


def _fields(response) -> set[str]:
    return {e["field"] for e in _problem(response, 400, "validation")["errors"]}


def _synthetic(born: datetime.date = BORN, seed: int = 3) -> str:
    return nordic_id.synthetic_number("NO", born, random.Random(seed))


def _real(born: datetime.date = BORN) -> str:
    """A well-formed number of the real kind (month not shifted): refused outside production."""
    for individual in range(500, 1000):
        base = born.strftime("%d%m%y") + f"{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if k1 == "10":
            continue
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if k2 != "10":
            return base + k1 + k2
    raise AssertionError


def _actions(action: str):
    return AuditEvent.objects.filter(action=action)


# --- find the child -----------------------------------------------------------------------------


def test_search_by_identity_number_finds_the_child_and_is_logged(world):
    number = _synthetic(world.child.date_of_birth)
    Child.objects.filter(pk=world.child.pk).update(national_id=number)
    response = api_client(world.nurse).post(
        "/api/v1/children/search/", {"national_id": number}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == [
        {
            "id": world.child.pk,
            "given_name": world.child.given_name,
            "family_name": world.child.family_name,
            "date_of_birth": world.child.date_of_birth.isoformat(),
        }
    ]
    event = _actions("child.lookup").get()
    assert (event.actor_id, event.child_id) == (world.nurse.user.pk, world.child.pk)


def test_search_by_name_and_birth_date_with_a_read_only_token(world):
    response = api_client(world.nurse, scope="read").post(
        "/api/v1/children/search/",
        {
            "family_name": world.child.family_name.upper(),
            "date_of_birth": world.child.date_of_birth.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [world.child.pk]


def test_search_never_finds_a_child_of_another_municipality(world):
    other = ChildFactory()
    response = api_client(world.nurse).post(
        "/api/v1/children/search/",
        {"family_name": other.family_name, "date_of_birth": other.date_of_birth.isoformat()},
        format="json",
    )
    assert response.status_code == 200
    assert other.pk not in [m["id"] for m in response.json()]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {""}),
        ({"family_name": "Hansen"}, {"date_of_birth"}),
        ({"national_id": "12345678901"}, {"national_id"}),
        ({"national_id": "REAL"}, {"national_id"}),
        ({"date_of_birth": "yesterday"}, {"date_of_birth"}),
        ({"national_id": 123}, {"national_id"}),  # JSON types as documented, no coercion
        ({"family_name": 0, "date_of_birth": "2014-05-06"}, {"family_name"}),
        ({"national_id": "", "name": "x"}, {"name"}),
    ],
)
def test_bad_searches_are_validation_problems(world, body, fields):
    if body.get("national_id") == "REAL":
        body = {"national_id": _real()}
    response = api_client(world.nurse).post("/api/v1/children/search/", body, format="json")
    assert _fields(response) == fields
    assert not _actions("child.lookup").exists()


def test_a_search_in_the_query_string_is_not_a_route(world):
    response = api_client(world.nurse).get("/api/v1/children/search/?national_id=1")
    assert response.status_code == 405


# --- register a child ---------------------------------------------------------------------------


def _child_body(**overrides) -> dict:
    body = {
        "given_name": "Sara",
        "family_name": "Fjellstad",
        "date_of_birth": BORN.isoformat(),
        "national_id": _synthetic(),
        "guardians": [
            {"name": "Lise Fjellstad", "relation": "mother", "email": "lise@test.example"},
            {"name": "Per Fjellstad", "relation": "father", "has_parental_responsibility": False},
        ],
    }
    body.update(overrides)
    return body


def test_register_a_child_with_guardians(world):
    response = api_client(world.teacher).post("/api/v1/children/", _child_body(), format="json")
    assert response.status_code == 201, response.content
    child = Child.objects.get(family_name="Fjellstad")
    assert child.municipality == world.municipality
    assert child.national_id == _synthetic()
    guardians = {g.name: g for g in child.network.all()}
    assert guardians["Lise Fjellstad"].has_parental_responsibility
    assert not guardians["Per Fjellstad"].has_parental_responsibility
    body = response.json()
    assert body["id"] == child.pk
    assert body["has_national_id"] is True
    assert "national_id" not in body
    assert {g["name"] for g in body["network"]} == {"Lise Fjellstad", "Per Fjellstad"}
    assert _actions("child.create").get().actor_id == world.teacher.user.pk
    assert _actions("network.create").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"national_id": "12345678901"}, "national_id"),
        ({"national_id": "REAL"}, "national_id"),
        ({"national_id": "SHIFTED"}, "national_id"),  # does not match the birth date
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": 20140506}, "date_of_birth"),
        ({"guardians": []}, "guardians"),
        ({"guardians": [{"name": "Lise", "relation": "aunt"}]}, "guardians.0.relation"),
        (
            {"guardians": [{"name": "Lise", "relation": "mother", "email": "x"}]},
            "guardians.0.email",
        ),
        ({"given_name": ""}, "given_name"),
        ({"hobby": "fotball"}, "hobby"),
    ],
)
def test_bad_child_input_names_the_field_and_writes_nothing(world, overrides, field):
    if overrides.get("national_id") == "REAL":
        overrides = {"national_id": _real()}
    if overrides.get("national_id") == "SHIFTED":
        overrides = {"national_id": _synthetic(BORN + datetime.timedelta(days=1))}
    client = api_client(world.teacher)  # (creating the token is in the log)
    counts = (Child.objects.count(), NetworkPerson.objects.count(), AuditEvent.objects.count())
    response = client.post("/api/v1/children/", _child_body(**overrides), format="json")
    assert field in _fields(response)
    assert (Child.objects.count(), NetworkPerson.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
    assert not _actions("child.create").exists()


def test_a_child_registered_twice_is_refused(world):
    body = _child_body(
        given_name=world.child.given_name,
        family_name=world.child.family_name,
        date_of_birth=world.child.date_of_birth.isoformat(),
        national_id="",
    )
    response = api_client(world.teacher).post("/api/v1/children/", body, format="json")
    assert _fields(response) == {""}
    assert Child.objects.filter(family_name=world.child.family_name).count() == 1


def test_a_read_only_token_cannot_register_a_child(world):
    response = api_client(world.teacher, scope="read").post(
        "/api/v1/children/", _child_body(), format="json"
    )
    _problem(response, 403, "forbidden")
    assert not Child.objects.filter(family_name="Fjellstad").exists()


# --- read a child -------------------------------------------------------------------------------


def test_a_child_is_visible_through_a_concern_and_the_read_is_logged(world):
    world.concern()
    response = api_client(world.teacher).get(f"/api/v1/children/{world.child.pk}/")
    assert response.status_code == 200
    assert {p["name"] for p in response.json()["network"]} == {"Mor", "Far"}
    event = _actions("child.read").get()
    assert (event.actor_id, event.child_id, event.purpose) == (
        world.teacher.user.pk,
        world.child.pk,
        "api view child",
    )


def test_a_child_without_a_visible_concern_or_case_is_not_found(world):
    world.concern()  # the teacher's: the nurse does not see it
    other = ChildFactory()
    for child in (world.child, other):
        _problem(api_client(world.nurse).get(f"/api/v1/children/{child.pk}/"), 404, "not-found")
    assert not _actions("child.read").exists()


# --- register a concern -------------------------------------------------------------------------


def _concern_body(world, **overrides) -> dict:
    body = {
        "child": world.child.pk,
        "service": world.school.pk,
        "observation": "Mye fravær.",
        "strengths": "Glad i fotball.",
        "child_voice": "Jeg er trøtt.",
        "worry": 5,
    }
    body.update(overrides)
    return body


def _found(world, professional):
    response = api_client(professional).post(
        "/api/v1/children/search/",
        {
            "family_name": world.child.family_name,
            "date_of_birth": world.child.date_of_birth.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200


def test_a_concern_about_a_child_found_by_search(world):
    _found(world, world.teacher)
    response = api_client(world.teacher).post(
        "/api/v1/concerns/", _concern_body(world), format="json"
    )
    assert response.status_code == 201, response.content
    concern = Concern.objects.get()
    assert (concern.child, concern.service, concern.registered_by) == (
        world.child,
        world.school,
        world.teacher,
    )
    assert concern.decision_due == clock.today() + datetime.timedelta(days=14)
    body = response.json()
    assert body["id"] == concern.pk
    assert body["status"] == "open"
    assert body["case"] is None
    assert _actions("concern.create").count() == 1


def test_a_concern_about_a_child_just_registered(world):
    client = api_client(world.teacher)
    child = client.post("/api/v1/children/", _child_body(), format="json").json()
    response = client.post(
        "/api/v1/concerns/", _concern_body(world, child=child["id"]), format="json"
    )
    assert response.status_code == 201, response.content


def test_no_concern_about_a_child_not_found_nor_visible(world):
    client = api_client(world.teacher)
    response = client.post("/api/v1/concerns/", _concern_body(world), format="json")
    assert _fields(response) == {"child"}
    other = ChildFactory()  # another municipality: not even after a search
    response = client.post("/api/v1/concerns/", _concern_body(world, child=other.pk), format="json")
    assert _fields(response) == {"child"}
    assert not Concern.objects.exists()


def test_a_search_counts_for_a_working_day_only(world, monkeypatch):
    _found(world, world.teacher)
    later = clock.now() + datetime.timedelta(hours=9)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = api_client(world.teacher).post(
        "/api/v1/concerns/", _concern_body(world), format="json"
    )
    assert _fields(response) == {"child"}


def test_a_search_by_someone_else_does_not_count(world):
    _found(world, world.nurse)
    response = api_client(world.teacher).post(
        "/api/v1/concerns/", _concern_body(world), format="json"
    )
    assert _fields(response) == {"child"}


def test_a_concern_about_a_child_the_caller_already_sees(world):
    world.concern()
    response = api_client(world.teacher).post(
        "/api/v1/concerns/", _concern_body(world, worry=3), format="json"
    )
    assert response.status_code == 201
    assert Concern.objects.count() == 2


def test_a_concern_only_for_one_of_the_callers_services(world):
    _found(world, world.teacher)
    other = ServiceFactory()
    for service in (world.health, other):
        response = api_client(world.teacher).post(
            "/api/v1/concerns/", _concern_body(world, service=service.pk), format="json"
        )
        assert _fields(response) == {"service"}
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"worry": 11}, "worry"),
        ({"strengths": "   "}, "strengths"),
        ({"worry": "high"}, "worry"),
        ({"child": "abc"}, "child"),
        ({"child": "1"}, "child"),
        ({"service": True}, "service"),
        ({"decision_due": "soon"}, "decision_due"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_concern_input_is_a_validation_problem(world, overrides, field):
    _found(world, world.teacher)
    response = api_client(world.teacher).post(
        "/api/v1/concerns/", _concern_body(world, **overrides), format="json"
    )
    assert field in _fields(response)
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"child_voice": "", "child_not_asked_reason": ""}, "child_voice"),
        ({"decision_due": "2000-01-01"}, "decision_due"),
        ({"decision_due": "2999-01-01"}, "decision_due"),
    ],
)
def test_a_concern_refused_by_a_rule_is_422_and_writes_nothing(world, overrides, field):
    _found(world, world.teacher)
    client = api_client(world.teacher)
    events = AuditEvent.objects.count()
    response = client.post("/api/v1/concerns/", _concern_body(world, **overrides), format="json")
    body = _problem(response, 422, "rule")
    assert body["errors"][0]["field"] == field
    assert not Concern.objects.exists()
    assert AuditEvent.objects.count() == events  # not even the read of the child


def test_a_read_only_token_cannot_register_a_concern(world):
    _found(world, world.teacher)
    response = api_client(world.teacher, scope="read").post(
        "/api/v1/concerns/", _concern_body(world), format="json"
    )
    _problem(response, 403, "forbidden")
    assert not Concern.objects.exists()


# --- read concerns ------------------------------------------------------------------------------


def test_concerns_are_listed_for_their_author_and_leaders_only(world):
    concern = world.concern()
    for professional, expected in [
        (world.teacher, [concern.pk]),
        (world.head_teacher, [concern.pk]),
        (world.nurse, []),
    ]:
        response = api_client(professional).get("/api/v1/concerns/")
        assert response.status_code == 200
        assert [c["id"] for c in response.json()["results"]] == expected
    assert _actions("api.list").filter(purpose="api concern list").count() == 3


def test_concerns_filter_by_status(world):
    world.concern()
    client = api_client(world.teacher)
    assert len(client.get("/api/v1/concerns/?status=open").json()["results"]) == 1
    assert client.get("/api/v1/concerns/?status=closed").json()["results"] == []
    assert _fields(client.get("/api/v1/concerns/?status=nope")) == {"status"}
    assert _fields(client.get("/api/v1/concerns/?status=")) == {"status"}


def test_one_concern_is_read_like_the_concern_page(world):
    concern = world.concern()
    response = api_client(world.head_teacher).get(f"/api/v1/concerns/{concern.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["observation"] == concern.observation
    assert body["child"]["id"] == world.child.pk
    assert body["service"] == {"id": world.school.pk, "name": "Skolen"}
    event = _actions("concern.read").get()
    assert (event.actor_id, event.actor_role, event.purpose) == (
        world.head_teacher.user.pk,
        "leader",
        "api view concern",
    )


def test_a_concern_invisible_to_the_caller_is_not_found(world):
    concern = world.concern()
    other = professional_in(ServiceFactory(), role=MembershipRole.LEADER)
    for professional in (world.nurse, other):
        response = api_client(professional).get(f"/api/v1/concerns/{concern.pk}/")
        _problem(response, 404, "not-found")
    assert not _actions("concern.read").exists()


# --- decide -------------------------------------------------------------------------------------


def _decide(professional, concern, body, scope="write"):
    return api_client(professional, scope=scope).post(
        f"/api/v1/concerns/{concern.pk}/decide/", body, format="json"
    )


def test_decide_collaboration_returns_the_new_case(world):
    concern = world.concern()
    response = _decide(world.teacher, concern, {"decision": "collaboration", "level": 2})
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert response.json()["case"] == case.pk
    assert response.json()["status"] == "collaboration"
    assert case.coordinator == world.teacher
    assert case.level.number == 2


def test_decide_close_and_report(world):
    first, second = world.concern(), world.concern()
    response = _decide(world.head_teacher, first, {"decision": "closed", "note": "Avklart."})
    assert response.status_code == 200
    assert response.json()["decision_note"] == "Avklart."
    response = _decide(
        world.teacher, second, {"decision": "reported", "report_content": "Bekymring."}
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert (second.status, second.report_content) == (ConcernStatus.REPORTED, "Bekymring.")
    # Now child welfare sees the report.
    response = api_client(world.cw_worker).get(f"/api/v1/concerns/{second.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"decision": "closed"}, 422, "note"),
        ({"decision": "reported"}, 422, "report_content"),
        ({"decision": "collaboration"}, 422, "level"),
        ({"decision": "collaboration", "level": 1}, 400, "level"),  # below collaboration
        ({"decision": "collaboration", "level": 9}, 400, "level"),
        ({"decision": "maybe"}, 400, "decision"),
        ({"decision": "collaboration", "level": "2"}, 400, "level"),
        ({"decision": "closed", "note": "x", "urgent": True}, 400, "urgent"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(world, body, status, field):
    concern = world.concern()
    response = _decide(world.teacher, concern, body)
    problem = _problem(response, status, "rule" if status == 422 else "validation")
    assert field in {e["field"] for e in problem["errors"]}
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN
    assert not Case.objects.exists()


def test_a_decided_concern_cannot_be_decided_again(world):
    concern = world.concern()
    assert _decide(world.teacher, concern, {"decision": "closed", "note": "Ok"}).status_code == 200
    response = _decide(world.head_teacher, concern, {"decision": "reported", "report_content": "x"})
    _problem(response, 422, "rule")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED


def test_only_the_author_or_a_leader_decides(world):
    concern = world.concern()
    colleague = professional_in(world.school)  # same service, not a leader: does not see it
    other = professional_in(ServiceFactory(), role=MembershipRole.LEADER)
    for professional in (colleague, world.nurse, other):
        response = _decide(professional, concern, {"decision": "closed", "note": "Nei"})
        _problem(response, 404, "not-found")
    _problem(
        _decide(world.teacher, concern, {"decision": "closed", "note": "x"}, "read"),
        403,
        "forbidden",
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN
