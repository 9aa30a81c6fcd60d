"""Database triggers that make tables append-only, on SQLite and PostgreSQL.

Used by the migrations; tests that must reset the database (and the tamper test, which plays an
administrator bypassing the triggers) switch them off and on through the same functions.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ["audit_auditevent", "cases_logentry", "plans_plansnapshot"]

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION helhet_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'helhet: % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
"""


def create(connection, tables: list[str] | None = None) -> None:
    """Make ``tables`` append-only on this Django connection (a DatabaseWrapper)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in tables or APPEND_ONLY_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION helhet_append_only()"
                )
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION helhet_append_only()"
                )
            elif connection.vendor == "sqlite":
                for op in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
                        f"SELECT RAISE(ABORT, 'helhet: {table} is append-only ({op} refused)'); END"
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
