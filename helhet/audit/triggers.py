"""Database triggers that make tables append-only, on SQLite and PostgreSQL.

Used by the migrations; tests that must reset the database (and the tamper test, which plays an
administrator bypassing the triggers) switch them off and on through the same functions.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ["audit_auditevent", "cases_logentry", "plans_plansnapshot"]

# A case's log and plan history are deleted with the case when its retention time is over
# (helhet.retention): inside the deleting transaction only, while it holds a row in the permit
# table. The access log itself is never deleted (docs/decisions/0026-deletion-under-a-permit.md).
DELETABLE_UNDER_PERMIT = frozenset({"cases_logentry", "plans_plansnapshot"})
PERMIT_TABLE = "retention_deletionpermit"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION helhet_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'helhet: % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
"""

_PG_PERMIT_FUNCTION = """
CREATE OR REPLACE FUNCTION helhet_append_only_unless_permit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM retention_deletionpermit) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'helhet: % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
"""


def _permits(connection, cursor, table: str) -> bool:
    return table in DELETABLE_UNDER_PERMIT and PERMIT_TABLE in connection.introspection.table_names(
        cursor
    )


def create(connection, tables: list[str] | None = None, *, permit: bool | None = None) -> None:
    """Make ``tables`` append-only on this Django connection (a DatabaseWrapper). ``permit``:
    whether a retention permit lets DELETE through (None: wherever the permit table exists)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            cursor.execute(_PG_PERMIT_FUNCTION)
        for table in tables or APPEND_ONLY_TABLES:
            permits = permit is not False and _permits(connection, cursor, table)
            if connection.vendor == "postgresql":
                function = "helhet_append_only_unless_permit" if permits else "helhet_append_only"
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {function}()"
                )
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION helhet_append_only()"
                )
            elif connection.vendor == "sqlite":
                for op in ("UPDATE", "DELETE"):
                    unless = (
                        "WHEN NOT EXISTS (SELECT 1 FROM retention_deletionpermit) "
                        if permits and op == "DELETE"
                        else ""
                    )
                    cursor.execute(
                        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} {unless}"
                        f"BEGIN SELECT RAISE(ABORT, 'helhet: {table} is append-only "
                        f"({op} refused)'); END"
                    )


def drop(connection, tables: list[str] | None = None) -> None:
    with connection.cursor() as cursor:
        for table in tables or APPEND_ONLY_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            elif connection.vendor == "sqlite":
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")


def renewer(*tables: str):
    """A migration step that puts ``tables``' append-only triggers back: SQLite adds or alters a
    column by copying the table, which loses its triggers (on PostgreSQL they are replaced by the
    same ones). Use it before (for unapplying) and after the step that changes the table."""

    def renew(apps, schema_editor) -> None:
        drop(schema_editor.connection, list(tables))
        create(schema_editor.connection, list(tables))

    return renew
