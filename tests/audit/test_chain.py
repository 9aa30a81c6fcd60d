"""The access log: append-only in the database, hash-chained, and verifiable."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from helhet.audit import triggers
from helhet.audit.chain import verify
from helhet.audit.models import AuditChain, AuditEvent
from helhet.audit.services import audit_record
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(n: int, municipality=None):
    municipality = municipality or MunicipalityFactory()
    actor = UserFactory()
    with transaction.atomic():
        return [
            audit_record(
                actor=actor,
                action="child.read",
                purpose="test",
                municipality_id=municipality.pk,
                child_id=100 + i,
            )
            for i in range(n)
        ]


def _as_administrator(sql: str, params=()):
    """What an administrator with database rights can do: bypass the triggers."""
    triggers.drop(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.create(connection)


def test_events_are_chained_and_verify_clean():
    events = _events(5)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert list(verify()) == []
    head = AuditChain.objects.get(key=events[0].chain)
    assert (head.last_sequence, head.last_hash) == (5, events[-1].hash)


def test_each_municipality_has_its_own_chain():
    first = _events(2)
    second = _events(3)
    assert first[0].chain != second[0].chain
    assert [e.sequence for e in second] == [1, 2, 3]
    assert list(verify()) == []


@pytest.mark.django_db(transaction=True)
def test_audit_must_be_written_inside_the_transaction():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="child.read")
    assert not AuditEvent.objects.exists()


def test_the_database_refuses_update_and_delete():
    event = _events(1)[0]
    updating = r"audit_auditevent\w* is append-only \(UPDATE refused\)"  # or a partition's
    with pytest.raises(DatabaseError, match=updating), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(purpose="changed")
    deleting = r"audit_auditevent\w* is append-only \(DELETE refused\)"
    with pytest.raises(DatabaseError, match=deleting), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.purpose == "test"


def test_verify_reports_exactly_the_altered_row():
    events = _events(5)
    target = events[2]
    _as_administrator("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["x", target.pk])
    problems = list(verify())
    assert [(p.kind, p.event_id) for p in problems] == [("altered", target.pk)]


def test_verify_reports_a_deleted_row():
    events = _events(5)
    _as_administrator("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    problems = list(verify())
    kinds = {p.kind for p in problems}
    assert "deleted" in kinds
    assert any(p.sequence == 2 for p in problems)


def test_verify_reports_a_deleted_tail():
    events = _events(3)
    _as_administrator("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    problems = list(verify())
    assert [p.kind for p in problems] == ["deleted"]


def test_verify_reports_an_inserted_row():
    events = _events(3)
    forged = events[1]
    _as_administrator(
        "UPDATE audit_auditevent SET sequence = sequence + 1 WHERE sequence >= 3 AND chain = %s",
        [forged.chain],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (chain, sequence, occurred_at, actor_role, action, "
            "object_type, object_id, purpose, request_id, prev_hash, hash) "
            "VALUES (%s, 3, %s, '', 'child.read', '', '', 'forged', '', %s, %s)",
            [forged.chain, forged.occurred_at, forged.hash, "f" * 64],
        )
    problems = list(verify())
    assert any(p.kind == "altered" and p.sequence == 3 for p in problems)


def test_verify_command_exit_status():
    _events(2)
    call_command("audit", "verify")
    event = AuditEvent.objects.first()
    _as_administrator("UPDATE audit_auditevent SET action = 'case.read' WHERE id = %s", [event.pk])
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify")


def test_an_unregistered_action_is_refused_in_strict_mode_and_recorded_with_a_warning_otherwise(
    settings, caplog
):
    municipality = MunicipalityFactory()
    actor = UserFactory()
    with pytest.raises(ValueError, match=r"declared in no app"), transaction.atomic():
        audit_record(actor=actor, action="case.peek", municipality_id=municipality.pk)
    settings.HELHET_AUDIT_STRICT_ACTIONS = False
    with transaction.atomic():
        event = audit_record(actor=actor, action="case.peek", municipality_id=municipality.pk)
    assert AuditEvent.objects.filter(pk=event.pk, action="case.peek").exists()
    assert "case.peek" in caplog.text
