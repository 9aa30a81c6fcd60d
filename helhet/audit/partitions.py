"""The access log partitioned by month (PostgreSQL; SQLite keeps one table).

Why: the access log is the largest table by far (20 million events for Norway's 100,000 cases)
and it only grows. Monthly partitions keep each index small, let reads that name a time range
touch only their months, and let retention archive or drop a whole month at once instead of a
long DELETE (see docs/decisions/0013-audit-partitioned-by-month.md).

A default partition catches any event outside the months created so far, so a missing partition
never stops the service; ``ensure_partitions`` creates months ahead of time (the migration, the
scale seed and every run of ``helhet reminders`` call it) so the default normally stays empty.
"""

from __future__ import annotations

import datetime

from django.db import connection as default_connection

TABLE = "audit_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 12


def _month(moment: datetime.date) -> datetime.date:
    return datetime.date(moment.year, moment.month, 1)


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partition_name(month: datetime.date) -> str:
    return f"{TABLE}_{month:%Y%m}"


def _create(cursor, name: str, bounds: str) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} {bounds}")
    # A unique index on the parent would have to include the partition key; per month, a chain's
    # sequence numbers are unique, and the chain head's row lock orders every append.
    cursor.execute(
        f"CREATE UNIQUE INDEX IF NOT EXISTS {name}_chain_seq ON {name} (chain, sequence)"
    )


def is_partitioned(connection=default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE])
        return cursor.fetchone() is not None


def ensure_partitions(
    start: datetime.datetime | datetime.date,
    end: datetime.datetime | datetime.date,
    *,
    connection=default_connection,
) -> list[str]:
    """Create the monthly partitions from ``start``'s month to ``MONTHS_AHEAD`` after ``end``'s
    (UTC months). Idempotent; returns the names of those it created."""
    if not is_partitioned(connection):
        return []
    month, last = _month(start), _month(end)
    for _ in range(MONTHS_AHEAD):
        last = _next_month(last)
    created = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        existing = {row[0] for row in cursor.fetchall()}
        while month <= last:
            name = partition_name(month)
            if name not in existing:
                _create(
                    cursor,
                    name,
                    f"FOR VALUES FROM ('{month.isoformat()} 00:00+00') "
                    f"TO ('{_next_month(month).isoformat()} 00:00+00')",
                )
                created.append(name)
            month = _next_month(month)
    return created


def default_partition_rows(connection=default_connection) -> int:
    """Events that fell outside every monthly partition: should be none (see module doc)."""
    if not is_partitioned(connection):
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DEFAULT_PARTITION}")
        return cursor.fetchone()[0]


def partition(connection) -> None:
    """Turn the plain table into a partitioned one, keeping every event (the migration)."""
    from helhet.audit import triggers

    triggers.drop(connection, [TABLE])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_plain")
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {TABLE}_plain INCLUDING DEFAULTS) "
            "PARTITION BY RANGE (occurred_at)"
        )
        # PostgreSQL 15 has no identity columns on partitioned tables: a sequence it owns.
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_monthly_seq OWNED BY {TABLE}.id")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_monthly_seq')"
        )
        _create(cursor, DEFAULT_PARTITION, "DEFAULT")
        cursor.execute(f"SELECT min(occurred_at) FROM {TABLE}_plain")
        oldest = cursor.fetchone()[0]
    now = datetime.datetime.now(datetime.UTC)
    ensure_partitions(oldest or now, now, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_plain")
        cursor.execute(
            f"SELECT setval('{TABLE}_id_monthly_seq', (SELECT COALESCE(max(id), 0) + 1 "
            f"FROM {TABLE}), false)"
        )
        cursor.execute(f"DROP TABLE {TABLE}_plain")
        # Added after the old table is gone, so it gets Django's usual name.
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id, occurred_at)")
    triggers.create(connection, [TABLE])
