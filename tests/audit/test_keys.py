"""The access log's HMAC key: each event names the key that sealed it, a rotated key starts a
new segment of the same chain, earlier keys still verify earlier events; events from before key
ids verify with any trusted key. And ``audit verify`` over many chains: one process or several."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from helhet.audit import chain
from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from tests.audit.test_chain import _as_administrator, _events
from tests.factories import MunicipalityFactory

OLD, NEW = "o" * 64, "n" * 64


@pytest.mark.django_db
def test_a_rotated_key_starts_a_new_segment_and_the_old_key_still_verifies(settings):
    settings.HELHET_AUDIT_KEY = OLD
    municipality = MunicipalityFactory()
    before = _events(2, municipality)
    settings.HELHET_AUDIT_KEY, settings.HELHET_AUDIT_OLD_KEYS = NEW, [OLD]
    after = _events(2, municipality)
    assert {e.key_id for e in before} == {chain.key_id(OLD.encode())}
    assert {e.key_id for e in after} == {chain.key_id(NEW.encode())}
    assert before[0].key_id != after[0].key_id
    assert after[0].prev_hash == before[-1].hash  # one chain, a new segment
    assert list(verify()) == []
    # Without the old key, its events cannot be verified, and say which key they need.
    settings.HELHET_AUDIT_OLD_KEYS = []
    problems = list(verify())
    assert [(p.sequence, p.kind) for p in problems] == [(1, "altered"), (2, "altered")]
    assert f"sealed with key {before[0].key_id}, which is not configured" in problems[0].detail


@pytest.mark.django_db
def test_an_event_from_before_key_ids_verifies_with_a_trusted_key(settings):
    settings.HELHET_AUDIT_KEY = OLD
    [event] = _events(1)
    values = AuditEvent.objects.filter(pk=event.pk).values(*chain.CONTENT_FIELDS).get()
    legacy = chain.hasher(OLD.encode())(event.prev_hash, values)  # hashed without a key id
    _as_administrator(
        "UPDATE audit_auditevent SET key_id = '', hash = %s WHERE id = %s", [legacy, event.pk]
    )
    _as_administrator(
        "UPDATE audit_auditchain SET last_hash = %s WHERE key = %s", [legacy, event.chain]
    )
    settings.HELHET_AUDIT_KEY, settings.HELHET_AUDIT_OLD_KEYS = NEW, [OLD]
    assert list(verify()) == []
    settings.HELHET_AUDIT_OLD_KEYS = []
    assert [p.detail for p in verify()] == ["content does not match its HMAC"]


@pytest.mark.django_db
def test_verify_counts_the_chains_and_names_only_those_asked_for():
    first, second = _events(2), _events(1)
    out = StringIO()
    call_command("audit", "verify", "--quiet", stdout=out)
    assert "2 chain(s) verified." in out.getvalue()
    out = StringIO()
    call_command("audit", "verify", "--chain", first[0].chain, stdout=out)
    assert "1 chain(s) verified." in out.getvalue()
    out = StringIO()
    call_command("audit", "verify", "--chain", "municipality:0", stdout=out)  # no such chain
    assert "0 chain(s) verified." in out.getvalue()
    assert second  # the other chain was there all along


@pytest.mark.django_db(transaction=True)
def test_verify_in_parallel_finds_the_same_problems():
    if connection.vendor != "postgresql":
        pytest.skip("the workers are processes with their own connections: PostgreSQL's")
    events = [_events(3) for _ in range(4)]
    altered = events[2][1]
    _as_administrator(
        "UPDATE audit_auditevent SET action = 'case.read' WHERE id = %s", [altered.pk]
    )
    alone = [str(p) for p in verify()]
    out = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify", "--jobs", "3", "--quiet", stdout=out)
    assert "4 chain(s) verified." in out.getvalue()
    assert alone == [line for line in out.getvalue().splitlines() if ": altered: " in line]
