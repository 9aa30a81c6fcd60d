"""A month of synthetic attendance for a school's enrolled pupils, as its administration system
would export it: the demo imports it, and the upload page offers it in the demo. Two pupils'
absence matches the default rules (a run of five school days; five single days in the month);
the others have a lesson or a documented day here and there."""

from __future__ import annotations

import csv
import datetime
import io
import random

from helhet.signals.absence_file import COLUMNS
from helhet.signals.models import Enrolment

SCHOOL_DAYS = 20  # about a month


def _school_days(today: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], today
    while len(days) < count:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def example_rows(school, *, today: datetime.date, seed: int = 24) -> list[dict]:
    """Rows for the school's pupils that have a pupil id (in pupil id order)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not security)
    pupils = list(
        Enrolment.objects.filter(school=school)
        .exclude(pupil_id="")
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
    )
    days = _school_days(today, SCHOOL_DAYS)
    rows: list[dict] = []

    def add(pupil: str, day: datetime.date, kind: str, lesson: int | None = None) -> None:
        rows.append(
            {
                "national_id": "",
                "pupil_id": pupil,
                "date": day.isoformat(),
                "lesson": "" if lesson is None else str(lesson),
                "absence_type": kind,
            }
        )

    for index, pupil in enumerate(pupils):
        if index == 0:  # five school days in a row, nobody told the school
            for day in days[-8:-3]:
                add(pupil, day, "undocumented")
        elif index == 1:  # single days, mostly Mondays and Fridays
            singles = [d for d in days if d.weekday() in (0, 4)][-5:]
            for day in singles:
                add(pupil, day, rng.choice(["undocumented", "guardian_reported"]))
        else:
            for day in rng.sample(days, k=rng.randint(0, 2)):
                if rng.random() < 0.5:
                    add(pupil, day, "documented")
                else:
                    add(pupil, day, "guardian_reported", lesson=rng.randint(1, 6))
    return rows


def example_csv(school, *, today: datetime.date) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(example_rows(school, today=today))
    return out.getvalue()
