"""The portal demo families match the Test ID persons, and ``helhet demo`` runs Test ID beside the
web server (or goes on without it)."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import urllib.request

import pytest
from django.core.management import call_command

from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from helhet.cases.models import Case, Concern
from helhet.consent.models import ConsentProposal, ProposalStatus
from helhet.core import clock
from helhet.directory.models import Service
from helhet.people.models import Child, NetworkPerson, Professional
from helhet.plans.models import Goal, Measure, Meeting
from helhet.portal import idp_process
from helhet.portal.idp_process import load_persons
from helhet.portal.models import GuardianSharing
from helhet.synthetic.management.commands import demo as demo_command
from helhet.synthetic.portal_demo import seed_portal_demo
from helhet.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

PIDS = {person["name"]: person["pid"] for person in load_persons()}


def _seed_demo():
    # The call ``helhet demo`` makes on its first start.
    call_command("seed", demo=True, municipalities=3, children=40, verbosity=0)


def _pro(login: str) -> Professional:
    return Professional.objects.get(user__email=f"{login}@fjordvik.example")


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Child,
            NetworkPerson,
            Case,
            Concern,
            Goal,
            Measure,
            Meeting,
            ConsentProposal,
            GuardianSharing,
        )
    }


@pytest.fixture
def seeded():
    _seed_demo()
    return Municipality.objects.get(name="Fjordvik kommune", country="NO")


def test_every_test_person_is_who_the_persons_file_says(seeded):
    persons = load_persons()
    assert {p["name"] for p in persons} == {
        "Gro Foresatt",
        "Sara Ung",
        "Tor Foresatt",
        "Rune Begrenset",
        "Hilde Hjelp",
        "Lars Lavt",
        "Hanne Helsesykepleier",  # staff: Fjordvik's single sign-on, not the portal
    }
    emil = Child.objects.get(municipality=seeded, national_id="02821453782")
    assert (emil.given_name, emil.family_name) == ("Emil", "Foresatt")
    assert emil.date_of_birth == datetime.date(2014, 2, 2)
    sara = Child.objects.get(municipality=seeded, national_id=PIDS["Sara Ung"])
    assert (sara.given_name, sara.family_name, sara.date_of_birth) == (
        "Sara",
        "Ung",
        datetime.date(2010, 5, 2),
    )
    for name, child, relation in (
        ("Gro Foresatt", emil, "mother"),
        ("Rune Begrenset", emil, "father"),
        ("Tor Foresatt", sara, "father"),
    ):
        guardian = NetworkPerson.objects.get(national_id=PIDS[name])
        assert (guardian.name, guardian.child, guardian.relation) == (name, child, relation)
        assert guardian.has_parental_responsibility
        assert guardian.municipality == seeded
    for name in ("Hilde Hjelp", "Lars Lavt"):
        assert not NetworkPerson.objects.filter(national_id=PIDS[name]).exists()
        assert not Child.objects.filter(national_id=PIDS[name]).exists()
    gro = NetworkPerson.objects.get(national_id=PIDS["Gro Foresatt"])
    assert gro.email == "gro@example.invalid"
    assert gro.portal_restriction == ""
    assert NetworkPerson.objects.get(national_id=PIDS["Tor Foresatt"]).portal_restriction == ""
    rune = NetworkPerson.objects.get(national_id=PIDS["Rune Begrenset"])
    assert rune.portal_restriction == "court_decision"


def test_emils_case_has_team_plan_meeting_access_log_and_a_pending_proposal(seeded):
    teacher, nurse, ppt = _pro("laerer"), _pro("helsesykepleier"), _pro("ppt")
    school = teacher.memberships.get().service
    health = nurse.memberships.get().service
    case = Case.objects.get(child__national_id="02821453782", status="open")
    assert case.coordinator == teacher
    assert case.coordinator_service == school
    assert case.level.number in {1, 2}
    assert list(case.guardians.values_list("national_id", flat=True)) == [PIDS["Gro Foresatt"]]
    consent = case.consents.get()
    assert consent.given_by == "guardians"
    assert set(consent.services.all()) == {school, health}
    assert list(consent.guardians.values_list("name", flat=True)) == ["Gro Foresatt"]
    assert case.team.filter(professional=nurse, service=health, left_at=None).exists()
    goal = Goal.objects.get(plan__case=case)
    assert goal.whose_words == "child"
    assert Measure.objects.filter(goal=goal).count() == 1
    meeting = Meeting.objects.get(case=case, status="planned")
    assert (meeting.starts_at.date() - clock.today()).days in {6, 7, 8}
    assert list(meeting.guardians.values_list("name", flat=True)) == ["Gro Foresatt"]
    assert AuditEvent.objects.filter(action="case.read", case_id=case.pk, actor=nurse.user).exists()
    proposal = ConsentProposal.objects.get(case=case)
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.proposed_by == teacher
    assert list(proposal.services.all()) == [ppt.memberships.get().service]
    assert list(proposal.professionals.all()) == [ppt]
    assert "PP-tjenesten" in proposal.purpose
    assert list(verify()) == []


def test_sara_consented_with_her_father_and_shares_only_the_team(seeded):
    teacher, nurse = _pro("laerer"), _pro("helsesykepleier")
    case = Case.objects.get(child__national_id=PIDS["Sara Ung"], status="open")
    assert case.coordinator == nurse
    consent = case.consents.get()
    assert consent.given_by == "both"
    assert set(consent.services.all()) == {
        nurse.memberships.get().service,
        teacher.memberships.get().service,
    }
    assert list(consent.guardians.values_list("national_id", flat=True)) == [PIDS["Tor Foresatt"]]
    sharing = GuardianSharing.objects.get(case=case)
    assert (sharing.overview, sharing.plan, sharing.meetings, sharing.log) == (
        True,
        False,
        False,
        False,
    )
    assert seeded.consent_age == 15


def test_the_coordination_service_is_the_front_door(seeded):
    doors = Service.objects.filter(municipality=seeded, is_front_door=True)
    assert list(doors) == [_pro("admin").memberships.get().service]


def test_seeding_again_creates_nothing(seeded):
    before = _counts()
    assert seed_portal_demo() is False
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert _counts() == before
    assert Service.objects.filter(is_front_door=True).count() == 1


def test_the_demo_command_adds_the_families_to_an_older_demo_database():
    from helhet.synthetic.generator import generate

    generate(municipalities=3, children_per_municipality=2, demo=True)  # no portal families
    assert not Child.objects.filter(national_id=PIDS["Sara Ung"]).exists()
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert Child.objects.filter(national_id=PIDS["Sara Ung"]).count() == 1
    assert NetworkPerson.objects.filter(national_id=PIDS["Gro Foresatt"]).count() == 1


def _refuse(*args, **kwargs):
    raise AssertionError("nothing is started with --no-serve")


def test_demo_no_serve_prepares_and_starts_nothing(monkeypatch):
    monkeypatch.setattr(subprocess, "Popen", _refuse)
    monkeypatch.setattr(idp_process, "start_identity_provider", _refuse)
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    text = out.getvalue()
    assert "Helhet demo – synthetic data only." in text
    assert "laerer@fjordvik.example" in text
    assert "Family portal" not in text
    assert Child.objects.filter(national_id="02821453782").exists()


class _FakeProcess:
    def __init__(self, args, env=None, **kwargs):
        self.args, self.env = args, env
        self.terminated = False

    def wait(self, timeout=None):
        return 0

    def poll(self):
        return 0

    def terminate(self):
        self.terminated = True


class _FakeProvider:
    issuer = "http://127.0.0.1:8999"
    stopped = False

    def stop(self):
        self.stopped = True


@pytest.fixture
def fake_children(monkeypatch):
    started: list[_FakeProcess] = []

    def popen(args, **kwargs):
        started.append(_FakeProcess(args, **kwargs))
        return started[-1]

    monkeypatch.setattr(demo_command.subprocess, "Popen", popen)
    monkeypatch.setattr(demo_command.signal, "signal", lambda *args: None)
    return started


def test_demo_serves_with_test_id_and_passes_the_portal_settings(monkeypatch, fake_children):
    provider = _FakeProvider()
    calls = []

    def start(*, clients: list, port: int | None = None, **kwargs):
        calls.append((clients, port))
        return provider

    monkeypatch.setattr(idp_process, "start_identity_provider", start)
    monkeypatch.setattr(demo_command, "_port_is_free", lambda port: True)
    out = io.StringIO()
    call_command("demo", addrport="127.0.0.1:8123", idp_port=8091, stdout=out)

    ((clients, port),) = calls
    assert port == 8091
    client, staff_client = clients
    assert client["client_id"] == "helhet-demo"
    assert staff_client["client_id"] == "helhet-demo-staff"
    assert staff_client["redirect_uris"] == [
        "http://127.0.0.1:8123/accounts/sso/fjordvik/callback/"
    ]
    assert client["redirect_uris"] == ["http://127.0.0.1:8123/portal/callback/idporten/"]
    assert client["post_logout_redirect_uris"] == ["http://127.0.0.1:8123/portal/"]
    assert len(client["client_secret"]) >= 32
    server = fake_children[0]
    assert "runserver" in server.args
    conf = json.loads(server.env["HELHET_PORTAL_OIDC"])
    assert conf == {
        "idporten": {
            "name": "ID-porten (Test ID)",
            "country": "NO",
            "issuer": provider.issuer,
            "client_id": "helhet-demo",
            "client_secret": client["client_secret"],
            "acr_values": "idporten-loa-substantial",
            "accepted_acr": ["idporten-loa-substantial", "idporten-loa-high"],
            "identity_claim": "pid",
        }
    }
    staff = json.loads(server.env["HELHET_STAFF_OIDC"])["fjordvik"]
    fjordvik = Municipality.objects.get(name="Fjordvik kommune")
    assert (staff["municipality"], staff["issuer"], staff["client_id"]) == (
        fjordvik.pk,
        provider.issuer,
        "helhet-demo-staff",
    )
    assert staff["client_secret"] == staff_client["client_secret"] != client["client_secret"]
    assert provider.stopped
    text = out.getvalue()
    accounts_at = text.index("Password for all demo accounts")
    portal_at = text.index("Family portal: http://127.0.0.1:8123/portal/ — log in with Test ID as:")
    assert accounts_at < portal_at < text.index("Starting the web server")
    for person in load_persons():
        if person.get("email"):  # staff: listed for the staff login, by address
            assert person["email"] in text
        else:
            assert person["pid"] in text
            assert person["description"] in text


def test_demo_takes_a_free_port_when_the_idp_port_is_taken(monkeypatch, fake_children):
    ports = []

    def start(*, clients, port=None, **kwargs):
        ports.append(port)
        return _FakeProvider()

    monkeypatch.setattr(idp_process, "start_identity_provider", start)
    monkeypatch.setattr(demo_command, "_port_is_free", lambda port: False)
    call_command("demo", stdout=io.StringIO())
    assert ports == [None]


def test_demo_serves_without_the_portal_login_when_node_is_missing(monkeypatch, fake_children):
    def start(**kwargs):
        raise RuntimeError("Node.js is needed for the local test identity provider")

    monkeypatch.setattr(idp_process, "start_identity_provider", start)
    monkeypatch.delenv("HELHET_PORTAL_OIDC", raising=False)
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert (
        "Family portal login is off (no Test ID): Node.js is needed for the local test "
        "identity provider\n"
    ) in text
    assert "log in with Test ID as" not in text
    server = fake_children[0]
    assert "runserver" in server.args
    assert "HELHET_PORTAL_OIDC" not in server.env


def test_the_demo_starts_a_real_test_id_with_the_portal_client():
    command = demo_command.Command(stdout=io.StringIO())
    env: dict[str, str] = {}
    provider = command._identity_provider("127.0.0.1:8123", 0, env)
    try:
        assert provider is not None
        conf = json.loads(env["HELHET_PORTAL_OIDC"])["idporten"]
        assert conf["issuer"] == provider.issuer
        discovery = f"{provider.issuer}/.well-known/openid-configuration"
        with urllib.request.urlopen(discovery, timeout=5) as response:  # noqa: S310
            assert json.load(response)["issuer"] == provider.issuer
    finally:
        if provider is not None:
            provider.stop()
