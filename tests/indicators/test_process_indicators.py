"""The relay's later indicators, counted from what the services wrote: evaluations by their
date, the services in a case's team, sharing on a lawful basis, tasks past their due date and
families' own requests for help. The counted rows (service, month, key, n) are compared whole,
on a fixed calendar so that every date falls in a known month."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from helhet.cases import services as case_services
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.indicators import compute
from helhet.people import nordic_id
from helhet.plans import services as plan_services
from helhet.plans.models import Plan
from helhet.portal.services.help import help_request_submit
from helhet.portal.session import Citizen
from helhet.reminders.models import Task, TaskKind
from helhet.reminders.services import tasks_refresh
from helhet.tenancy.models import LifeArea
from tests.factories import ServiceFactory
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)


def on(monkeypatch, day: datetime.date) -> None:
    """Set the clock to ten in the morning of ``day``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.fixture
def planned(monkeypatch):
    """On 2 March: a case with the school, the health station and PPT in its team, one goal."""
    on(monkeypatch, datetime.date(2026, 3, 2))
    world = build_world()
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    for professional, service in ((world.nurse, world.health), (world.ppt_advisor, world.ppt)):
        case_services.team_member_add(
            case=case, added_by=world.teacher.user, professional=professional, service=service
        )
    plan_services.goal_add(
        case=case,
        added_by=world.teacher.user,
        life_area=LifeArea.objects.get(framework__code="nordic", code="learning"),
        text="Jeg vil gå på skolen hver dag.",
        whose_words="child",
        responsible_service=world.school,
    )
    case.refresh_from_db()
    return world, case


def evaluate(world, case, *, next_due=None):
    case.refresh_from_db()
    return plan_services.evaluation_record(
        case=case,
        recorded_by=world.teacher.user,
        evaluated_on=clock.today(),
        worked="Samtalene hjelper.",
        did_not_work="Morgenene er tunge.",
        next_steps="Fortsette.",
        team_scale=6,
        child_voice="Det går bedre.",
        next_evaluation_due=next_due,
    )


def test_services_per_case_counts_every_service_that_was_in_the_team(planned):
    world, case = planned
    case_services.team_member_remove(
        member=case.team.get(professional=world.nurse, left_at__isnull=True),
        removed_by=world.teacher.user,
        reason="Ferdig med sin del.",
    )
    # The coordinator's school, the health station (who left: still counted) and PPT.
    assert set(compute.services_per_case(world.municipality)) == {(world.school.pk, MARCH, "3", 1)}


def test_evaluations_on_time_late_and_a_date_passed_without_one(planned, monkeypatch):
    world, case = planned
    plan_services.evaluation_schedule(
        case=case, scheduled_by=world.teacher.user, due=datetime.date(2026, 3, 12)
    )
    evaluate(world, case, next_due=datetime.date(2026, 4, 20))  # on 2 March: on time
    assert set(compute.evaluations_on_time(world.municipality)) == {
        (world.school.pk, MARCH, "yes", 1)
    }
    # 1 May: the April date passed with no evaluation, counted in April as not on time.
    on(monkeypatch, datetime.date(2026, 5, 1))
    assert set(compute.evaluations_on_time(world.municipality)) == {
        (world.school.pk, MARCH, "yes", 1),
        (world.school.pk, APRIL, "no", 1),
    }
    # Evaluated now, late: still one "no" for April (the evaluation, no longer the waiting plan).
    evaluate(world, case)
    assert Plan.objects.get(case=case).evaluation_due is None
    assert set(compute.evaluations_on_time(world.municipality)) == {
        (world.school.pk, MARCH, "yes", 1),
        (world.school.pk, APRIL, "no", 1),
    }


def test_a_plan_evaluated_with_no_date_set_is_left_out(planned):
    world, case = planned
    evaluate(world, case)
    assert list(compute.evaluations_on_time(world.municipality)) == []


def test_tasks_done_late_or_still_open_after_their_date_are_overdue(planned, monkeypatch):
    world, case = planned
    plan_services.evaluation_schedule(
        case=case, scheduled_by=world.teacher.user, due=datetime.date(2026, 3, 5)
    )
    tasks_refresh(case=case)
    task = Task.objects.get(kind=TaskKind.EVALUATION_DUE)
    assert task.due_on == datetime.date(2026, 3, 5)
    # Due on the 5th and open on the 5th: not overdue yet, and not counted.
    on(monkeypatch, datetime.date(2026, 3, 5))
    assert list(compute.tasks_overdue(world.municipality)) == []
    on(monkeypatch, datetime.date(2026, 3, 9))
    assert set(compute.tasks_overdue(world.municipality)) == {(world.school.pk, MARCH, "yes", 1)}
    # Done (the evaluation recorded) late: still overdue. A task done in time is not.
    evaluate(world, case, next_due=datetime.date(2026, 4, 2))
    assert Task.objects.get(pk=task.pk).done_at is not None
    on(monkeypatch, datetime.date(2026, 3, 30))
    tasks_refresh(case=case)
    evaluate(world, case)
    assert set(compute.tasks_overdue(world.municipality)) == {
        (world.school.pk, MARCH, "yes", 1),
        (world.school.pk, APRIL, "no", 1),
    }


def test_sharing_on_a_lawful_basis_is_counted_by_its_basis(planned):
    world, case = planned
    consent_services.lawful_basis_record(
        case=case,
        recorded_by=world.teacher.user,
        kind="duty_to_inform_child_welfare",
        services=[world.child_welfare],
        justification="Alvorlig bekymring for omsorgen; meldeplikten gjelder.",
    )
    assert set(compute.lawful_basis_sharing(world.municipality)) == {
        (world.school.pk, MARCH, "duty_to_inform_child_welfare", 1)
    }


def test_help_requests_are_counted_by_who_asked_at_the_service_that_got_them(monkeypatch):
    on(monkeypatch, datetime.date(2026, 3, 2))
    world = build_world()
    family_centre = ServiceFactory(
        municipality=world.municipality, sector=Sector.FAMILY_CENTRE, is_front_door=True
    )
    rng = random.Random(7)
    for name in ("Hilde Hjelp", "Tor Foresatt"):
        parent = Citizen(
            provider="testid",
            country="NO",
            identity_number=nordic_id.synthetic_number("NO", datetime.date(1988, 5, 1), rng),
            name=name,
            acr="idporten-loa-high",
        )
        help_request_submit(
            citizen=parent,
            role="guardian",
            municipality=world.municipality,
            need="Barnet gruer seg til skolen.",
            contact_way="phone",
            phone="+47 922 22 222",
            child_given_name="Mina",
            child_family_name=name.split()[-1],
            child_date_of_birth=datetime.date(2016, 4, 1),
        )
    assert set(compute.help_requests(world.municipality)) == {
        (family_centre.pk, MARCH, "guardian", 2)
    }
