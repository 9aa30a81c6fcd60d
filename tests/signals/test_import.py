"""Importing a school's attendance file with DuckDB: matching, refusals with line numbers,
idempotent re-imports, and the rules that raise signals."""

from __future__ import annotations

import datetime

import duckdb
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.signals import services
from helhet.signals.models import AbsenceDay, AbsenceImport, Enrolment, RuleKind, Signal
from tests.factories import ChildFactory
from tests.signals.conftest import school_days_back


def _import(school, path, **kwargs):
    return services.absence_import(
        imported_by=school.world.head_teacher.user, school=school.world.school, path=path, **kwargs
    )


def test_pupils_are_matched_by_pupil_id_and_identity_number_and_days_are_folded(school):
    days = school_days_back(2)
    rows = school.days_off(school.pupil, days) + school.days_off(school.other, days[:1])
    # Three lessons on one day fold into one day of three lessons.
    rows += [["", "P-1", days[0].isoformat(), str(n), "documented"] for n in (1, 2, 3)]
    result = _import(school, school.file(rows))
    stored = {
        (d.child_id, d.date): (d.whole_day, d.lessons, d.kind) for d in AbsenceDay.objects.all()
    }
    assert stored == {
        (school.pupil.pk, days[0]): (True, 3, "undocumented"),  # the heaviest kind counts
        (school.pupil.pk, days[1]): (True, 0, "undocumented"),
        (school.other.pk, days[0]): (True, 0, "undocumented"),
    }
    assert result.record.rows == 6
    assert result.record.days_added == 3
    event = AuditEvent.objects.get(action="absence.import")
    assert event.service_id == school.world.school.pk


def test_the_same_file_again_changes_nothing_and_a_newer_one_replaces_its_days(school):
    days = school_days_back(3)
    path = school.file(school.days_off(school.pupil, days))
    _import(school, path)
    first_ids = set(AbsenceDay.objects.values_list("pk", flat=True))
    again = _import(school, path)
    assert (again.record.days_added, again.record.days_changed, again.record.days_removed) == (
        0,
        0,
        0,
    )
    assert set(AbsenceDay.objects.values_list("pk", flat=True)) == first_ids
    # The school corrected its record: the middle day was no absence, the last documented.
    newer = school.file(
        school.days_off(school.pupil, days[:1])
        + school.days_off(school.pupil, days[2:], "documented"),
        name="newer.csv",
    )
    result = _import(school, newer)
    assert (result.record.days_added, result.record.days_changed, result.record.days_removed) == (
        0,
        1,
        1,
    )
    assert dict(AbsenceDay.objects.values_list("date", "kind")) == {
        days[0]: "undocumented",
        days[2]: "documented",
    }
    assert Signal.objects.count() == 0  # three days raise nothing under the default rules


def test_bad_rows_refuse_the_whole_file_with_their_lines(school):
    good = school.days_off(school.pupil, school_days_back(1))
    future = clock.today() + datetime.timedelta(days=7)
    saturday = clock.today() - datetime.timedelta(days=(clock.today().weekday() - 5) % 7 or 7)
    rows = [
        *good,
        ["", "", school_days_back(1)[0].isoformat(), "", "undocumented"],  # line 3
        ["", "P-1", "03.11.2026", "", "undocumented"],  # line 4
        ["", "P-1", future.isoformat(), "", "undocumented"],  # line 5
        ["", "P-1", saturday.isoformat(), "", "undocumented"],  # line 6
        ["", "P-1", school_days_back(1)[0].isoformat(), "x", "undocumented"],  # line 7
        ["", "P-1", school_days_back(1)[0].isoformat(), "", "sick"],  # line 8
    ]
    with pytest.raises(services.AbsenceFileRefused) as refused:
        _import(school, school.file(rows))
    problems = {p.code: p.lines for p in refused.value.read.problems}
    assert problems == {
        "no_pupil": (3,),
        "bad_date": (4,),
        "future_date": (5,),
        "weekend": (6,),
        "bad_lesson": (7,),
        "bad_type": (8,),
    }
    assert not AbsenceDay.objects.exists() and not AbsenceImport.objects.exists()
    # Asked to leave them out, the good row is imported.
    result = _import(school, school.file(rows), leave_out_bad_rows=True)
    assert result.record.skipped_rows == 6
    assert AbsenceDay.objects.count() == 1


def test_an_unknown_pupil_is_reported_never_guessed(school):
    stranger = ChildFactory(municipality=school.world.municipality)  # not in the file's terms
    rows = [
        *school.days_off(school.pupil, school_days_back(1)),
        ["", "P-404", school_days_back(1)[0].isoformat(), "", "undocumented"],
    ]
    result = _import(school, school.file(rows))
    assert result.read.unmatched.lines == (3,)
    assert result.record.unmatched_rows == 1
    assert not AbsenceDay.objects.filter(child=stranger).exists()


@pytest.mark.parametrize(
    "header",
    [["pupil", "day", "type"], []],
    ids=["wrong columns", "empty file"],
)
def test_a_file_that_is_no_attendance_export_is_refused_with_a_message(school, header):
    path = school.tmp / "bad.csv"
    path.write_text(",".join(header) + ("\n1,2026-11-02,x\n" if header else ""))
    with pytest.raises(ValidationError) as refused:
        _import(school, path)
    assert ("must have the columns" in refused.value.messages[0]) or (
        "could not be read" in refused.value.messages[0]
    )


def test_latin_1_and_parquet_files_are_read_too(school):
    days = school_days_back(2)
    ascii_only = school.file(school.days_off(school.pupil, days[:1]))
    assert _import(school, ascii_only).read.encoding == "utf-8"
    with_letters = school.tmp / "skole.csv"
    with_letters.write_bytes(
        b"national_id,pupil_id,date,lesson,absence_type,merknad\n"
        + f",P-1,{days[1].isoformat()},,guardian_reported,Fravær meldt av mor\n".encode("latin-1")
    )
    result = _import(school, with_letters)
    assert result.read.encoding == "latin-1"
    assert AbsenceDay.objects.get(date=days[1]).kind == "guardian_reported"
    parquet = school.tmp / "absence.parquet"
    duckdb.read_csv(str(ascii_only), all_varchar=True).write_parquet(str(parquet))
    assert _import(school, parquet).read.encoding == "parquet"


def test_only_a_leader_of_the_school_imports(school):
    with pytest.raises(Http404):
        services.absence_import(
            imported_by=school.world.teacher.user,
            school=school.world.school,
            path=school.file([]),
        )


def test_a_pupil_found_by_identity_number_gets_an_enrolment(school):
    newcomer = ChildFactory(municipality=school.world.municipality, national_id="")
    Enrolment.objects.filter(child=school.other).delete()
    _import(school, school.file(school.days_off(school.other, school_days_back(1))))
    assert Enrolment.objects.filter(school=school.world.school, child=school.other).exists()
    assert not Enrolment.objects.filter(child=newcomer).exists()


# --- the rules ---------------------------------------------------------------------------------


def test_five_school_days_in_a_row_over_a_weekend_raise_one_signal(school):
    # The Monday two weeks back: the run (Wed … next Tue) is over before today on any weekday
    # (a week back, on a Monday its last two days were today and tomorrow: refused as future).
    monday = clock.today() - datetime.timedelta(days=clock.today().weekday() + 14)
    run = [monday + datetime.timedelta(days=n) for n in (2, 3, 4, 7, 8)]  # Wed … next Tue
    result = _import(school, school.file(school.days_off(school.pupil, run, "documented")))
    signal = Signal.objects.get(rule__kind=RuleKind.CONSECUTIVE_DAYS)
    assert signal.facts == {
        "from": run[0].isoformat(),
        "to": run[-1].isoformat(),
        "days": 5,
        "threshold": 5,
    }
    assert signal.child == school.pupil and signal.school == school.world.school
    assert result.record.signals_raised == Signal.objects.count()
    assert services.signals_raise(school=school.world.school) == []  # nothing twice


def test_undocumented_absence_weighs_more_in_a_month(school):
    rule = services.absence_rules_ensure(municipality=school.world.municipality)
    month_rule = next(r for r in rule if r.kind == RuleKind.DAYS_IN_MONTH)
    first = clock.today().replace(day=1)
    days = [d for d in school_days_back(40) if d >= first][:3]
    if len(days) < 3:  # early in the month: the previous month's days
        days = [d for d in school_days_back(40) if d < first][-3:]
    # Three days are not more than three; weighted 1.5 each they are.
    _import(school, school.file(school.days_off(school.pupil, days, "documented")))
    assert not Signal.objects.filter(rule=month_rule).exists()
    month_rule.undocumented_weight = 1.5
    month_rule.save()
    _import(school, school.file(school.days_off(school.pupil, days, "undocumented")))
    signal = Signal.objects.get(rule=month_rule)
    assert signal.facts["days"] == "4.5"
    assert signal.key == days[0].strftime("%Y-%m")


def test_a_share_of_the_period_counts_school_days_only(school):
    rules = services.absence_rules_ensure(municipality=school.world.municipality)
    share = next(r for r in rules if r.kind == RuleKind.SHARE_OF_PERIOD)
    share.period_days = 14
    share.threshold = 15
    share.save()
    days = school_days_back(10)[-2:]  # 2 of the 10 or 11 school days in 14 days: 18–20 %
    _import(school, school.file(school.days_off(school.other, days, "guardian_reported")))
    signal = Signal.objects.get(rule=share)
    assert signal.facts["school_days"] == services.rules.school_days_between(
        clock.today() - datetime.timedelta(days=13), clock.today()
    )
    assert signal.child == school.other


def test_the_command_shows_its_progress_and_refuses_bad_rows_with_their_lines(
    school, capsys, monkeypatch
):
    from django.core.management import CommandError, call_command

    # A Friday whose five school days before it fall two in November and three in December:
    # a run of five and a share of the period, but no month above its rule's threshold (the
    # count of signals depended on the day the suite ran).
    friday = timezone.make_aware(datetime.datetime(2026, 12, 4, 10))  # noqa: DTZ001 (made aware)
    monkeypatch.setattr(clock, "now", lambda: friday)
    days = school.days_off(school.pupil, school_days_back(5))
    leader = school.world.head_teacher.user.email
    args = ["absence", "import", "--school", str(school.world.school.pk), "--by", leader]
    call_command(*args[:2], str(school.file(days)), *args[2:])
    out, err = capsys.readouterr()
    assert "days added 5" in out and "new signals 2" in out
    assert "evaluate the rules" in err and "3/3" in err  # the bar reached its last stage
    bad = [*days, ["", "P-1", "03.11.2026", "", "undocumented"]]
    with pytest.raises(CommandError, match=r"(?s)Nothing was imported.*lines 7"):
        call_command(*args[:2], str(school.file(bad)), *args[2:])
    call_command(*args[:2], str(school.file(days)), *args[2:], "--quiet")
    out, err = capsys.readouterr()
    assert "days added 0" in out and "evaluate" not in err


def test_a_rule_for_one_school_level_is_for_its_pupils_only(school):
    from helhet.signals.models import AbsenceRule, SchoolLevel
    from helhet.signals.rules import school_year_start

    start = school_year_start(clock.today())
    # The pupil turns 14 this school year (lower secondary); the other pupil turns 9 (primary).
    school.pupil.date_of_birth = school.pupil.date_of_birth.replace(year=start - 14)
    school.pupil.save(update_fields=["date_of_birth"])
    school.other.date_of_birth = school.other.date_of_birth.replace(year=start - 9)
    school.other.save(update_fields=["date_of_birth"])
    AbsenceRule.objects.filter(municipality=school.world.municipality).delete()
    AbsenceRule.objects.create(
        municipality=school.world.municipality,
        kind=RuleKind.CONSECUTIVE_DAYS,
        threshold=5,
        school_level=SchoolLevel.LOWER_SECONDARY,
    )
    days = school_days_back(5)
    _import(
        school,
        school.file(school.days_off(school.pupil, days) + school.days_off(school.other, days)),
    )
    assert list(Signal.objects.values_list("child", flat=True)) == [school.pupil.pk]
