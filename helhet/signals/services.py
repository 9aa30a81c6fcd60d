"""Writes of absence data and signals: each takes the actor, checks the policy and records
the access log in the same transaction."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.directory.models import Service
from helhet.people.models import Child
from helhet.signals import rules
from helhet.signals.absence_file import AbsenceFileError, ReadFile, read_absence_file
from helhet.signals.models import (
    AbsenceDay,
    AbsenceImport,
    AbsenceRule,
    Enrolment,
    RuleKind,
    Signal,
    SignalStatus,
)

# Used when a municipality has set no rules of its own (domain.md §3: figures municipalities use).
DEFAULT_RULES = (
    {"kind": RuleKind.DAYS_IN_MONTH, "threshold": 3},
    {"kind": RuleKind.CONSECUTIVE_DAYS, "threshold": 5},
    {"kind": RuleKind.SHARE_OF_PERIOD, "threshold": 10, "period_days": 60},
)


class AbsenceFileRefused(Exception):
    """The file has rows with problems and the importer did not ask to leave them out."""

    def __init__(self, read: ReadFile):
        super().__init__("the file has bad rows")
        self.read = read


@dataclasses.dataclass(frozen=True)
class ImportResult:
    record: AbsenceImport
    read: ReadFile


def absence_rules_ensure(*, municipality) -> list[AbsenceRule]:
    """The municipality's active rules; the default ones are created the first time."""
    if not AbsenceRule.objects.filter(municipality=municipality).exists():
        AbsenceRule.objects.bulk_create(
            [AbsenceRule(municipality=municipality, **rule) for rule in DEFAULT_RULES]
        )
    return list(AbsenceRule.objects.filter(municipality=municipality, is_active=True))


def _pupils(school: Service) -> tuple[dict[str, int], dict[str, int]]:
    """How the school's files may name its pupils: identity numbers of the municipality's
    children, and the school's own pupil ids."""
    national_ids = dict(
        Child.objects.filter(municipality_id=school.municipality_id)
        .exclude(national_id="")
        .values_list("national_id", "pk")
    )
    pupil_ids = dict(
        Enrolment.objects.filter(school=school)
        .exclude(pupil_id="")
        .values_list("pupil_id", "child_id")
    )
    return national_ids, pupil_ids


def absence_import(
    *,
    imported_by,
    school: Service,
    path: Path,
    leave_out_bad_rows: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import one attendance file for one school, then evaluate the rules.

    Idempotent: the file is the school's record for the pupils and days it covers, so a day
    already stored as the file says is left alone, a changed day is changed, and a day of one
    of the file's pupils inside its dates that the file no longer has is removed. Rows with
    problems refuse the whole file (``AbsenceFileRefused``) unless ``leave_out_bad_rows``;
    rows of pupils the school does not know are never guessed: they are counted and listed.
    ``progress(stage)`` is told each stage as it starts (the command's progress bar).
    """
    if not policy.can_import_absence(imported_by, school):
        raise Http404
    step = progress or (lambda _stage: None)
    step("read")
    national_ids, pupil_ids = _pupils(school)
    try:
        read = read_absence_file(
            path,
            today=clock.today(),
            national_ids=national_ids,
            pupil_ids=pupil_ids,
            progress_bar=progress is not None,
        )
    except AbsenceFileError as exc:
        raise ValidationError(str(exc)) from exc
    del national_ids, pupil_ids
    with read:  # the folded days live in DuckDB until here
        if read.bad_rows and not leave_out_bad_rows:
            raise AbsenceFileRefused(read)
        with transaction.atomic():
            step("store")
            added, changed, removed = _store_days(school, read)
            record = AbsenceImport.objects.create(
                school=school,
                imported_by=imported_by,
                file_sha256=_sha256(path),
                first_day=read.first_day,
                last_day=read.last_day,
                rows=read.rows,
                skipped_rows=read.bad_rows,
                unmatched_rows=read.unmatched.count if read.unmatched else 0,
                days_added=added,
                days_changed=changed,
                days_removed=removed,
            )
            step("evaluate")
            record.signals_raised = len(signals_raise(school=school))
            record.save(update_fields=["signals_raised"])
            # Pupils found by identity number the first time are the school's pupils (its own
            # file says so): an enrolment lets the school name their contact teacher.
            enrolled = set(
                Enrolment.objects.filter(school=school).values_list("child_id", flat=True)
            )
            Enrolment.objects.bulk_create(
                [
                    Enrolment(school=school, child_id=pk)
                    for (pk,) in read.con.execute("SELECT DISTINCT child_id FROM days").fetchall()
                    if pk not in enrolled
                ],
                ignore_conflicts=True,
            )
            audit_record(
                actor=imported_by,
                action="absence.import",
                purpose="import absence",
                actor_role="leader",
                municipality_id=school.municipality_id,
                service_id=school.pk,
                obj=record,
            )
    return ImportResult(record, read)


# Rows a batch when days are written through the ORM (SQLite) or fetched from DuckDB.
BATCH = 5000
_DAY_VALUES = ("whole_day", "lessons", "kind")


def _store_days(school: Service, read: ReadFile) -> tuple[int, int, int]:
    """Make the stored days of the file's pupils and dates what the file says; the diff is
    DuckDB's (the stored days are exported to it), the writes are COPY on PostgreSQL and
    batches through the ORM elsewhere. Returns (added, changed, removed)."""
    if not read.day_count:
        return 0, 0, 0
    con = read.con
    folder = Path(read._folder.name)
    stored = folder / "stored.tsv"
    _export_stored(school, read, stored)
    con.execute(
        "CREATE TABLE stored (id BIGINT, child_id BIGINT, d DATE, whole_day BOOLEAN,"
        " lessons INTEGER, kind VARCHAR)"
    )
    if stored.stat().st_size:
        con.execute(
            "INSERT INTO stored SELECT s.* FROM read_csv(?, delim = '\\t', header = false,"
            " quote = '', escape = '', nullstr = '\\N', auto_detect = false, columns = {"
            "'id': 'BIGINT', 'child_id': 'BIGINT', 'd': 'DATE', 'whole_day': 'BOOLEAN',"
            " 'lessons': 'INTEGER', 'kind': 'VARCHAR'}) s"
            " SEMI JOIN (SELECT DISTINCT child_id FROM days) c ON c.child_id = s.child_id",
            [str(stored)],
        )
    stored.unlink()
    con.execute(
        """CREATE TABLE diff AS
           SELECT s.id, f.child_id, f.d, f.school_day, f.whole_day, f.lessons, f.kind,
             CASE WHEN s.id IS NULL THEN 'new' WHEN f.child_id IS NULL THEN 'removed'
                  ELSE 'changed' END AS change
           FROM days f FULL JOIN stored s ON s.child_id = f.child_id AND s.d = f.d
           WHERE s.id IS NULL OR f.child_id IS NULL OR s.whole_day IS DISTINCT FROM f.whole_day
              OR s.lessons IS DISTINCT FROM f.lessons OR s.kind IS DISTINCT FROM f.kind"""
    )
    con.execute("DROP TABLE stored")
    counts = dict(con.execute("SELECT change, count(*) FROM diff GROUP BY change").fetchall())
    added, changed, removed = (counts.get(k, 0) for k in ("new", "changed", "removed"))
    if connection.vendor == "postgresql":
        _write_days_copy(school, con, folder)
    else:
        _write_days_orm(school, con)
    con.execute("DROP TABLE diff")
    return added, changed, removed


def _export_stored(school: Service, read: ReadFile, target: Path) -> None:
    """The school's stored days inside the file's dates, as tab-separated text (COPY's)."""
    table = AbsenceDay._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, target.open("wb") as out:
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
            query = (
                f"COPY (SELECT id, child_id, date, whole_day, lessons, kind FROM {table}"  # noqa: S608
                " WHERE school_id = %s AND date BETWEEN %s AND %s) TO STDOUT"
            )
            with raw.copy(query, (school.pk, read.first_day, read.last_day)) as copy:
                for chunk in copy:
                    out.write(chunk)
        return
    rows = (
        AbsenceDay.objects.filter(school=school, date__gte=read.first_day, date__lte=read.last_day)
        .values_list("id", "child_id", "date", "whole_day", "lessons", "kind")
        .iterator(chunk_size=BATCH)
    )
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerows(
            (pk, child, day.isoformat(), "t" if whole else "f", lessons, kind)
            for pk, child, day, whole, lessons, kind in rows
        )


def _write_days_copy(school: Service, con, folder: Path) -> None:
    """PostgreSQL: new days by COPY, changed and removed ones through temporary tables."""
    table = AbsenceDay._meta.db_table
    selects = {
        "new": f"SELECT {int(school.pk)}, child_id, d, school_day, whole_day, lessons, kind"  # noqa: S608
        " FROM diff WHERE change = 'new' ORDER BY child_id, d",
        "changed": "SELECT id, whole_day, lessons, kind FROM diff WHERE change = 'changed'",
        "removed": "SELECT id FROM diff WHERE change = 'removed'",
    }
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()

        def load(change: str, copy_sql: str) -> None:
            file = folder / f"{change}.csv"
            con.execute(f"COPY ({selects[change]}) TO '{file}' (FORMAT csv, HEADER false)")
            with raw.copy(copy_sql) as copy, file.open("rb") as source:
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
            file.unlink()

        load(
            "new",
            f"COPY {table} (school_id, child_id, date, school_day, whole_day, lessons, kind)"
            " FROM STDIN WITH (FORMAT csv)",
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE absence_changed (id bigint PRIMARY KEY, whole_day boolean,"
            " lessons smallint, kind varchar(20)) ON COMMIT DROP"
        )
        load("changed", "COPY absence_changed FROM STDIN WITH (FORMAT csv)")
        cursor.execute(
            f"UPDATE {table} a SET whole_day = c.whole_day, lessons = c.lessons, kind = c.kind"  # noqa: S608
            " FROM absence_changed c WHERE a.id = c.id"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE absence_removed (id bigint PRIMARY KEY) ON COMMIT DROP"
        )
        load("removed", "COPY absence_removed FROM STDIN WITH (FORMAT csv)")
        cursor.execute(f"DELETE FROM {table} a USING absence_removed r WHERE a.id = r.id")  # noqa: S608
        cursor.execute("DROP TABLE absence_changed, absence_removed")


def _write_days_orm(school: Service, con) -> None:
    """Other databases (SQLite): the same writes in batches through the ORM."""

    def batches(select: str):
        result = con.execute(select)
        while rows := result.fetchmany(BATCH):
            yield rows

    for rows in batches(
        "SELECT child_id, d, school_day, whole_day, lessons, kind FROM diff"
        " WHERE change = 'new' ORDER BY child_id, d"
    ):
        AbsenceDay.objects.bulk_create(
            [
                AbsenceDay(
                    school=school,
                    child_id=child_id,
                    date=day,
                    school_day=school_day,
                    whole_day=whole_day,
                    lessons=lessons,
                    kind=kind,
                )
                for child_id, day, school_day, whole_day, lessons, kind in rows
            ]
        )
    for rows in batches(
        "SELECT id, whole_day, lessons, kind FROM diff WHERE change = 'changed' ORDER BY id"
    ):
        AbsenceDay.objects.bulk_update(
            [
                AbsenceDay(pk=pk, whole_day=whole_day, lessons=lessons, kind=kind)
                for pk, whole_day, lessons, kind in rows
            ],
            list(_DAY_VALUES),
        )
    for rows in batches("SELECT id FROM diff WHERE change = 'removed' ORDER BY id"):
        AbsenceDay.objects.filter(pk__in=[pk for (pk,) in rows]).delete()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def signals_raise(*, school: Service, today: datetime.date | None = None) -> list[Signal]:
    """Evaluate the municipality's rules on the school's absence; return the new signals.

    A pattern already signalled (open, dismissed or taken further) raises nothing again; an
    open signal's facts are brought up to date. In bulk: one read of the rule's signals, one
    insert of the new ones, one update of the changed (a large school has thousands)."""
    today = today or clock.today()
    raised: list[Signal] = []
    for rule in absence_rules_ensure(municipality=school.municipality):
        found = rules.findings(rule, school_id=school.pk, today=today)
        if not found:
            continue
        existing = {
            (signal.child_id, signal.key): signal
            for signal in Signal.objects.filter(school=school, rule=rule).only(
                "pk", "child_id", "key", "status", "facts"
            )
        }
        new, changed = [], []
        for finding in found:
            signal = existing.get((finding.child_id, finding.key))
            if signal is None:
                new.append(
                    Signal(
                        school=school,
                        child_id=finding.child_id,
                        rule=rule,
                        key=finding.key,
                        facts=finding.facts,
                    )
                )
            elif signal.status == SignalStatus.OPEN and signal.facts != finding.facts:
                signal.facts = finding.facts
                changed.append(signal)
        # A concurrent evaluation may have raised the same pattern: the constraint keeps one.
        Signal.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        Signal.objects.bulk_update(changed, ["facts"], batch_size=2000)
        raised += new
    return raised


def signals_raise_all(*, today: datetime.date | None = None) -> int:
    """The scheduler's evaluation: every active school that has absence records."""
    schools = Service.objects.filter(
        is_active=True, pk__in=AbsenceDay.objects.values("school_id")
    ).select_related("municipality")
    return sum(len(signals_raise(school=school, today=today)) for school in schools)


def _record(actor, action: str, signal: Signal) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose="absence signal",
        actor_role=policy.signal_role(actor, signal),
        municipality_id=signal.school.municipality_id,
        service_id=signal.school_id,
        child_id=signal.child_id,
        obj=signal,
    )


def _open_signal(actor, pk: int) -> Signal:
    signal = policy.get_signal_or_404(actor, pk)
    signal = Signal.objects.select_for_update().select_related("school", "child").get(pk=signal.pk)
    if signal.status != SignalStatus.OPEN:
        raise DomainError(_("This signal has been dealt with already."))
    return signal


@transaction.atomic
def signal_dismiss(*, dismissed_by, signal_pk: int, reason: str) -> Signal:
    """Close a signal that needs nothing more, with the reason (kept with the signal)."""
    signal = _open_signal(dismissed_by, signal_pk)
    if not reason.strip():
        raise DomainError(_("Say why the signal needs nothing more."), field="reason")
    signal.status = SignalStatus.DISMISSED
    signal.dismiss_reason = reason.strip()
    signal.closed_by = dismissed_by
    signal.closed_at = timezone.now()
    signal.save(update_fields=["status", "dismiss_reason", "closed_by", "closed_at"])
    _record(dismissed_by, "signal.dismiss", signal)
    return signal


@transaction.atomic
def signal_concern_register(*, registered_by, signal_pk: int, **concern_fields):
    """Turn a signal into a concern of the school, in one step: the concern is registered
    (``concern_register``, with its own rules) and the signal points to it."""
    signal = _open_signal(registered_by, signal_pk)
    concern = case_services.concern_register(
        registered_by=registered_by, service=signal.school, child=signal.child, **concern_fields
    )
    signal.status = SignalStatus.CONCERN
    signal.concern = concern
    signal.closed_by = registered_by
    signal.closed_at = timezone.now()
    signal.save(update_fields=["status", "concern", "closed_by", "closed_at"])
    _record(registered_by, "signal.concern", signal)
    return concern
