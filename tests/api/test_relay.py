"""The relay around a case over the API: team, consent, lawful bases, handovers, the log, level
and closing — the web page's rules, through the same policy and services, with the same audit."""

from __future__ import annotations

import pytest

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import CaseStatus, Handover, HandoverStatus, LogEntry, LogKind, TeamMember
from helhet.consent import services as consent_services
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from tests.api.conftest import api_client as token_client
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def case(world):
    """The teacher coordinates; school and health are covered by one consent."""
    return world.case(consent_for=(world.school, world.health))


def api_client(professional, *, scope: str = "write"):
    """A token client that sends JSON unless told otherwise."""
    client = token_client(professional, scope=scope)
    client.default_format = "json"
    return client


def url(case, rest: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/{rest}"


def version(case) -> int:
    case.refresh_from_db()
    return case.version


def assert_problem(response, status: int, kind: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    if kind:
        assert body["type"] == f"urn:helhet:problem:{kind}"
    return body


def error_fields(response) -> set[str]:
    return {e["field"] for e in assert_problem(response, 400, "validation")["errors"]}


def reads(case, purpose: str) -> int:
    return AuditEvent.objects.filter(case_id=case.pk, action="case.read", purpose=purpose).count()


def add_nurse(world, case) -> TeamMember:
    return case_services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )


def written() -> tuple[int, ...]:
    """A fingerprint of everything the relay writes."""
    return (
        TeamMember.objects.count(),
        TeamMember.objects.filter(left_at__isnull=False).count(),
        Consent.objects.count(),
        Consent.objects.filter(withdrawn_at__isnull=False).count(),
        LawfulBasis.objects.count(),
        Handover.objects.count(),
        Handover.objects.exclude(status=HandoverStatus.PENDING).count(),
        LogEntry.objects.count(),
    )


# --- team --------------------------------------------------------------------------------------


def test_the_team_lists_present_and_former_members_and_the_read_is_audited(world, case):
    member = add_nurse(world, case)
    case_services.team_member_remove(member=member, removed_by=world.teacher.user, reason="Slutt")
    client = api_client(world.teacher)
    before = reads(case, "api team")
    response = client.get(url(case, "team/"))
    assert response.status_code == 200
    rows = {r["professional"]["id"]: r for r in response.json()["results"]}
    assert rows[world.teacher.pk]["active"] is True
    assert rows[world.nurse.pk]["active"] is False
    assert rows[world.nurse.pk]["left_reason"] == "Slutt"
    assert rows[world.nurse.pk]["service"] == {"id": world.health.pk, "name": "Helsestasjonen"}
    assert reads(case, "api team") == before + 1
    active = client.get(url(case, "team/"), {"active": "true"}).json()["results"]
    assert [r["professional"]["id"] for r in active] == [world.teacher.pk]
    former = client.get(url(case, "team/"), {"active": "false"}).json()["results"]
    assert [r["professional"]["id"] for r in former] == [world.nurse.pk]
    assert error_fields(client.get(url(case, "team/"), {"active": "maybe"})) == {"active"}
    assert error_fields(client.get(url(case, "log/"), {"page_size": 0})) == {"page_size"}


def test_the_coordinator_adds_a_team_member(world, case):
    response = api_client(world.teacher).post(
        url(case, "team/"),
        {
            "professional": world.nurse.pk,
            "service": world.health.pk,
            "role_in_case": "Helsesykepleier",
            "version": version(case),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    member = TeamMember.objects.get(pk=response.json()["id"])
    assert (member.professional, member.service, member.role_in_case) == (
        world.nurse,
        world.health,
        "Helsesykepleier",
    )
    assert LogEntry.objects.filter(case=case, kind=LogKind.TEAM_CHANGE).exists()
    assert AuditEvent.objects.filter(case_id=case.pk, action="case.team_add").exists()


def test_only_who_leads_the_case_adds_team_members(world, case):
    add_nurse(world, case)
    other = build_world()
    body = {"professional": world.ppt_advisor.pk, "service": world.health.pk}
    before = written()
    for who in (world.nurse, world.ppt_advisor, world.head_teacher, other.teacher):
        assert_problem(api_client(who).post(url(case, "team/"), body, format="json"), 404)
    response = api_client(world.teacher, scope="read").post(url(case, "team/"), body, format="json")
    assert_problem(response, 403, "forbidden")
    assert written() == before


def test_team_add_refuses_bad_input_and_broken_rules(world, case):
    client = api_client(world.teacher)
    other = build_world()
    before = written()
    post = lambda body: client.post(url(case, "team/"), body, format="json")  # noqa: E731
    assert error_fields(post({"professional": "abc", "service": world.health.pk})) == {
        "professional"
    }
    assert error_fields(post({"service": [1]})) == {"professional", "service"}
    assert "nickname" in error_fields(
        post({"professional": world.nurse.pk, "service": world.health.pk, "nickname": "x"})
    )
    # Another municipality's professional or service: named in the errors, never resolved.
    assert error_fields(post({"professional": other.nurse.pk, "service": world.health.pk})) == {
        "professional"
    }
    assert error_fields(post({"professional": world.nurse.pk, "service": other.health.pk})) == {
        "service"
    }
    # The service's rules: not covered by consent, not the professional's service, stale form.
    body = assert_problem(
        post({"professional": world.ppt_advisor.pk, "service": world.ppt.pk}), 422, "rule"
    )
    assert body["errors"][0]["field"] == "service"
    assert_problem(post({"professional": world.nurse.pk, "service": world.school.pk}), 422)
    stale = {"professional": world.nurse.pk, "service": world.health.pk, "version": 1}
    assert_problem(post(stale), 422, "rule")
    assert written() == before


def test_the_coordinator_removes_a_team_member(world, case):
    member = add_nurse(world, case)
    coordinator = TeamMember.objects.get(case=case, professional=world.teacher)
    client = api_client(world.teacher)
    path = url(case, f"team/{member.pk}/remove/")
    assert error_fields(client.post(path, {}, format="json")) == {"reason"}
    assert_problem(client.post(url(case, "team/999999/remove/"), {"reason": "x"}), 404)
    response = client.post(path, {"reason": "Flyttet", "version": version(case)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    member.refresh_from_db()
    assert member.left_at is not None and member.left_reason == "Flyttet"
    assert_problem(client.post(path, {"reason": "Igjen"}, format="json"), 422, "rule")
    # The coordinator cannot leave before handing over the role.
    response = client.post(url(case, f"team/{coordinator.pk}/remove/"), {"reason": "x"})
    assert_problem(response, 422, "rule")


# --- consent and lawful bases ------------------------------------------------------------------


def test_consents_are_listed_and_the_read_is_audited(world, case):
    before = reads(case, "api consents")
    response = api_client(world.teacher).get(url(case, "consents/"))
    assert response.status_code == 200
    [consent] = response.json()["results"]
    assert consent["given_by"] == "guardians"
    assert {s["id"] for s in consent["services"]} == {world.school.pk, world.health.pk}
    assert {g["name"] for g in consent["guardians"]} == {"Mor", "Far"}
    assert consent["withdrawn_at"] is None
    assert reads(case, "api consents") == before + 1


def test_a_team_member_records_consent(world, case):
    add_nurse(world, case)
    response = api_client(world.nurse).post(
        url(case, "consents/"),
        {
            "given_by": "guardians",
            "guardians": [world.mother.pk],
            "services": [world.ppt.pk],
            "purpose": "Utredning hos PPT",
            "valid_from": clock.today().isoformat(),
            "valid_until": None,
            "method": "oral",
            "method_note": "På telefon med mor i dag kl. 10.",
            "version": version(case),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    consent = Consent.objects.get(pk=response.json()["id"])
    assert list(consent.services.all()) == [world.ppt]
    assert list(consent.guardians.all()) == [world.mother]
    assert consent.recorded_by == world.nurse


def test_consent_refuses_bad_input_and_broken_rules(world, case):
    other = build_world()
    client = api_client(world.teacher)
    valid = {
        "given_by": "guardians",
        "guardians": [world.mother.pk],
        "services": [world.ppt.pk],
        "purpose": "Utredning",
        "valid_from": clock.today().isoformat(),
        "method": "signed_form",
    }
    before = written()
    post = lambda **changes: client.post(url(case, "consents/"), valid | changes, format="json")  # noqa: E731
    assert error_fields(post(valid_from="i går")) == {"valid_from"}
    assert error_fields(post(services=[])) == {"services"}
    assert error_fields(post(method="brev")) == {"method"}
    assert error_fields(post(guardians="mor")) == {"guardians"}
    assert error_fields(post(extra=True)) == {"extra"}
    # Another child's guardian, another municipality's service: 400 naming the field.
    assert error_fields(post(guardians=[other.mother.pk])) == {"guardians"}
    assert error_fields(post(services=[other.ppt.pk])) == {"services"}
    # A ten-year-old cannot consent alone; oral consent needs a note.
    refused = assert_problem(post(given_by="young_person", guardians=[]), 422, "rule")
    assert [e["field"] for e in refused["errors"]] == ["given_by"]
    assert_problem(post(method="oral"), 422, "rule")
    response = api_client(world.teacher, scope="read").post(url(case, "consents/"), valid)
    assert_problem(response, 403)
    assert written() == before


def test_withdrawing_consent_takes_effect_at_once(world):
    case = world.case(consent_for=(world.school,))
    health_consent = world.consent(case, world.health)
    add_nurse(world, case)
    nurse = api_client(world.nurse)
    assert nurse.get(url(case, "log/")).status_code == 200
    response = api_client(world.teacher).post(
        url(case, f"consents/{health_consent.pk}/withdraw/"),
        {"note": "Mor trakk samtykket på telefon."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_at"] is not None
    health_consent.refresh_from_db()
    assert health_consent.withdrawal_note == "Mor trakk samtykket på telefon."
    assert_problem(nurse.get(url(case, "log/")), 404)
    again = api_client(world.teacher).post(url(case, f"consents/{health_consent.pk}/withdraw/"))
    assert_problem(again, 422, "rule")


def test_withdrawal_is_refused_while_the_coordinator_would_lose_access(world, case):
    consent = Consent.objects.get(case=case)
    before = written()
    response = api_client(world.teacher).post(
        url(case, f"consents/{consent.pk}/withdraw/"), {"note": ["x"]}, format="json"
    )
    assert error_fields(response) == {"note"}
    world.consent(case, world.health)
    response = api_client(world.teacher).post(url(case, f"consents/{consent.pk}/withdraw/"))
    assert_problem(response, 422, "rule")
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == before[3]


def test_lawful_bases_are_read_by_the_team_and_recorded_by_the_coordinator(world, case):
    add_nurse(world, case)
    body = {
        "kind": "avert_serious_harm",
        "services": [world.child_welfare.pk],
        "justification": "Barnet har fortalt om vold hjemme; barnevernet må vite det nå.",
        "version": version(case),
    }
    assert_problem(api_client(world.nurse).post(url(case, "lawful-bases/"), body), 404)
    response = api_client(world.teacher).post(url(case, "lawful-bases/"), body, format="json")
    assert response.status_code == 201, response.content
    basis = LawfulBasis.objects.get(pk=response.json()["id"])
    assert list(basis.services.all()) == [world.child_welfare]
    assert LogEntry.objects.filter(case=case, kind=LogKind.LAWFUL_BASIS, flagged=True).exists()
    before = reads(case, "api lawful bases")
    listed = api_client(world.nurse).get(url(case, "lawful-bases/"))
    assert [b["kind"] for b in listed.json()["results"]] == ["avert_serious_harm"]
    assert reads(case, "api lawful bases") == before + 1
    short = body | {"justification": "Fordi.", "version": version(case)}
    client = api_client(world.teacher)
    assert_problem(client.post(url(case, "lawful-bases/"), short, format="json"), 422, "rule")
    assert error_fields(client.post(url(case, "lawful-bases/"), body | {"kind": "x"})) == {"kind"}


# --- handovers ---------------------------------------------------------------------------------


def test_a_handover_is_proposed_read_and_accepted_by_its_receiver(world, case):
    response = api_client(world.teacher).post(
        url(case, "handovers/"),
        {
            "to_professional": world.nurse.pk,
            "to_service": world.health.pk,
            "reason": "Helse følger opp tettest nå.",
            "version": version(case),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    handover_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    listed = api_client(world.teacher).get(url(case, "handovers/")).json()["results"]
    assert [h["id"] for h in listed] == [handover_id]

    nurse = api_client(world.nurse)  # the receiver is not on the team yet
    assert_problem(nurse.get(url(case, "handovers/")), 404)
    response = nurse.get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 200
    assert response.json()["to_professional"]["id"] == world.nurse.pk
    assert AuditEvent.objects.filter(
        case_id=case.pk, action="case.read", actor_role="handover receiver"
    ).exists()

    # Only the receiver answers: the coordinator, who sees the handover, gets 404.
    assert_problem(api_client(world.teacher).post(f"/api/v1/handovers/{handover_id}/accept/"), 404)
    assert error_fields(nurse.post(f"/api/v1/handovers/{handover_id}/accept/", {"x": 1})) == {"x"}
    response = nurse.post(f"/api/v1/handovers/{handover_id}/accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    case.refresh_from_db()
    assert (case.coordinator, case.coordinator_service) == (world.nurse, world.health)
    # Accepting twice: the page and the API both say it has been answered (a rule, 422).
    again = nurse.post(f"/api/v1/handovers/{handover_id}/accept/")
    assert_problem(again, 422)
    assert again.json()["detail"] == "This handover has already been answered."


def test_a_rejection_needs_a_reason(world, case):
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    nurse = api_client(world.nurse)
    path = f"/api/v1/handovers/{handover.pk}/reject/"
    assert error_fields(nurse.post(path, {}, format="json")) == {"reason"}
    assert error_fields(nurse.post(path, {"reason": ""}, format="json")) == {"reason"}
    assert_problem(api_client(world.nurse, scope="read").post(path, {"reason": "Nei"}), 403)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.PENDING
    response = nurse.post(path, {"reason": "Har ikke kapasitet."}, format="json")
    assert response.status_code == 200
    handover.refresh_from_db()
    assert (handover.status, handover.answer_note) == (
        HandoverStatus.REJECTED,
        "Har ikke kapasitet.",
    )


def test_a_handover_proposal_refuses_bad_input_and_broken_rules(world, case):
    other = build_world()
    add_nurse(world, case)
    client = api_client(world.teacher)
    post = lambda body: client.post(url(case, "handovers/"), body, format="json")  # noqa: E731
    before = written()
    assert error_fields(
        post({"to_professional": other.nurse.pk, "to_service": world.health.pk})
    ) == {"to_professional"}
    assert error_fields(post({"to_professional": world.nurse.pk})) == {"to_service"}
    assert_problem(
        post({"to_professional": world.ppt_advisor.pk, "to_service": world.ppt.pk}), 422, "rule"
    )
    assert_problem(
        post({"to_professional": world.teacher.pk, "to_service": world.school.pk}), 422, "rule"
    )
    body = {"to_professional": world.cw_worker.pk, "to_service": world.health.pk}
    assert_problem(api_client(world.nurse).post(url(case, "handovers/"), body), 404)
    assert written() == before


# --- the log -----------------------------------------------------------------------------------


def test_the_log_is_newest_first_with_cursor_pages_and_audited(world, case):
    for n in range(3):
        case_services.log_entry_add(case=case, author=world.teacher.user, kind="note", text=f"N{n}")
    expected = list(LogEntry.objects.filter(case=case).order_by("-pk").values_list("pk", flat=True))
    client = api_client(world.teacher)
    before = reads(case, "api log")
    first = client.get(url(case, "log/"), {"page_size": 3}).json()
    second = client.get(first["next"]).json()
    assert second["next"] is None
    ids = [e["id"] for e in first["results"] + second["results"]]
    assert ids == expected
    assert first["results"][0]["text"] == "N2"
    assert reads(case, "api log") == before + 2
    entry = client.get(url(case, f"log/{expected[0]}/"))
    assert entry.status_code == 200 and entry.json()["kind"] == "note"
    assert reads(case, "api log") == before + 3


def test_a_team_member_adds_to_the_log(world, case):
    add_nurse(world, case)
    client = api_client(world.nurse)
    response = client.post(
        url(case, "log/"),
        {"kind": "meeting", "text": "Møte med mor.", "strengths": "Godt oppmøte", "worries": ""},
        format="json",
    )
    assert response.status_code == 201, response.content
    entry = LogEntry.objects.get(pk=response.json()["id"])
    assert (entry.kind, entry.author, entry.service) == ("meeting", world.nurse, world.health)
    before = written()
    assert error_fields(client.post(url(case, "log/"), {"kind": "plan", "text": "x"})) == {"kind"}
    assert error_fields(client.post(url(case, "log/"), {"kind": "note", "text": ""})) == {"text"}
    assert error_fields(client.post(url(case, "log/"), {"kind": "note", "text": ["x"]})) == {"text"}
    response = client.post(url(case, "log/"), {"kind": "note", "text": "x", "version": 3})
    assert error_fields(response) == {"version"}
    malformed = client.post(url(case, "log/"), '{"kind": "note",', content_type="application/json")
    assert_problem(malformed, 400, "malformed")
    assert written() == before


def test_log_entries_are_corrected_not_changed(world, case):
    client = api_client(world.teacher)
    note = case_services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Feil"
    )
    response = client.post(url(case, f"log/{note.pk}/correct/"), {"text": "Riktig"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "correction" and response.json()["corrects"] == note.pk
    assert client.get(url(case, f"log/{note.pk}/")).json()["corrected_by"] == [
        response.json()["id"]
    ]
    note.refresh_from_db()
    assert note.text == "Feil"
    other_case = build_world().case(consent_for=())
    other_entry = LogEntry.objects.filter(case=other_case).first()
    before = written()
    assert error_fields(client.post(url(case, f"log/{note.pk}/correct/"), {})) == {"text"}
    # Entries the system wrote (a team change, a correction) are not corrected this way.
    system = LogEntry.objects.filter(case=case, kind=LogKind.CONSENT).first()
    assert_problem(client.post(url(case, f"log/{system.pk}/correct/"), {"text": "x"}), 422, "rule")
    assert_problem(client.post(url(case, f"log/{other_entry.pk}/correct/"), {"text": "x"}), 404)
    for method in ("put", "patch", "delete"):
        assert_problem(getattr(client, method)(url(case, f"log/{note.pk}/")), 405)
    assert_problem(client.delete(url(case, "log/")), 405)
    assert written() == before


# --- level and closing -------------------------------------------------------------------------


def test_the_coordinator_changes_the_level(world, case):
    client = api_client(world.teacher)
    body = {"level": 3, "reason": "Mer bekymring.", "version": version(case)}
    add_nurse(world, case)
    assert_problem(api_client(world.nurse).post(url(case, "level/"), body), 404)
    assert_problem(client.post(url(case, "level/"), body, format="json"), 422, "rule")  # stale
    body["version"] = version(case)
    response = client.post(url(case, "level/"), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["level"]["number"] == 3
    before = written()
    assert error_fields(client.post(url(case, "level/"), {"level": 99, "reason": "x"})) == {"level"}
    assert error_fields(client.post(url(case, "level/"), {"level": "tre", "reason": "x"})) == {
        "level"
    }
    response = client.post(url(case, "level/"), {"level": 3, "reason": "x"}, format="json")
    assert_problem(response, 422, "rule")
    assert written() == before


def test_the_coordinator_closes_the_case(world, case):
    client = api_client(world.teacher)
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    assert error_fields(client.post(url(case, "close/"), {"reason": ""})) == {"reason"}
    assert_problem(client.post(url(case, "close/"), {"reason": "Ferdig"}), 422, "rule")
    case_services.handover_reject(handover=handover, rejected_by=world.nurse.user, reason="Nei")
    response = client.post(url(case, "close/"), {"reason": "Målene er nådd."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    # A closed case is still readable, but no longer steered.
    assert client.get(url(case, "log/")).status_code == 200
    assert_problem(client.post(url(case, "close/"), {"reason": "Igjen"}), 404)
    assert_problem(client.post(url(case, "log/"), {"kind": "note", "text": "x"}), 404)


# --- who sees nothing --------------------------------------------------------------------------


def every_endpoint(world, case, *, member, consent, handover, entry):
    """(method, path, body) for every route of the case's relay."""
    team = {"professional": world.ppt_advisor.pk, "service": world.school.pk}
    return [
        ("get", url(case, "team/"), None),
        ("post", url(case, "team/"), team),
        ("post", url(case, f"team/{member.pk}/remove/"), {"reason": "x"}),
        ("get", url(case, "consents/"), None),
        (
            "post",
            url(case, "consents/"),
            {
                "given_by": "guardians",
                "guardians": [world.mother.pk],
                "services": [world.ppt.pk],
                "purpose": "x",
                "valid_from": clock.today().isoformat(),
                "method": "signed_form",
            },
        ),
        ("post", url(case, f"consents/{consent.pk}/withdraw/"), {}),
        ("get", url(case, "lawful-bases/"), None),
        (
            "post",
            url(case, "lawful-bases/"),
            {"kind": "avert_serious_harm", "services": [world.ppt.pk], "justification": "x" * 30},
        ),
        ("get", url(case, "handovers/"), None),
        (
            "post",
            url(case, "handovers/"),
            {"to_professional": world.head_teacher.pk, "to_service": world.school.pk},
        ),
        ("get", f"/api/v1/handovers/{handover.pk}/", None),
        ("post", f"/api/v1/handovers/{handover.pk}/accept/", {}),
        ("post", f"/api/v1/handovers/{handover.pk}/reject/", {"reason": "x"}),
        ("get", url(case, "log/"), None),
        ("post", url(case, "log/"), {"kind": "note", "text": "x"}),
        ("get", url(case, f"log/{entry.pk}/"), None),
        ("post", url(case, f"log/{entry.pk}/correct/"), {"text": "x"}),
        ("post", url(case, "level/"), {"level": 3, "reason": "x"}),
        ("post", url(case, "close/"), {"reason": "x"}),
    ]


def assert_sees_nothing(world, case, professional, **objects):
    client = api_client(professional)
    before = written()
    reads_before = AuditEvent.objects.filter(case_id=case.pk, action="case.read").count()
    for method, path, body in every_endpoint(world, case, **objects):
        response = client.get(path) if method == "get" else client.post(path, body)
        assert_problem(response, 404, "not-found")
        assert world.child.family_name not in response.content.decode(), path
    assert written() == before
    assert AuditEvent.objects.filter(case_id=case.pk, action="case.read").count() == reads_before


@pytest.fixture
def relay(world):
    """A case with separate consents for school, health and PPT, the nurse (health) on the
    team and a log entry."""
    case = world.case(consent_for=(world.school,))
    health = world.consent(case, world.health)
    member = add_nurse(world, case)
    entry = case_services.log_entry_add(case=case, author=world.teacher.user, kind="note", text="x")
    world.consent(case, world.ppt)
    return {"case": case, "health": health, "member": member, "entry": entry}


def test_a_professional_whose_consent_was_withdrawn_gets_404_everywhere(world, relay):
    case = relay["case"]
    pending = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.head_teacher,
        to_service=world.school,
    )
    objects = {
        "member": relay["member"],
        "consent": relay["health"],
        "handover": pending,
        "entry": relay["entry"],
    }
    nurse = api_client(world.nurse)
    assert nurse.get(url(case, "team/")).status_code == 200
    assert nurse.get(f"/api/v1/handovers/{pending.pk}/").status_code == 200
    consent_services.consent_withdraw(consent=relay["health"], withdrawn_by=world.teacher.user)
    assert_sees_nothing(world, case, world.nurse, **objects)


def test_a_rejected_receiver_a_former_member_and_another_municipality_get_404(world, relay):
    case = relay["case"]
    rejected = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.ppt_advisor,
        to_service=world.ppt,
    )
    case_services.handover_reject(
        handover=rejected, rejected_by=world.ppt_advisor.user, reason="Nei"
    )
    case_services.team_member_remove(
        member=relay["member"], removed_by=world.teacher.user, reason="Slutt"
    )
    objects = {
        "member": relay["member"],
        "consent": relay["health"],
        "handover": rejected,
        "entry": relay["entry"],
    }
    for professional in (world.ppt_advisor, world.nurse, build_world().teacher):
        assert_sees_nothing(world, case, professional, **objects)
