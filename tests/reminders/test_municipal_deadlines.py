"""Deadlines from the municipality's jurisdiction profile (helhet/tenancy/models.py), set to
values other than the defaults, so that a date computed from a hard-coded default (or from
another municipality's profile) fails.

* ``concern_decision_days`` (default 14): the concern's decision date, the concern form's
  proposed date, and the decision task (which appears CONCERN_WARNING_DAYS before that date);
* ``handover_reminder_days`` (default 3): the day a pending handover becomes the receiver's task.

Evaluation, meeting-minutes and consent reminders are not in the profile: their warning days are
constants of helhet/reminders/services.py and the evaluation date is the plan's own.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from helhet.cases import services as case_services
from helhet.cases.forms.concerns import ConcernForm
from helhet.cases.models import Handover
from helhet.cases.selectors.concerns import concern_services
from helhet.core import clock
from helhet.reminders import services
from helhet.reminders.models import TaskKind
from helhet.reminders.services import CONCERN_WARNING_DAYS
from helhet.tenancy.models import Municipality
from tests.reminders.conftest import days, open_tasks
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db

DEFAULT_CONCERN_DAYS = Municipality._meta.get_field("concern_decision_days").default
DEFAULT_HANDOVER_DAYS = Municipality._meta.get_field("handover_reminder_days").default


def _profile(world: World, **values) -> World:
    Municipality.objects.filter(pk=world.municipality.pk).update(**values)
    world.municipality.refresh_from_db()
    for professional in (world.teacher, world.nurse):
        professional.municipality.refresh_from_db()
    return world


def test_the_defaults_are_what_these_tests_move_away_from():
    assert (DEFAULT_CONCERN_DAYS, DEFAULT_HANDOVER_DAYS) == (14, 3)


# --- the concern's decision date ---------------------------------------------------------------


def test_a_concern_is_due_after_the_municipalitys_decision_days(world):
    _profile(world, concern_decision_days=7)
    other = build_world()  # the default profile, at the same time
    concern = world.concern()
    elsewhere = other.concern()
    assert concern.decision_due == clock.today() + datetime.timedelta(days=7)
    assert elsewhere.decision_due == clock.today() + datetime.timedelta(days=14)


def test_a_date_given_by_the_professional_wins_over_the_profile(world):
    _profile(world, concern_decision_days=7)
    assert world.concern(decision_due=days(10)).decision_due == days(10)


def test_the_concern_form_proposes_the_municipalitys_date_and_says_so(world):
    _profile(world, concern_decision_days=7)
    form = ConcernForm(
        services=concern_services(professional=world.teacher),
        municipality=world.municipality,
    )
    assert form.fields["decision_due"].initial == clock.today() + datetime.timedelta(days=7)
    assert form.fields["decision_due"].help_text == (
        "Your municipality decides on a concern within 7 days."
    )


def test_the_decision_task_falls_due_on_the_municipalitys_date(world):
    _profile(world, concern_decision_days=7)
    concern = world.concern()
    appears = 7 - CONCERN_WARNING_DAYS
    services.tasks_refresh(today=days(appears - 1))
    assert open_tasks() == []
    services.tasks_refresh(today=days(appears))
    [task] = open_tasks()
    assert (task.kind, task.concern, task.assignee, task.due_on) == (
        TaskKind.CONCERN_DECISION,
        concern,
        world.teacher,
        days(7),
    )


# --- the pending handover -----------------------------------------------------------------------


def _propose(world: World, *, days_ago: int) -> Handover:
    case = world.case(consent_for=(world.school, world.health))
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=days_ago)
    )
    handover.refresh_from_db()
    return handover


def test_a_pending_handover_becomes_a_task_after_the_municipalitys_days(world):
    _profile(world, handover_reminder_days=7)
    handover = _propose(world, days_ago=6)  # past the default 3, not yet 7
    services.tasks_refresh()
    assert open_tasks(kind=TaskKind.HANDOVER_PENDING) == []
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=7)
    )
    handover.refresh_from_db()
    services.tasks_refresh()
    [task] = open_tasks(kind=TaskKind.HANDOVER_PENDING)
    proposed_on = timezone.localdate(handover.proposed_at)
    assert (task.assignee, task.case_id, task.due_on) == (
        world.nurse,
        handover.case_id,
        proposed_on + datetime.timedelta(days=7),
    )


def test_each_municipality_reminds_after_its_own_handover_days(world):
    _profile(world, handover_reminder_days=7)
    other = build_world()  # the default: 3 days
    _propose(world, days_ago=4)
    theirs = _propose(other, days_ago=4)
    services.tasks_refresh()
    [task] = open_tasks(kind=TaskKind.HANDOVER_PENDING)
    assert (task.assignee, task.case_id) == (other.nurse, theirs.case_id)
    assert task.due_on == timezone.localdate(theirs.proposed_at) + datetime.timedelta(days=3)
