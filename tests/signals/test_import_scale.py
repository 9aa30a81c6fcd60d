"""The import's paths for large files: the diff in DuckDB, writes in batches (the ORM) or by
COPY (PostgreSQL), conflicts and duplicates counted in the fold, the days kept in DuckDB."""

from __future__ import annotations

import pytest

from helhet.core import clock
from helhet.signals import absence_file, services
from helhet.signals.models import AbsenceDay
from tests.signals.conftest import school_days_back


def _import(school, path, **kwargs):
    return services.absence_import(
        imported_by=school.world.head_teacher.user, school=school.world.school, path=path, **kwargs
    )


def _stored(school) -> dict:
    return {
        (d.child_id, d.date): (d.whole_day, d.lessons, d.kind)
        for d in AbsenceDay.objects.filter(school=school.world.school)
    }


def test_added_changed_and_removed_days_in_batches(school, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)  # several batches on the ORM's path
    days = school_days_back(7)
    first = school.days_off(school.pupil, days) + school.days_off(school.other, days[:3])
    result = _import(school, school.file(first))
    assert result.record.days_added == 10
    ids = dict(AbsenceDay.objects.values_list("date", "pk").filter(child=school.pupil))
    # Three days change, one goes; the other pupil's days are left as they were.
    second = (
        school.days_off(school.pupil, days[:2])
        + school.days_off(school.pupil, days[2:4], "documented")
        + [["", "P-1", days[5].isoformat(), "2", "undocumented"]]
        + school.days_off(school.pupil, days[6:])
        + school.days_off(school.other, days[:3])
    )
    result = _import(school, school.file(second, name="second.csv"))
    record = result.record
    assert (record.days_added, record.days_changed, record.days_removed) == (0, 3, 1)
    stored = _stored(school)
    assert stored[(school.pupil.pk, days[2])] == (True, 0, "documented")
    assert stored[(school.pupil.pk, days[5])] == (False, 1, "undocumented")
    assert (school.pupil.pk, days[4]) not in stored
    assert len(stored) == 9
    # Changed days keep their rows.
    assert AbsenceDay.objects.get(child=school.pupil, date=days[2]).pk == ids[days[2]]
    assert _import(school, school.file(second, name="second.csv")).record.days_changed == 0


def test_a_conflict_is_a_bad_row_and_a_duplicate_is_one_row(school):
    day, other_day = school_days_back(2)
    rows = [
        ["", "P-1", day.isoformat(), "1", "documented"],  # line 2
        ["", "P-1", day.isoformat(), "1", "undocumented"],  # line 3: the same lesson, another type
        ["", "P-1", day.isoformat(), "2", "documented"],  # line 4: fine
        ["", "P-1", other_day.isoformat(), "", "documented"],
        ["", "P-1", other_day.isoformat(), "", "documented"],  # the same row again
    ]
    with pytest.raises(services.AbsenceFileRefused) as refused:
        _import(school, school.file(rows))
    assert [(p.code, p.count, p.lines) for p in refused.value.read.problems] == [
        ("conflict", 2, (2, 3))
    ]
    result = _import(school, school.file(rows), leave_out_bad_rows=True)
    assert result.read.duplicates == 1
    assert result.record.skipped_rows == 2
    assert _stored(school) == {
        (school.pupil.pk, day): (False, 1, "documented"),
        (school.pupil.pk, other_day): (True, 0, "documented"),
    }


def test_the_read_file_keeps_its_days_in_duckdb_until_closed(school):
    days = school_days_back(2)
    path = school.file(school.days_off(school.pupil, days) + school.days_off(school.other, days))
    national_ids, pupil_ids = services._pupils(school.world.school)
    with absence_file.read_absence_file(
        path, today=clock.today(), national_ids=national_ids, pupil_ids=pupil_ids
    ) as read:
        assert (read.day_count, read.first_day, read.last_day) == (4, days[0], days[1])
        assert [(d.child_id, d.date) for d in read.days] == sorted(
            (child.pk, d) for child in (school.pupil, school.other) for d in days
        )
    assert read.con is None


def test_many_lines_with_a_problem_list_the_first_twenty(school):
    day = school_days_back(1)[0]
    rows = [["", "P-1", day.isoformat(), "", "sick"]] * 30
    with pytest.raises(services.AbsenceFileRefused) as refused:
        _import(school, school.file(rows))
    (problem,) = refused.value.read.problems
    assert problem.count == 30
    assert problem.lines == tuple(range(2, 22))
