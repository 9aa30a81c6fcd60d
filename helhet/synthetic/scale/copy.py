"""Bulk loading into PostgreSQL with COPY, for the scale seed.

Rows are generated as dicts keyed by the model's attribute names and spooled to one text file per
table (so memory stays flat however large the dataset), then streamed to ``COPY ... FROM STDIN``.
Ids are allocated here, above the table's current maximum, so rows can refer to each other before
they are loaded; sequences are moved past them afterwards.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Callable

from django.db import connection, models

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    kind = type(value)
    if kind is str:
        # Most generated strings need no escaping; checking is cheaper than translating.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


class Spool:
    """One table's rows in COPY text format, on disk until loaded."""

    def __init__(self, model: type[models.Model], directory: str):
        self.table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.columns = [f.attname for f in fields]
        self.db_columns = [f.column for f in fields]
        self.defaults: dict[str, object] = {}
        for field in fields:
            if field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                self.defaults[field.attname] = ""
        fd, self.path = tempfile.mkstemp(prefix=f"{self.table}.", suffix=".copy", dir=directory)
        self.file = os.fdopen(fd, "w", encoding="utf-8", buffering=1 << 20)
        self.rows = 0

    def add(self, row: dict) -> None:
        defaults = self.defaults
        self.file.write(
            "\t".join(_text(row[name] if name in row else defaults[name]) for name in self.columns)
        )
        self.file.write("\n")
        self.rows += 1

    def close(self) -> None:
        """Finish writing (a worker hands the spool to the parent, which loads it)."""
        if self.file is not None:
            self.file.close()
            self.file = None

    def load(self, on_bytes: Callable[[int], None] | None = None) -> None:
        self.close()
        columns = ", ".join(connection.ops.quote_name(name) for name in self.db_columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
            with (
                raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy,
                open(self.path, "rb") as source,
            ):
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
                    if on_bytes:
                        on_bytes(len(chunk))
        os.unlink(self.path)

    @property
    def size(self) -> int:
        if self.file is not None:
            self.file.flush()
        return os.path.getsize(self.path)


class Ids:
    """Allocates ids above each table's current maximum.

    ``start``/``stride``: a worker process of a parallel seed takes every ``stride``-th id from
    its own start (worker k of n starts at maximum + 1 + k), so workers never collide and never
    ask the database (the connection belongs to the parent)."""

    def __init__(self, start: dict[str, int] | None = None, stride: int = 1):
        self.next: dict[str, int] = dict(start or {})
        self.stride = stride
        self.strict = start is not None

    @staticmethod
    def maxima(models_: list[type[models.Model]]) -> dict[str, int]:
        """Each table's current maximum id (for the workers' starts)."""
        found = {}
        with connection.cursor() as cursor:
            for model in models_:
                table = model._meta.db_table
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                found[table] = cursor.fetchone()[0]
        return found

    def take(self, model: type[models.Model]) -> int:
        table = model._meta.db_table
        if table not in self.next:
            if self.strict:
                raise KeyError(f"no id range for {table} in this worker")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.next[table] = cursor.fetchone()[0] + 1
        value = self.next[table]
        self.next[table] = value + self.stride
        return value

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for table in self.next:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of the indexes that back no constraint: safe to drop and rebuild."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = %s AND t.relnamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
              AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.oid)
            """,
            [table],
        )
        return list(cursor.fetchall())


def drop_indexes(indexes: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_indexes(indexes: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            # A partitioned table's index is reported "ON ONLY parent", which would create an
            # invalid index on the parent alone; without ONLY it is built on every partition.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
