"""The reminder e-mail, run by the real database worker: sent once, none lost while the worker is
stopped, retried when the mail server refuses, failed (and visible) after the last attempt, and
never any personal data in it.

These tests commit (the worker closes database connections), hence ``transaction=True``.
"""

from __future__ import annotations

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocMemBackend
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from helhet.reminders import services
from helhet.reminders.jobs import send_task_email
from helhet.reminders.models import EmailState, Task, TaskKind
from tests.factories import ChildFactory
from tests.reminders.conftest import days
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db(transaction=True)

REFUSALS = {"left": 0, "error": smtplib.SMTPServerDisconnected}


class RefusingBackend(LocMemBackend):
    """Refuses ``REFUSALS["left"]`` times, then delivers to the locmem outbox."""

    def send_messages(self, messages):
        if REFUSALS["left"] > 0:
            REFUSALS["left"] -= 1
            error = REFUSALS["error"]
            if error is smtplib.SMTPDataError:
                raise error(554, b"5.7.1 rejected for person0@test.example")
            raise error("Connection unexpectedly closed: person0@test.example")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HELHET_BASE_URL = "https://helhet.example.no"
    settings.HELHET_EMAIL_ATTEMPTS = 5
    REFUSALS.update(left=0, error=smtplib.SMTPServerDisconnected)


def _refusing(settings, times: int, error=smtplib.SMTPServerDisconnected) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    REFUSALS.update(left=times, error=error)


def _worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def _time_passes() -> None:
    """The retry's backoff has elapsed: make the deferred jobs ready now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_sent_exactly_once_by_the_worker():
    world = build_world()
    world.concern(decision_due=days(1))
    task = Task.objects.get()
    assert task.email_state == EmailState.QUEUED
    services.tasks_refresh()  # the scheduler runs again before the worker: no second job
    _worker()
    _worker()
    call_command("db_worker", batch=True, reload=False, verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.teacher.user.email]
    task.refresh_from_db()
    assert (task.email_state, task.email_attempts, task.email_error) == (EmailState.SENT, 1, "")
    assert task.email_sent_at is not None


def test_worker_stopped_while_tasks_are_due_sends_each_once_when_it_comes_back():
    world = build_world()
    for _ in range(3):
        world.concern(child=ChildFactory(municipality=world.municipality), decision_due=days(1))
    for _ in range(3):  # the scheduler keeps running while the worker is down
        services.tasks_refresh()
    assert Task.objects.filter(email_state=EmailState.QUEUED).count() == 3
    assert len(mail.outbox) == 0
    _worker()  # the worker is back
    assert len(mail.outbox) == 3
    links = sorted(m.body.split("/work/#task-")[1].split()[0] for m in mail.outbox)
    assert links == sorted(str(pk) for pk in Task.objects.values_list("pk", flat=True))
    assert set(Task.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    _worker()
    assert len(mail.outbox) == 3


def test_mail_server_refusing_is_retried_then_sent(settings):
    world = build_world()
    _refusing(settings, times=2)
    world.concern(decision_due=days(1))
    task = Task.objects.get()
    _worker()
    task.refresh_from_db()
    assert (task.email_state, task.email_attempts) == (EmailState.QUEUED, 1)
    assert task.email_error == "SMTPServerDisconnected"
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(seconds=30) < wait <= datetime.timedelta(minutes=1)
    _worker()  # the backoff has not elapsed: nothing happens
    task.refresh_from_db()
    assert task.email_attempts == 1
    _time_passes()
    _worker()
    task.refresh_from_db()
    assert task.email_attempts == 2
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after - timezone.now() > datetime.timedelta(minutes=4)  # 5 minutes
    _time_passes()
    _worker()
    task.refresh_from_db()
    assert (task.email_state, task.email_attempts, task.email_error) == (EmailState.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_mail_server_refusing_for_good_fails_visibly_after_the_last_attempt(settings):
    settings.HELHET_EMAIL_ATTEMPTS = 3
    world = build_world()
    _refusing(settings, times=10, error=smtplib.SMTPDataError)
    world.concern(decision_due=days(1))
    task = Task.objects.get()
    for _ in range(5):
        _worker()
        _time_passes()
    task.refresh_from_db()
    assert (task.email_state, task.email_attempts) == (EmailState.FAILED, 3)
    assert task.email_error == "SMTPDataError 554"  # no message: it may name addresses
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert len(mail.outbox) == 0
    out = io.StringIO()
    call_command("reminders", stdout=out)
    assert "e-mails failed so far 1" in out.getvalue()


def test_an_operator_sends_a_failed_email_again(settings, admin_user):
    settings.HELHET_EMAIL_ATTEMPTS = 1
    world = build_world()
    _refusing(settings, times=1)
    world.concern(decision_due=days(1))
    _worker()
    task = Task.objects.get()
    assert task.email_state == EmailState.FAILED
    assert services.task_email_retry(tasks=[task], retried_by=admin_user) == 1
    _worker()
    task.refresh_from_db()
    assert task.email_state == EmailState.SENT
    assert len(mail.outbox) == 1


def test_a_lost_job_is_enqueued_again_and_sent_once():
    world = build_world()
    world.concern(decision_due=days(1))
    DBTaskResult.objects.all().delete()  # e.g. restored from a backup without the job table
    assert services.tasks_requeue_lost() == 1
    assert services.tasks_requeue_lost() == 0  # it has a live job now
    _worker()
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_municipalitys_language(monkeypatch):
    from helhet.reminders import jobs

    world = build_world()
    world.municipality.default_language = "sv"
    world.municipality.save(update_fields=["default_language"])
    original_override = translation.override
    languages = []

    def recording_override(language, *args, **kwargs):
        languages.append(language)
        return original_override(language, *args, **kwargs)

    monkeypatch.setattr(jobs.translation, "override", recording_override)
    world.concern(decision_due=days(1))
    _worker()
    assert languages == ["sv"]
    assert len(mail.outbox) == 1


def test_a_task_done_before_the_worker_runs_is_not_mailed():
    world = build_world()
    concern = world.concern(decision_due=days(1))
    from helhet.cases import services as case_services

    case_services.concern_decide(
        concern=concern, decided_by=world.teacher.user, decision="own_service"
    )
    task = Task.objects.get()
    assert task.email_state == EmailState.NOT_NEEDED
    # Even a job that was already queued does nothing.
    send_task_email.enqueue(task.pk)
    _worker()
    assert len(mail.outbox) == 0


def test_the_email_contains_no_personal_data_only_the_link():
    world = build_world()
    world.child.national_id = "15081980123"
    world.child.save(update_fields=["national_id"])
    world.municipality.default_language = "en"  # the assertions below read English
    world.municipality.save(update_fields=["default_language"])
    case = world.case(consent_for=(world.school,))
    task = services.task_create_for_decision(
        case=case,
        assignee=world.teacher,
        text=f"Ring {world.mother.name} om {world.child.given_name}",
        due_on=days(1),
        key="decision:mail:1",
    )
    _worker()
    [message] = mail.outbox
    text = f"{message.subject}\n{message.body}"
    for secret in (
        world.child.given_name,
        world.child.family_name,
        "15081980123",
        world.mother.name,
        "Ring",
        world.teacher.user.name,
        world.municipality.name,
        f"/cases/{case.pk}",
    ):
        assert secret not in text, secret
    assert f"https://helhet.example.no/work/#task-{task.pk}" in message.body
    assert "You must sign in to see the details." in message.body
    assert str(TaskKind.DECISION.label) in message.subject
    assert message.to == [world.teacher.user.email]
