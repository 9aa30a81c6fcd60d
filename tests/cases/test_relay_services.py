"""Service tests for the relay: concern, decision, consent, team, handover, log, close."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ProtectedError

from helhet.access import policy
from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from helhet.cases import services
from helhet.cases.models import Case, ConcernStatus, HandoverStatus, LogEntry, LogKind
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.core.errors import DomainError
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


# --- concerns ---------------------------------------------------------------------------------


def test_concern_gets_the_municipalitys_deadline_and_is_audited(world):
    concern = world.concern()
    assert concern.decision_due == clock.today() + datetime.timedelta(days=14)
    event = AuditEvent.objects.get(action="concern.create")
    assert (event.child_id, event.actor_id) == (world.child.pk, world.teacher.user.pk)


def test_concern_is_visible_only_to_author_and_leaders_of_the_service(world):
    concern = world.concern()
    assert policy.can_view_concern(world.teacher.user, concern)
    assert policy.can_view_concern(world.head_teacher.user, concern)
    for outsider in (world.nurse, world.ppt_advisor, world.cw_worker):
        assert not policy.can_view_concern(outsider.user, concern)
        assert concern not in policy.concerns_visible_to(outsider.user)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("strengths", {"strengths": "  "}),
        ("child_voice", {"child_voice": "", "child_not_asked_reason": ""}),
        ("worry", {"worry": 11}),
        ("decision_due", {"decision_due": datetime.date(2020, 1, 1)}),
    ],
)
def test_concern_bad_input_is_refused_and_nothing_saved(world, field, kwargs):
    with pytest.raises(DomainError) as exc:
        world.concern(**kwargs)
    assert exc.value.field == field
    assert not AuditEvent.objects.filter(action="concern.create").exists()


def test_concern_decided_twice_is_refused(world):
    concern = world.concern()
    services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="closed",
        note="Avklart med foreldrene.",
    )
    with pytest.raises(DomainError, match="already been decided"):
        services.concern_decide(
            concern=concern, decided_by=world.teacher.user, decision="own_service"
        )


def test_report_to_child_welfare_is_visible_to_child_welfare(world):
    concern = world.concern()
    services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="reported",
        report_content="Barnet forteller om vold hjemme.",
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.REPORTED
    assert policy.can_view_concern(world.cw_worker.user, concern)
    assert not policy.can_view_concern(world.nurse.user, concern)


# --- case and consent -------------------------------------------------------------------------


def test_collaboration_opens_a_case_with_the_decider_as_coordinator(world):
    case = world.case()
    assert case.coordinator == world.teacher
    assert case.level.number == 2
    assert policy.can_view_case(world.teacher.user, case)  # before consent: the origin service
    assert not policy.can_view_case(world.nurse.user, case)
    assert list(case.log.values_list("kind", flat=True)) == [LogKind.DECISION]


def test_collaboration_needs_level_two_or_more(world):
    concern = world.concern()
    with pytest.raises(DomainError) as exc:
        services.concern_decide(
            concern=concern,
            decided_by=world.teacher.user,
            decision="collaboration",
            level=world.level(1),
        )
    assert exc.value.field == "level"
    assert not Case.objects.exists()


def test_guardians_must_consent_for_a_child(world):
    case = world.case()
    with pytest.raises(DomainError, match="guardians must consent"):
        consent_services.consent_record(
            case=case,
            recorded_by=world.teacher.user,
            given_by="young_person",
            services=[world.school],
            purpose="x",
            valid_from=clock.today(),
            method="digital",
        )


def test_young_person_consents_from_the_consent_age():
    world = build_world(child_age_years=16)
    case = world.case()
    with pytest.raises(DomainError, match="young person must consent"):
        world.consent(case, world.school)
    consent = consent_services.consent_record(
        case=case,
        recorded_by=world.teacher.user,
        given_by="young_person",
        services=[world.school, world.health],
        purpose="Samarbeid",
        valid_from=clock.today(),
        method="digital",
    )
    assert set(consent.services.all()) == {world.school, world.health}


def test_future_consent_and_oral_without_note_are_refused(world):
    case = world.case()
    with pytest.raises(DomainError) as exc:
        consent_services.consent_record(
            case=case,
            recorded_by=world.teacher.user,
            given_by="guardians",
            guardians=[world.mother],
            services=[world.school],
            purpose="x",
            valid_from=clock.today() + datetime.timedelta(days=3),
            method="signed_form",
        )
    assert exc.value.field == "valid_from"
    with pytest.raises(DomainError) as exc:
        consent_services.consent_record(
            case=case,
            recorded_by=world.teacher.user,
            given_by="guardians",
            guardians=[world.mother],
            services=[world.school],
            purpose="x",
            valid_from=clock.today(),
            method="oral",
        )
    assert exc.value.field == "method_note"


def test_team_needs_consent_and_withdrawal_removes_access_at_once(world):
    case = world.case(consent_for=(world.school, world.health))
    with pytest.raises(DomainError, match="not covered"):
        services.team_member_add(
            case=case,
            added_by=world.teacher.user,
            professional=world.ppt_advisor,
            service=world.ppt,
        )
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    assert policy.can_view_case(world.nurse.user, case)
    assert not policy.can_view_case(world.ppt_advisor.user, case)

    ppt_consent = world.consent(case, world.ppt)
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.ppt_advisor, service=world.ppt
    )
    assert policy.can_view_case(world.ppt_advisor.user, case)

    consent_services.consent_withdraw(
        consent=ppt_consent, withdrawn_by=world.teacher.user, note="Foreldrene trakk samtykket."
    )
    assert not policy.can_view_case(world.ppt_advisor.user, case)
    assert case not in policy.cases_visible_to(world.ppt_advisor.user)
    assert policy.can_view_case(world.nurse.user, case)
    with pytest.raises(DomainError, match="already been withdrawn"):
        consent_services.consent_withdraw(consent=ppt_consent, withdrawn_by=world.teacher.user)


def test_withdrawal_that_strands_the_coordinator_is_refused_whole(world):
    case = world.case()
    school_consent = world.consent(case, world.school)
    world.consent(case, world.health)
    with pytest.raises(DomainError, match="Hand over the coordinator role"):
        consent_services.consent_withdraw(consent=school_consent, withdrawn_by=world.teacher.user)
    school_consent.refresh_from_db()
    assert school_consent.withdrawn_at is None
    assert policy.can_view_case(world.teacher.user, case)


def test_withdrawing_all_consent_closes_the_case(world):
    case = world.case()
    consent = world.consent(case, world.school)
    consent_services.consent_withdraw(consent=consent, withdrawn_by=world.teacher.user)
    case.refresh_from_db()
    assert case.status == "closed"


def test_lawful_basis_shares_without_consent_and_is_flagged(world):
    case = world.case(consent_for=(world.school,))
    consent_services.lawful_basis_record(
        case=case,
        recorded_by=world.teacher.user,
        kind="avert_serious_harm",
        services=[world.child_welfare],
        justification="Akutt fare for barnets helse; foreldrene kan ikke nås i kveld.",
    )
    entry = case.log.get(kind=LogKind.LAWFUL_BASIS)
    assert entry.flagged
    services.team_member_add(
        case=case,
        added_by=world.teacher.user,
        professional=world.cw_worker,
        service=world.child_welfare,
    )
    assert policy.can_view_case(world.cw_worker.user, case)


# --- handover ---------------------------------------------------------------------------------


def test_handover_is_pending_until_accepted(world):
    case = world.case(consent_for=(world.school, world.health))
    handover = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    case.refresh_from_db()
    assert case.coordinator == world.teacher  # still accountable meanwhile
    services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    case.refresh_from_db()
    assert case.coordinator == world.nurse
    assert policy.can_view_case(world.nurse.user, case)
    with pytest.raises(DomainError, match="already been answered"):
        services.handover_accept(handover=handover, accepted_by=world.nurse.user)


def test_handover_outside_consent_is_refused(world):
    case = world.case(consent_for=(world.school,))
    with pytest.raises(DomainError, match="not covered"):
        services.handover_propose(
            case=case,
            proposed_by=world.teacher.user,
            to_professional=world.ppt_advisor,
            to_service=world.ppt,
        )


def test_rejected_handover_keeps_coordinator_and_gives_no_access(world):
    case = world.case(consent_for=(world.school, world.health))
    handover = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    with pytest.raises(DomainError, match="Give the reason for saying no") as refused:
        services.handover_reject(handover=handover, rejected_by=world.nurse.user, reason=" ")
    assert refused.value.field == "reason"
    services.handover_reject(
        handover=handover, rejected_by=world.nurse.user, reason="Har ikke kapasitet nå."
    )
    case.refresh_from_db()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.REJECTED
    assert case.coordinator == world.teacher
    assert not policy.can_view_case(world.nurse.user, case)


def test_only_the_receiver_can_accept(world):
    case = world.case(consent_for=(world.school, world.health))
    handover = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    with pytest.raises(DomainError, match="Only the person"):
        services.handover_accept(handover=handover, accepted_by=world.teacher.user)


def test_cannot_close_with_a_pending_handover(world):
    case = world.case(consent_for=(world.school, world.health))
    services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    with pytest.raises(DomainError, match="handover is waiting"):
        services.case_close(case=case, closed_by=world.teacher.user, reason="Ferdig.")


def test_stale_form_is_refused(world):
    case = world.case(consent_for=(world.school, world.health))
    stale = case.version
    services.case_change_level(
        case=case,
        changed_by=world.teacher.user,
        level=world.level(3),
        reason="Flere tjenester trengs.",
        expected_version=stale,
    )
    with pytest.raises(DomainError, match="Someone else changed the case"):
        services.case_change_level(
            case=case,
            changed_by=world.teacher.user,
            level=world.level(2),
            reason="Tilbake.",
            expected_version=stale,
        )
    case.refresh_from_db()
    assert case.level.number == 3


def test_database_refuses_an_open_case_without_coordinator(world):
    case = world.case()
    # SQLite: "CHECK constraint failed: <name>"; PostgreSQL: "… violates check constraint <name>"
    with pytest.raises(IntegrityError, match="case_open_has_coordinator"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(coordinator=None, coordinator_service=None)


def test_database_allows_one_pending_handover_per_case(world):
    from helhet.cases.models import Handover

    case = world.case(consent_for=(world.school, world.health))
    first = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    # PostgreSQL names the partial unique index; SQLite names its column.
    one_pending = r"handover_one_pending_per_case|UNIQUE constraint failed: cases_handover\.case_id"
    with pytest.raises(IntegrityError, match=one_pending), transaction.atomic():
        Handover.objects.create(
            case=case,
            proposed_by=world.teacher,
            from_professional=world.teacher,
            to_professional=world.head_teacher,
            to_service=world.school,
            proposed_at=first.proposed_at,
        )


# --- log --------------------------------------------------------------------------------------


def test_log_is_append_only_and_corrections_refer_back(world):
    case = world.case(consent_for=(world.school,))
    entry = services.log_entry_add(
        case=case,
        author=world.teacher.user,
        kind="note",
        text="Samtale med eleven.",
        strengths="Motivert for fotball.",
    )
    correction = services.log_entry_correct(
        entry=entry, author=world.teacher.user, text="Samtalen var med eleven og mor."
    )
    assert correction.corrects == entry
    updating = r"cases_logentry is append-only \(UPDATE refused\)"
    with pytest.raises(DatabaseError, match=updating), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(text="endret")
    # The corrected entry is protected by its correction before any SQL is sent; the
    # correction, which nothing refers to, reaches the database, whose trigger refuses it.
    with pytest.raises(ProtectedError, match=r"protected foreign keys: 'LogEntry\.corrects'"):
        LogEntry.objects.filter(pk=entry.pk).delete()
    deleting = r"cases_logentry is append-only \(DELETE refused\)"
    with pytest.raises(DatabaseError, match=deleting), transaction.atomic():
        LogEntry.objects.filter(pk=correction.pk).delete()
    assert list(verify()) == []


def test_report_is_flagged_in_the_childs_open_case(world):
    case = world.case(consent_for=(world.school,))
    concern = world.concern()
    services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="reported",
        report_content="Bekymring for omsorgssituasjonen.",
    )
    entry = case.log.filter(flagged=True).get()
    assert "child welfare" in entry.display_text


def test_guardians_who_consent_take_part_in_the_case(world):
    case = world.case()
    consent_services.consent_record(
        case=case,
        recorded_by=world.teacher.user,
        given_by="guardians",
        guardians=[world.mother],
        services=[world.school],
        purpose="Samarbeid",
        valid_from=clock.today(),
        method="digital",
    )
    assert list(case.guardians.all()) == [world.mother]
