"""Starting a pathway, the municipality's pathway templates and the follow-up register's writes
over the API: the same services, rules and access log as the pages. Each write: allowed (the
status, what the database holds, the one event of the write), denied (404 for who may not see
it, in the municipality and in another one; 403 for a read-only token; nothing written) and
refused input (a 400 naming the field; a rule of the service, a 422 naming it)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from helhet.audit.models import AuditEvent
from helhet.cases.models import Case, Concern
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup.models import FollowUp, FollowUpContact, FollowUpMeasure
from helhet.pathways.models import Pathway, PathwayTemplate
from helhet.people.models import Membership
from helhet.signals.models import Enrolment, RuleKind, Signal
from helhet.signals.services import absence_rules_ensure
from tests.api.conftest import api_client
from tests.api.test_plans import fields, problem
from tests.factories import ChildFactory, ServiceFactory
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db

WORRYING = "worrying-school-absence"


def days(n: int) -> str:
    return (clock.today() + datetime.timedelta(days=n)).isoformat()


def last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def actions_after(pk: int) -> list[str]:
    """The events since ``pk``, but the test clients' own token creation."""
    events = AuditEvent.objects.filter(pk__gt=pk).exclude(action="api.token.create")
    return list(events.order_by("pk").values_list("action", flat=True))


# --- pathways ------------------------------------------------------------------------------------


@dataclasses.dataclass
class PathwayWorld:
    world: World
    signal: Signal  # the teacher's contact pupil's absence
    concern: Concern  # the teacher's, awaiting a decision
    case: Case  # the teacher coordinates it

    def subject(self, field: str) -> int:
        return getattr(self, field).pk


@pytest.fixture
def pw() -> PathwayWorld:
    world = build_world()
    case = world.case(consent_for=(world.school,))
    Enrolment.objects.create(school=world.school, child=world.child, contact_teacher=world.teacher)
    rules = absence_rules_ensure(municipality=world.municipality)
    rule = next(r for r in rules if r.kind == RuleKind.DAYS_IN_MONTH)
    signal = Signal.objects.create(
        school=world.school,
        child=world.child,
        rule=rule,
        key="2026-11",
        facts={"month": "2026-11", "days": "5", "threshold": 3},
    )
    return PathwayWorld(world, signal, world.concern(), case)


def template_pk(world: World, code: str = WORRYING) -> int:
    """The municipality's current template, as a system finds it: GET /pathway-templates/."""
    listed = api_client(world.teacher).get("/api/v1/pathway-templates/").json()
    return next(t["id"] for t in listed if t["code"] == code)


def test_the_templates_are_the_municipalitys_current_ones_without_a_read_event(pw):
    before = last_event()
    response = api_client(pw.world.teacher, scope="read").get(
        "/api/v1/pathway-templates/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200, response.content
    listed = response.json()
    assert {t["code"] for t in listed} == {
        WORRYING,
        "bti-level-0-concern",
        "young-person-outside-school",
    }
    worrying = next(t for t in listed if t["code"] == WORRYING)
    assert set(worrying) == {"id", "code", "name", "version"}
    assert worrying["name"] == "Worrying school absence"
    template = PathwayTemplate.objects.get(pk=worrying["id"])
    assert (template.municipality, template.is_current) == (pw.world.municipality, True)
    assert actions_after(before) == []  # no personal data: no read to record
    other = api_client(build_world().teacher).get("/api/v1/pathway-templates/").json()
    assert not {t["id"] for t in other} & {t["id"] for t in listed}


@pytest.mark.parametrize("field", ["signal", "concern", "case"])
def test_a_pathway_starts_on_a_signal_a_concern_or_a_case(pw, field):
    template = template_pk(pw.world)
    before = last_event()
    response = api_client(pw.world.teacher).post(
        "/api/v1/pathways/", {"template": template, field: pw.subject(field)}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    pathway = Pathway.objects.get(pk=body["id"])
    assert getattr(pathway, f"{field}_id") == pw.subject(field)
    assert (pathway.template_id, pathway.owner, pathway.status) == (
        template,
        pw.world.teacher,
        "running",
    )
    assert body["subject"] == field
    assert body[field] == pw.subject(field)
    assert body["template"] == WORRYING
    assert [s["key"] for s in body["steps"]][:2] == ["call-home", "talk-with-pupil"]
    assert body["steps"][0]["due_on"] is not None  # the first steps are due
    # One event of the write, naming the child; then the read of the pathway answered.
    assert actions_after(before).count("pathway.start") == 1
    start = AuditEvent.objects.get(pk__gt=before, action="pathway.start")
    assert (start.actor, start.child_id) == (pw.world.teacher.user, pw.world.child.pk)
    assert actions_after(before)[-1] == "pathway.read"
    # The same body again: one runs already (the service's rule, a 422).
    again = api_client(pw.world.teacher).post(
        "/api/v1/pathways/", {"template": template, field: pw.subject(field)}, format="json"
    )
    problem(again, 422, "rule")
    assert Pathway.objects.count() == 1


@pytest.mark.parametrize("field", ["signal", "concern", "case"])
def test_who_does_not_see_the_subject_starts_nothing(pw, field):
    template = template_pk(pw.world)
    body = {"template": template, field: pw.subject(field)}
    before = last_event()
    # The nurse sees none of them (no team member, not the concern's author, no contact
    # teacher); the other municipality's teacher nothing at all.
    for outsider in (pw.world.nurse, build_world().teacher):
        problem(
            api_client(outsider).post("/api/v1/pathways/", body, format="json"), 404, "not-found"
        )
    missing = {"template": template, field: 999999}
    problem(
        api_client(pw.world.teacher).post("/api/v1/pathways/", missing, format="json"),
        404,
        "not-found",
    )
    read_only = api_client(pw.world.teacher, scope="read")
    problem(read_only.post("/api/v1/pathways/", body, format="json"), 403, "forbidden")
    assert not Pathway.objects.exists()
    assert "pathway.start" not in actions_after(before)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, {"template"}),  # the subjects are looked at once the fields parse
        ({"template": "TEMPLATE"}, {"signal", "concern", "case"}),
        ({"template": "TEMPLATE", "signal": None, "case": None}, {"signal", "concern", "case"}),
        ({"template": "TEMPLATE", "signal": "SIGNAL", "case": "CASE"}, {"signal", "case"}),
        ({"signal": "SIGNAL"}, {"template"}),
        ({"template": "5", "signal": "SIGNAL"}, {"template"}),
        ({"template": "TEMPLATE", "signal": 0}, {"signal"}),
        ({"template": "TEMPLATE", "case": "CASE", "child": 1}, {"child"}),
    ],
)
def test_a_start_names_exactly_one_subject_and_a_template(pw, body, named):
    values = {"TEMPLATE": template_pk(pw.world), "SIGNAL": pw.signal.pk, "CASE": pw.case.pk}
    body = {k: values.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = api_client(pw.world.teacher).post("/api/v1/pathways/", body, format="json")
    assert fields(problem(response, 400, "validation")) == named
    assert not Pathway.objects.exists()


def test_a_template_of_another_municipality_or_an_old_version_is_refused(pw):
    foreign = build_world()
    for template in (template_pk(foreign), 999999):
        response = api_client(pw.world.teacher).post(
            "/api/v1/pathways/", {"template": template, "signal": pw.signal.pk}, format="json"
        )
        assert fields(problem(response, 422, "rule")) == {"template"}
    old = PathwayTemplate.objects.get(pk=template_pk(pw.world))
    PathwayTemplate.objects.filter(pk=old.pk).update(is_current=False)
    response = api_client(pw.world.teacher).post(
        "/api/v1/pathways/", {"template": old.pk, "case": pw.case.pk}, format="json"
    )
    assert fields(problem(response, 422, "rule")) == {"template"}
    assert not Pathway.objects.exists()


def test_a_decided_concern_and_a_dealt_with_signal_take_no_pathway(pw):
    template = template_pk(pw.world)
    decided = pw.case.concerns.get()  # its case takes the pathway
    pw.signal.status = "dismissed"
    pw.signal.save(update_fields=["status"])
    client = api_client(pw.world.teacher)
    for body in ({"concern": decided.pk}, {"signal": pw.signal.pk}):
        response = client.post("/api/v1/pathways/", {"template": template, **body}, format="json")
        problem(response, 422, "rule")
    assert not Pathway.objects.exists()


# --- the follow-up register ----------------------------------------------------------------------


@dataclasses.dataclass
class Register:
    world: World
    follow_up: FollowUp  # the young person on the register of the nurse's follow-up service

    @property
    def url(self) -> str:
        return f"/api/v1/follow-ups/{self.follow_up.pk}"

    def client(self, *, scope: str = "write"):
        return api_client(self.world.nurse, scope=scope)

    def measure(self, **kwargs) -> FollowUpMeasure:
        fields = {
            "kind": "course",
            "offered_on": clock.today(),
            "outcome_on": clock.today(),
            "by": self.world.nurse,
        }
        return FollowUpMeasure.objects.create(follow_up=self.follow_up, **{**fields, **kwargs})


@pytest.fixture
def register() -> Register:
    world = build_world(child_age_years=17)
    service = ServiceFactory(municipality=world.municipality, sector=Sector.FOLLOW_UP)
    Membership.objects.create(professional=world.nurse, service=service)
    since = clock.today() - datetime.timedelta(days=30)
    follow_up = FollowUp.objects.create(
        service=service, child=world.child, reason="left", since=since, status_since=since
    )
    return Register(world, follow_up)


def _write_event(before: int, action: str, register: Register) -> None:
    """The write's one event, naming the young person and the service, then the read of the
    answer (the follow-up as GET shows it)."""
    assert actions_after(before) == [action, "follow_up.read"]
    event = AuditEvent.objects.get(pk__gt=before, action=action)
    assert (event.actor, event.child_id, event.service_id) == (
        register.world.nurse.user,
        register.world.child.pk,
        register.follow_up.service_id,
    )


def test_a_contact_is_recorded_and_reaching_them_puts_them_in_contact(register):
    before = last_event()
    response = register.client().post(
        f"{register.url}/contacts/",
        {"on": days(-1), "kind": "phone", "reached": True, "note": "Snakket med ham."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["contacts"] == [
        {"on": days(-1), "kind": "phone", "reached": True, "note": "Snakket med ham."}
    ]
    assert (body["status"], body["status_since"]) == ("in_contact", days(-1))
    contact = FollowUpContact.objects.get(follow_up=register.follow_up)
    assert (contact.by, contact.reached) == (register.world.nurse, True)
    _write_event(before, "follow_up.contact", register)
    # reached and note may be left out: a try, without a note.
    tried = register.client().post(
        f"{register.url}/contacts/", {"on": days(0), "kind": "message"}, format="json"
    )
    assert tried.status_code == 200, tried.content
    assert FollowUpContact.objects.filter(reached=False, note="").count() == 1


def test_the_status_changes(register):
    before = last_event()
    response = register.client().post(
        f"{register.url}/status/", {"status": "in_education", "on": days(0)}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_since"]) == ("in_education", days(0))
    register.follow_up.refresh_from_db()
    assert register.follow_up.status == "in_education"
    assert register.follow_up.history.get().changed_by == register.world.nurse
    _write_event(before, "follow_up.status", register)


def test_a_measure_is_offered_and_what_came_of_it_recorded(register):
    before = last_event()
    response = register.client().post(
        f"{register.url}/measures/",
        {"kind": "apprenticeship", "offered_on": days(-2), "note": "Rørlegger."},
        format="json",
    )
    assert response.status_code == 200, response.content
    [shown] = response.json()["measures"]
    measure = FollowUpMeasure.objects.get(follow_up=register.follow_up)
    assert shown == {
        "id": measure.pk,
        "kind": "apprenticeship",
        "offered_on": days(-2),
        "outcome": "offered",
        "outcome_on": days(-2),
        "note": "Rørlegger.",
    }
    assert measure.by == register.world.nurse
    _write_event(before, "follow_up.measure", register)

    before = last_event()
    started = register.client().post(
        f"{register.url}/measures/{measure.pk}/outcome/",
        {"outcome": "started", "on": days(-1)},
        format="json",
    )
    assert started.status_code == 200, started.content
    body = started.json()
    assert (body["measures"][0]["outcome"], body["measures"][0]["outcome_on"]) == (
        "started",
        days(-1),
    )
    assert (body["status"], body["status_since"]) == ("in_measure", days(-1))
    measure.refresh_from_db()
    assert measure.outcome == "started"
    _write_event(before, "follow_up.measure", register)


def test_who_is_not_in_the_follow_up_service_writes_nothing(register):
    measure = register.measure()
    today = days(0)
    writes = [
        (f"{register.url}/contacts/", {"on": today, "kind": "phone", "reached": True}),
        (f"{register.url}/status/", {"status": "in_work", "on": today}),
        (f"{register.url}/measures/", {"kind": "course", "offered_on": today}),
        (f"{register.url}/measures/{measure.pk}/outcome/", {"outcome": "started", "on": today}),
    ]

    def state():
        follow_up = FollowUp.objects.get(pk=register.follow_up.pk)
        return (
            follow_up.status,
            follow_up.contacts.count(),
            list(follow_up.measures.values_list("pk", "outcome")),
        )

    before, first = state(), last_event()
    # The teacher of the same municipality, and another municipality's follow-up service.
    other = build_world()
    foreign = ServiceFactory(municipality=other.municipality, sector=Sector.FOLLOW_UP)
    Membership.objects.create(professional=other.nurse, service=foreign)
    for outsider in (register.world.teacher, other.nurse):
        for url, body in writes:
            response = api_client(outsider).post(url, body, format="json")
            problem(response, 404, "not-found")
    for url, body in writes:
        problem(register.client(scope="read").post(url, body, format="json"), 403, "forbidden")
    assert state() == before
    assert actions_after(first) == []
    # A measure of another young person on the register is not this one's.
    elsewhere = FollowUp.objects.create(
        service=register.follow_up.service,
        child=ChildFactory(municipality=register.world.municipality),
        reason="left",
        since=clock.today(),
        status_since=clock.today(),
    )
    url = f"/api/v1/follow-ups/{elsewhere.pk}/measures/{measure.pk}/outcome/"
    problem(register.client().post(url, writes[3][1], format="json"), 404, "not-found")
    assert state() == before


@pytest.mark.parametrize(
    ("path", "body", "named"),
    [
        ("contacts", {"kind": "phone"}, {"on"}),
        ("contacts", {"on": "TODAY", "kind": "fax"}, {"kind"}),
        ("contacts", {"on": "TODAY", "kind": "phone", "reached": "yes"}, {"reached"}),
        ("contacts", {"on": "TODAY", "kind": "phone", "note": "x" * 2001}, {"note"}),
        ("contacts", {"on": "23.11.2026", "kind": "phone"}, {"on"}),
        ("contacts", {"on": "TODAY", "kind": "phone", "by": 1}, {"by"}),
        ("status", {"on": "TODAY"}, {"status"}),
        ("status", {"status": "lost", "on": "TODAY"}, {"status"}),
        ("measures", {"offered_on": "TODAY"}, {"kind"}),
        ("measures", {"kind": "course"}, {"offered_on"}),
        ("measures/MEASURE/outcome", {"outcome": "started"}, {"on"}),
        ("measures/MEASURE/outcome", {"outcome": "won", "on": "TODAY"}, {"outcome"}),
    ],
)
def test_bad_input_is_a_400_naming_the_field(register, path, body, named):
    measure = register.measure()
    body = {k: days(0) if v == "TODAY" else v for k, v in body.items()}
    url = f"{register.url}/{path.replace('MEASURE', str(measure.pk))}/"
    before = last_event()
    assert (
        fields(problem(register.client().post(url, body, format="json"), 400, "validation"))
        == named
    )
    assert actions_after(before) == []
    assert not register.follow_up.contacts.exists()
    assert register.follow_up.measures.get() == measure


@pytest.mark.parametrize(
    ("path", "body", "named"),
    [
        ("contacts", {"on": "TOMORROW", "kind": "phone"}, "on"),
        ("status", {"status": "not_reached", "on": "TODAY"}, "status"),  # has it already
        ("status", {"status": "in_work", "on": "LONG_AGO"}, "on"),  # before the status began
        ("measures", {"kind": "course", "offered_on": "TOMORROW"}, "offered_on"),
        ("measures/MEASURE/outcome", {"outcome": "ended", "on": "TODAY"}, "outcome"),  # offered
        ("measures/MEASURE/outcome", {"outcome": "offered", "on": "TODAY"}, "outcome"),
        ("measures/MEASURE/outcome", {"outcome": "started", "on": "TOMORROW"}, "on"),
    ],
)
def test_the_services_rules_are_a_422_naming_the_field(register, path, body, named):
    measure = register.measure()
    dates = {"TODAY": days(0), "TOMORROW": days(1), "LONG_AGO": days(-365)}
    body = {k: dates.get(v, v) for k, v in body.items()}
    url = f"{register.url}/{path.replace('MEASURE', str(measure.pk))}/"
    before = last_event()
    assert fields(problem(register.client().post(url, body, format="json"), 422, "rule")) == {named}
    assert actions_after(before) == []
    register.follow_up.refresh_from_db()
    assert register.follow_up.status == "not_reached"
    assert not register.follow_up.contacts.exists()
    assert list(register.follow_up.measures.values_list("pk", "outcome")) == [
        (measure.pk, "offered")
    ]
