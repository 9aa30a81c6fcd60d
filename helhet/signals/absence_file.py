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
    """What the file holds. The folded days stay in DuckDB (the table ``days``: child_id, d,
    school_day, whole_day, lessons, kind) until ``close``: millions of them would not fit in
    Python's memory as objects. ``with read:`` closes it."""

    rows: int
    duplicates: int
    problems: list[Problem]
    bad_rows: int
    unmatched: Problem | None
    encoding: str
    day_count: int = 0
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    con: duckdb.DuckDBPyConnection | None = dataclasses.field(default=None, repr=False)
    _folder: tempfile.TemporaryDirectory | None = dataclasses.field(default=None, repr=False)

    @property
    def days(self) -> list[PupilDay]:
        """Every folded day as an object (small files and tests; needs the open connection)."""
        return [
            PupilDay(child_id, d, school_day, whole_day, lessons, kind)
            for child_id, d, school_day, whole_day, lessons, kind in self.con.execute(
                "SELECT child_id, d, school_day, whole_day, lessons, kind FROM days"
                " ORDER BY child_id, d"
            ).fetchall()
        ]

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> ReadFile:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(con, path: Path) -> str:
    """Create ``raw`` (line, the five columns as text) from the file; return the encoding."""
    with path.open("rb") as file:
        magic = file.read(4)
    if magic == b"PAR1":
        # A view: the file is read where it is needed, never copied whole into memory.
        con.execute(f"CREATE VIEW src AS SELECT * FROM read_parquet({_quoted(str(path))})")  # noqa: S608
        offset, encoding = 1, "parquet"  # a Parquet row has no header line
    else:
        encoding = "utf-8"
        try:
            with path.open("r", encoding="utf-8") as text:
                while text.read(1 << 20):
                    pass
        except UnicodeDecodeError:
            encoding = "latin-1"
        con.execute(
            f"CREATE VIEW src AS SELECT * FROM read_csv({_quoted(str(path))}, header = true,"  # noqa: S608
            f" all_varchar = true, encoding = '{encoding}', auto_detect = true)"
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
        f"""CREATE VIEW raw AS SELECT
              row_number() OVER () + {offset - 1} AS line,
              nullif({column("national_id")}, '') AS national_id,
              nullif({column("pupil_id")}, '') AS pupil_id,
              {column("date")} AS date_text,
              nullif({column("lesson")}, '') AS lesson_text,
              lower({column("absence_type")}) AS kind
            FROM src"""  # noqa: S608 (column names come from the file's own header, quoted)
    )
    return encoding


# DuckDB's memory while it reads: past this it spills to its temporary folder on disk.
MEMORY_LIMIT = "512MB"


def _connect(
    *, progress_bar: bool = False
) -> tuple[duckdb.DuckDBPyConnection, tempfile.TemporaryDirectory]:
    folder = tempfile.TemporaryDirectory(prefix="helhet-absence-")
    config = {"memory_limit": MEMORY_LIMIT, "temp_directory": str(Path(folder.name) / "spill")}
    con = duckdb.connect(config=config)
    if progress_bar:  # DuckDB's own bar on the terminal, for the queries that take a while
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = true")
    return con, folder


def _lines(con, rows: str) -> tuple[int, tuple[int, ...]]:
    """How many lines ``rows`` (a FROM clause) has, and the first MAX_LISTED of them."""
    count = con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]  # noqa: S608
    lines = con.execute(f"SELECT line FROM {rows} ORDER BY line LIMIT {MAX_LISTED}").fetchall()  # noqa: S608
    return count, tuple(line for (line,) in lines)


def read_absence_file(
    path: Path,
    *,
    today: datetime.date,
    national_ids: dict[str, int],
    pupil_ids: dict[str, int],
    progress_bar: bool = False,
) -> ReadFile:
    """Check every row, match pupils (``national_ids``/``pupil_ids``: the school's mapping to
    child ids) and fold the good, matched rows into days, kept in DuckDB for the caller (close
    the result). Raises ``AbsenceFileError`` when the file is no attendance export at all.
    ``progress_bar``: DuckDB shows its progress on the terminal (the command's)."""
    con, folder = _connect(progress_bar=progress_bar)
    try:
        read = _read(con, path, today=today, national_ids=national_ids, pupil_ids=pupil_ids)
    except BaseException:
        con.close()
        folder.cleanup()
        raise
    read.con, read._folder = con, folder
    return read


def _read(con, path: Path, *, today, national_ids, pupil_ids) -> ReadFile:
    try:
        encoding = _source(con, path)
        # One pass over the file, the rows typed and numbered (spilled to disk when large).
        con.execute(
            """CREATE TABLE typed AS SELECT line, national_id, pupil_id, kind, lesson_text,
                  try_strptime(date_text, '%Y-%m-%d')::DATE AS d,
                  TRY_CAST(lesson_text AS INTEGER) AS lesson
                FROM raw"""
        )
    except duckdb.Error as exc:
        raise AbsenceFileError(
            _("The file could not be read as CSV or Parquet: %(reason)s")
            % {"reason": str(exc).splitlines()[0][:200]}
        ) from exc
    rows = con.execute("SELECT count(*) FROM typed").fetchone()[0]
    if rows == 0:
        raise AbsenceFileError(_("The file has no rows."))
    _load_mapping(con, national_ids, pupil_ids)
    checks = f"""CASE
        WHEN national_id IS NULL AND pupil_id IS NULL THEN 'no_pupil'
        WHEN d IS NULL THEN 'bad_date'
        WHEN d > DATE '{today.isoformat()}' THEN 'future_date'
        WHEN isodow(d) > 5 THEN 'weekend'
        WHEN lesson_text IS NOT NULL AND (lesson IS NULL OR lesson NOT BETWEEN 1 AND 20)
          THEN 'bad_lesson'
        WHEN kind IS NULL OR kind NOT IN {KINDS} THEN 'bad_type'
      END"""
    keys = ("coalesce(national_id, '')", "coalesce(pupil_id, '')", "d", "coalesce(lesson, 0)")
    # The same pupil, day and lesson twice: one row if alike, a conflict if not.
    con.execute(
        f"""CREATE TABLE conflicts AS SELECT {", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))}
            FROM typed WHERE ({checks}) IS NULL
            GROUP BY ALL HAVING count(DISTINCT kind) > 1"""  # noqa: S608 (constants only)
    )
    con.execute(
        f"""CREATE TABLE checked AS SELECT line, national_id, pupil_id, d, lesson, kind,
              {_SCHOOL_DAY_SQL} AS school_day,
              coalesce({checks}, CASE WHEN c.k0 IS NOT NULL THEN 'conflict' END) AS problem
            FROM typed LEFT JOIN conflicts c
              ON {" AND ".join(f"c.k{i} = {k}" for i, k in enumerate(keys))}"""  # noqa: S608
    )
    con.execute("DROP TABLE typed")
    problems = []
    for (code,) in con.execute(
        "SELECT DISTINCT problem FROM checked WHERE problem IS NOT NULL ORDER BY problem"
    ).fetchall():
        count, lines = _lines(con, f"checked WHERE problem = '{code}'")
        problems.append(Problem(code, count, lines))
    con.execute(
        """CREATE VIEW matched AS SELECT c.*, coalesce(n.child_id, p.child_id) AS child_id
           FROM checked c
           LEFT JOIN by_national_id n ON n.national_id = c.national_id
           LEFT JOIN by_pupil_id p ON p.pupil_id = c.pupil_id
           WHERE c.problem IS NULL"""
    )
    unmatched_count, unmatched_lines = _lines(con, "matched WHERE child_id IS NULL")
    kind_rank = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
    kind_name = " ".join(f"WHEN {i} THEN '{k}'" for i, k in enumerate(KINDS))
    # Lessons 1–20 and the whole day (0) with one of three kinds: distinct rows of a day are
    # bits of one number, so duplicates are counted in the same pass as the days are folded.
    con.execute(
        f"""CREATE TABLE days AS SELECT child_id, d, school_day, whole_day, lessons,
              CASE rank {kind_name} END AS kind, rows, distinct_rows
            FROM (
              SELECT child_id, d, any_value(school_day) AS school_day,
                bool_or(lesson IS NULL) AS whole_day, count(DISTINCT lesson) AS lessons,
                max(CASE kind {kind_rank} END) AS rank, count(*) AS rows,
                count(DISTINCT coalesce(lesson, 0) * 3 + CASE kind {kind_rank} END)
                  AS distinct_rows
              FROM matched WHERE child_id IS NOT NULL GROUP BY child_id, d)"""  # noqa: S608
    )
    con.execute("DROP VIEW matched")
    con.execute("DROP TABLE checked")
    day_count, matched_rows, distinct_rows, first_day, last_day = con.execute(
        "SELECT count(*), coalesce(sum(rows), 0), coalesce(sum(distinct_rows), 0), min(d),"
        " max(d) FROM days"
    ).fetchone()
    return ReadFile(
        rows=rows,
        duplicates=int(matched_rows - distinct_rows),
        problems=problems,
        bad_rows=sum(p.count for p in problems),
        unmatched=(
            Problem("unknown_pupil", unmatched_count, unmatched_lines) if unmatched_count else None
        ),
        encoding=encoding,
        day_count=day_count,
        first_day=first_day,
        last_day=last_day,
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
