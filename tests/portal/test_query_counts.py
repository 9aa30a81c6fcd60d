"""The portal's pages run as many queries with 20 log entries, goals and meetings as with 2."""

from __future__ import annotations

import datetime

import pytest

from helhet.cases import services as case_services
from helhet.core import clock
from helhet.plans import services as plan_services
from helhet.tenancy.models import LifeArea
from tests.portal.conftest import as_citizen
from tests.portal.world import build_portal_world
from tests.querycount import assert_same_count, queries_of

pytestmark = pytest.mark.django_db

PAGES = ("", "plan/", "meetings/", "log/", "who-looked/", "consent/", "copy.json")


def _grow(family, n: int) -> None:
    case = family.emil_case
    for i in range(n):
        case_services.log_entry_add(
            case=case, author=family.teacher.user, kind="note", text=f"Notat {i}"
        )
        goal = plan_services.goal_add(
            case=case,
            added_by=family.teacher.user,
            life_area=LifeArea.objects.filter(framework__code="nordic").first(),
            text=f"Mål {i}",
            whose_words="child",
            responsible_service=family.school,
        )
        plan_services.measure_add(
            goal=goal,
            added_by=family.teacher.user,
            description=f"Tiltak {i}",
            service=family.school,
            responsible=family.teacher,
            starts_on=clock.today(),
            ends_on=None,
            frequency="Ukentlig",
        )
        plan_services.meeting_plan(
            case=case,
            planned_by=family.teacher.user,
            starts_at=clock.now() + datetime.timedelta(days=2 + i),
            duration_minutes=60,
            place="Skolen",
            video_link="",
            agenda=f"Møte {i}",
            child_takes_part=True,
            guardians=[family.gro],
            professionals=[],
        )


@pytest.mark.parametrize("page", PAGES)
def test_portal_pages_run_as_many_queries_for_20_items_as_for_2(client, persons, page):
    family = build_portal_world(persons)
    as_citizen(client, persons["gro"])
    url = f"/portal/cases/{family.emil_case.pk}/{page}"
    counts, done = {}, 0
    for n in (2, 20):
        _grow(family, n - done)
        done = n
        counts[n] = queries_of(client, url)
    assert_same_count(counts)
