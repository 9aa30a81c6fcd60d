"""The demo school's pupils, their contact teacher and a month of absence, imported as the
school's leader would, so that the teacher's first login shows two absence signals."""

from __future__ import annotations

import tempfile
from pathlib import Path

from helhet.core import clock
from helhet.people.models import Child
from helhet.signals import services as signal_services
from helhet.signals.example_file import example_csv
from helhet.signals.models import Enrolment

PUPILS = 12


def demo_absence(*, municipality, accounts: dict) -> None:
    teacher, principal = accounts.get("laerer"), accounts.get("rektor")
    if not (teacher and principal):
        return
    school = teacher.memberships.get().service
    children = Child.objects.filter(municipality=municipality).order_by("date_of_birth", "pk")
    # Pupils of school age (6–15), the teacher's class.
    today = clock.today()
    pupils = [c for c in children if 6 <= (today - c.date_of_birth).days // 365 <= 15][:PUPILS]
    if len(pupils) < 2:  # a tiny demo: no class to follow
        return
    Enrolment.objects.bulk_create(
        [
            Enrolment(school=school, child=child, pupil_id=f"E{1000 + i}", contact_teacher=teacher)
            for i, child in enumerate(pupils)
        ],
        ignore_conflicts=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fravaer.csv"
        path.write_text(example_csv(school, today=today), encoding="utf-8")
        signal_services.absence_import(imported_by=principal.user, school=school, path=path)
