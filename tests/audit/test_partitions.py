"""The access log partitioned by month on PostgreSQL (ADR 0013); SQLite keeps one table."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from helhet.audit import partitions
from helhet.audit.services import audit_record
from helhet.core import clock
from tests.factories import MunicipalityFactory, UserFactory

POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not POSTGRES, reason="partitioning is PostgreSQL's"),
]


def _record():
    with transaction.atomic():
        return audit_record(
            actor=UserFactory(),
            action="child.read",
            municipality_id=MunicipalityFactory().pk,
            child_id=1,
        )


def _partition_of(event) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk]
        )
        return cursor.fetchone()[0]


def test_a_new_event_lands_in_its_month():
    event = _record()
    assert _partition_of(event) == partitions.partition_name(event.occurred_at.date())
    assert partitions.default_partition_rows() == 0


def test_partitions_exist_a_year_ahead_and_creating_them_again_is_harmless():
    ahead = clock.now() + datetime.timedelta(days=330)
    assert partitions.ensure_partitions(clock.now(), clock.now()) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [partitions.partition_name(ahead.date())])
        assert cursor.fetchone()[0] is not None


def test_every_partition_is_append_only_too():
    event = _record()
    name = _partition_of(event)
    for statement in (f"DELETE FROM {name}", f"UPDATE {name} SET purpose = 'x'"):  # noqa: S608
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


def test_a_duplicate_sequence_in_a_chain_is_refused_within_a_month():
    event = _record()
    duplicate = r'duplicate key value violates unique constraint "audit_auditevent_\d{6}_chain_seq"'
    with (
        pytest.raises(DatabaseError, match=duplicate),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO audit_auditevent (chain, sequence, occurred_at, actor_role, action, "
            "object_type, object_id, purpose, request_id, prev_hash, hash) "
            "VALUES (%s, %s, %s, '', 'x', '', '', '', '', '', '')",
            [event.chain, event.sequence, event.occurred_at],
        )


def test_the_partitions_command_creates_months_and_reports(capsys):
    call_command("audit", "partitions")
    assert "Created 0 partition(s)" in capsys.readouterr().out
