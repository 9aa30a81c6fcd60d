"""Reading a school's attendance export with DuckDB: the rules about rows are SQL, not Python.

A file (CSV or Parquet) has one row per pupil and absence: ``national_id`` and/or ``pupil_id``,
``date`` (YYYY-MM-DD), ``lesson`` (empty for a whole day) and ``absence_type`` (``documented``,
``undocumented``, ``guardian_reported``). DuckDB reads it (tens of millions of rows stream
through its columnar engine), checks every row, matches the pupils to children through a
mapping written beside it, and folds the rows into one row per pupil and day — the only rows
Python sees. CSV in UTF-8 or, from older systems, Latin-1.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import tempfile
from pathlib import Path

import duckdb
from django.utils.translation import gettext_lazy as _

COLUMNS = ("national_id", "pupil_id", "date", "lesson", "absence_type")
KINDS = ("documented", "guardian_reported", "undocumented")  # by weight, lightest first
# Weekdays since Monday 1970-01-05, numbered without the weekends: consecutive school days
# differ by one, Friday to Monday included.
_SCHOOL_DAY_SQL = (
    "(date_diff('day', DATE '1970-01-05', d) // 7) * 5 "
    "+ least(date_diff('day', DATE '1970-01-05', d) % 7, 4)"
)
PROBLEMS = {
    "no_pupil": _("neither an identity number nor a pupil id"),
    "bad_date": _("the date is not a date (YYYY-MM-DD)"),
    "future_date": _("the date is in the future"),
    "weekend": _("the date is a Saturday or Sunday"),
    "bad_lesson": _("the lesson is not a number from 1 to 20"),
    "bad_type": _("the absence type is not documented, undocumented or guardian_reported"),
    "conflict": _("the same pupil, day and lesson appear again with another absence type"),
    "unknown_pupil": _("no pupil of the school has this identity number or pupil id"),
}
MAX_LISTED = 20  # lines listed per problem; the counts are always complete


class AbsenceFileError(Exception):
    """The file cannot be read as an attendance export at all (format, columns, empty)."""


@dataclasses.dataclass(frozen=True)
class Problem:
    code: str
    count: int
    lines: tuple[int, ...]  # the first MAX_LISTED

    @property
    def label(self) -> str:
        return str(PROBLEMS[self.code])


@dataclasses.dataclass(frozen=True)
class PupilDay:
    child_id: int
    date: datetime.date
    school_day: int
    whole_day: bool
    lessons: int
    kind: str


@dataclasses.dataclass
class ReadFile:
    rows: int
    duplicates: int
    problems: list[Problem]
    bad_rows: int
    unmatched: Problem | None
    days: list[PupilDay]
    encoding: str

    @property
    def first_day(self) -> datetime.date | None:
        return min((d.date for d in self.days), default=None)

    @property
    def last_day(self) -> datetime.date | None:
        return max((d.date for d in self.days), default=None)


def _source(con, path: Path) -> str:
    """Create ``raw`` (line, the five columns as text) from the file; return the encoding."""
    if path.read_bytes()[:4] == b"PAR1":
        con.execute("CREATE TABLE src AS SELECT * FROM read_parquet(?)", [str(path)])
        offset, encoding = 1, "parquet"  # a Parquet row has no header line
    else:
        encoding = "utf-8"
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            encoding = "latin-1"
        con.execute(
            "CREATE TABLE src AS SELECT * FROM read_csv(?, header = true, all_varchar = true,"
            " encoding = ?, auto_detect = true)",
            [str(path), encoding],
        )
        offset = 2  # line 1 is the header
    names = {row[0].strip().lower(): row[0] for row in con.execute("DESCRIBE src").fetchall()}
    if (
        "date" not in names
        or "absence_type" not in names
        or not ("national_id" in names or "pupil_id" in names)
    ):
        raise AbsenceFileError(
            _(
                "The file must have the columns date and absence_type, and national_id or "
                "pupil_id (lesson is optional). It has: %(columns)s."
            )
            % {"columns": ", ".join(sorted(names)) or "–"}
        )

    def column(name: str) -> str:
        if name not in names:
            return "NULL"
        return f'trim(CAST("{names[name]}" AS VARCHAR))'

    con.execute(
        f"""CREATE TABLE raw AS SELECT
              row_number() OVER () + {offset - 1} AS line,
              nullif({column("national_id")}, '') AS national_id,
              nullif({column("pupil_id")}, '') AS pupil_id,
              {column("date")} AS date_text,
              nullif({column("lesson")}, '') AS lesson_text,
              lower({column("absence_type")}) AS kind
            FROM src"""  # noqa: S608 (column names come from the file's own header, quoted)
    )
    return encoding


def read_absence_file(
    path: Path, *, today: datetime.date, national_ids: dict[str, int], pupil_ids: dict[str, int]
) -> ReadFile:
    """Check every row, match pupils (``national_ids``/``pupil_ids``: the school's mapping to
    child ids) and fold the good, matched rows into days. Raises ``AbsenceFileError`` when the
    file is no attendance export at all."""
    con = duckdb.connect()
    try:
        try:
            encoding = _source(con, path)
        except duckdb.Error as exc:
            raise AbsenceFileError(
                _("The file could not be read as CSV or Parquet: %(reason)s")
                % {"reason": str(exc).splitlines()[0][:200]}
            ) from exc
        rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        if rows == 0:
            raise AbsenceFileError(_("The file has no rows."))
        _load_mapping(con, national_ids, pupil_ids)
        con.execute(
            f"""CREATE TABLE checked AS
            WITH typed AS (
              SELECT *, try_strptime(date_text, '%Y-%m-%d')::DATE AS d,
                     TRY_CAST(lesson_text AS INTEGER) AS lesson
              FROM raw)
            SELECT *, {_SCHOOL_DAY_SQL} AS school_day,
              CASE
                WHEN national_id IS NULL AND pupil_id IS NULL THEN 'no_pupil'
                WHEN d IS NULL THEN 'bad_date'
                WHEN d > ?::DATE THEN 'future_date'
                WHEN isodow(d) > 5 THEN 'weekend'
                WHEN lesson_text IS NOT NULL AND (lesson IS NULL OR lesson NOT BETWEEN 1 AND 20)
                  THEN 'bad_lesson'
                WHEN kind IS NULL OR kind NOT IN {KINDS} THEN 'bad_type'
              END AS problem
            FROM typed""",  # noqa: S608 (constants only)
            [today.isoformat()],
        )
        # The same pupil, day and lesson twice: one row if alike, a conflict if not.
        con.execute(
            """UPDATE checked SET problem = 'conflict' WHERE problem IS NULL AND line IN (
                 SELECT line FROM (
                   SELECT line, count(DISTINCT kind) OVER (
                     PARTITION BY coalesce(national_id, ''), coalesce(pupil_id, ''), d,
                                  coalesce(lesson, 0)) AS kinds
                   FROM checked WHERE problem IS NULL) WHERE kinds > 1)"""
        )
        problems = [
            Problem(code, count, tuple(lines[:MAX_LISTED]))
            for code, count, lines in con.execute(
                "SELECT problem, count(*), list(line ORDER BY line) FROM checked"
                " WHERE problem IS NOT NULL GROUP BY problem ORDER BY problem"
            ).fetchall()
        ]
        con.execute(
            """CREATE TABLE matched AS SELECT c.*,
                 coalesce(n.child_id, p.child_id) AS child_id
               FROM checked c
               LEFT JOIN by_national_id n ON n.national_id = c.national_id
               LEFT JOIN by_pupil_id p ON p.pupil_id = c.pupil_id
               WHERE c.problem IS NULL"""
        )
        unmatched_count, unmatched_lines = con.execute(
            "SELECT count(*), list(line ORDER BY line) FROM matched WHERE child_id IS NULL"
        ).fetchone()
        distinct_rows = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT child_id, d, lesson, kind FROM matched"
            " WHERE child_id IS NOT NULL)"
        ).fetchone()[0]
        matched_rows = con.execute(
            "SELECT count(*) FROM matched WHERE child_id IS NOT NULL"
        ).fetchone()[0]
        kind_rank = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
        days = [
            PupilDay(child_id, d, school_day, whole_day, lessons, KINDS[rank])
            for child_id, d, school_day, whole_day, lessons, rank in con.execute(
                f"""SELECT child_id, d, any_value(school_day), bool_or(lesson IS NULL),
                      count(DISTINCT lesson), max(CASE kind {kind_rank} END)
                    FROM matched WHERE child_id IS NOT NULL
                    GROUP BY child_id, d ORDER BY child_id, d"""  # noqa: S608 (constants)
            ).fetchall()
        ]
    finally:
        con.close()
    return ReadFile(
        rows=rows,
        duplicates=matched_rows - distinct_rows,
        problems=problems,
        bad_rows=sum(p.count for p in problems),
        unmatched=(
            Problem("unknown_pupil", unmatched_count, tuple((unmatched_lines or [])[:MAX_LISTED]))
            if unmatched_count
            else None
        ),
        days=days,
        encoding=encoding,
    )


def _load_mapping(con, national_ids: dict[str, int], pupil_ids: dict[str, int]) -> None:
    """The school's pupils, as DuckDB tables (written as CSV: fast for many rows)."""
    with tempfile.TemporaryDirectory() as folder:
        for table, key, mapping in (
            ("by_national_id", "national_id", national_ids),
            ("by_pupil_id", "pupil_id", pupil_ids),
        ):
            file = Path(folder) / f"{table}.csv"
            with file.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow([key, "child_id"])
                writer.writerows(mapping.items())
            con.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = true,"  # noqa: S608
                f" columns = {{'{key}': 'VARCHAR', 'child_id': 'BIGINT'}})",
                [str(file)],
            )
