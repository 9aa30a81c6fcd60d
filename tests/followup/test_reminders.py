"""A young person on the register is not forgotten: when the counsellor has not been in touch
for a while, a task appears on their *My work*; recording a contact does it, and the scheduler
counts from that contact; a young person back in education needs no reminder."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from helhet.core import clock
from helhet.followup import services
from helhet.followup.models import FollowUp
from helhet.followup.reminders import CONTACT_DAYS, follow_up_reminders_refresh
from helhet.reminders.models import Task, TaskKind
from tests.followup.conftest import register, young
from tests.scenarios import professional_in

pytestmark = pytest.mark.django_db


def _open_tasks(professional):
    return Task.objects.filter(
        kind=TaskKind.FOLLOW_UP_CONTACT, assignee=professional, done_at__isnull=True
    )


def test_the_counsellor_is_reminded_and_a_contact_does_it(client, service):
    world, _service, counsellor, _leader = service
    register(service, young(world))
    follow_up = FollowUp.objects.get()
    assert follow_up_reminders_refresh() == (0, 0)  # nobody is the counsellor yet
    services.counsellor_take(taken_by=counsellor.user, pk=follow_up.pk)
    today = clock.today()
    assert follow_up_reminders_refresh() == (0, 0)  # just registered: not due yet
    later = today + datetime.timedelta(days=CONTACT_DAYS["not_reached"])
    assert follow_up_reminders_refresh(today=later) == (1, 0)
    assert follow_up_reminders_refresh(today=later) == (0, 0)  # once
    [task] = _open_tasks(counsellor)
    client.force_login(counsellor.user)
    page = client.get(reverse("cases:my_work")).content.decode()
    assert reverse("followup:detail", args=[follow_up.pk]) in page
    assert str(TaskKind.FOLLOW_UP_CONTACT.label) in page

    services.contact_add(
        added_by=counsellor.user, pk=follow_up.pk, on=today, kind="phone", reached=True, note=""
    )
    task.refresh_from_db()
    assert task.done_at is not None
    # In contact from today: the next reminder counts from the contact, 30 days on.
    assert follow_up_reminders_refresh(today=later) == (0, 0)
    assert follow_up_reminders_refresh(today=today + datetime.timedelta(days=30)) == (1, 0)


def test_back_in_education_or_a_new_counsellor_ends_the_reminder(service):
    world, follow_up_service, counsellor, _leader = service
    register(service, young(world, 2))
    first, second = FollowUp.objects.order_by("pk")
    for follow_up in (first, second):
        services.counsellor_take(taken_by=counsellor.user, pk=follow_up.pk)
    later = clock.today() + datetime.timedelta(days=20)
    assert follow_up_reminders_refresh(today=later) == (2, 0)
    services.status_change(
        changed_by=counsellor.user, pk=first.pk, status="in_education", on=clock.today()
    )
    assert _open_tasks(counsellor).get().follow_up == second
    colleague = professional_in(follow_up_service)
    services.counsellor_take(taken_by=colleague.user, pk=second.pk)
    assert not _open_tasks(counsellor).exists()
    assert follow_up_reminders_refresh(today=later) == (1, 0)
    assert _open_tasks(colleague).get().follow_up == second


def test_nobody_outside_the_service_sees_the_task(client, service):
    world, _service, counsellor, _leader = service
    register(service, young(world))
    follow_up = FollowUp.objects.get()
    services.counsellor_take(taken_by=counsellor.user, pk=follow_up.pk)
    follow_up_reminders_refresh(today=clock.today() + datetime.timedelta(days=20))
    counsellor.memberships.all().delete()  # left the follow-up service
    client.force_login(counsellor.user)
    page = client.get(reverse("cases:my_work")).content.decode()
    assert reverse("followup:detail", args=[follow_up.pk]) not in page
