"""Background jobs (Django's tasks API, run by ``helhet worker``).

``send_task_email`` sends the reminder of one task exactly once under normal operation: it locks
the task row and sends only while the task is "queued", then marks it "sent" in the same
transaction. If the process dies after the mail server accepted the message and before the commit,
the next attempt sends it again: at most one duplicate, never a lost reminder.

The e-mail carries no personal data: the kind of task, its due date and a link to *My work*,
where the professional signs in to see which child it concerns.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from helhet.core import clock
from helhet.reminders.models import EmailState, Task

logger = logging.getLogger(__name__)

# Minutes to wait before the next attempt after the 1st, 2nd, … refusal by the mail server.
BACKOFF_MINUTES = [1, 5, 30, 120, 720]


def task_link(task: Task) -> str:
    return f"{settings.HELHET_BASE_URL}/work/#task-{task.pk}"


def compose(task: Task) -> tuple[str, str]:
    """Subject and body in the municipality's language: no name, no number, no text."""
    with translation.override(task.municipality.default_language):
        kind = task.get_kind_display()
        due = formats.date_format(task.due_on, "SHORT_DATE_FORMAT")
        subject = _("Helhet: %(kind)s by %(due)s") % {"kind": kind, "due": due}
        body = "\n".join(
            [
                _("You have a task in Helhet."),
                "",
                _("Task: %(kind)s") % {"kind": kind},
                _("Due: %(due)s") % {"due": due},
                "",
                _("Sign in to Helhet to see what it concerns:"),
                task_link(task),
                "",
                _(
                    "For the privacy of the child and the family, this e-mail contains no "
                    "personal data. You must sign in to see the details."
                ),
            ]
        )
    return subject, body


def error_code(exc: BaseException) -> str:
    """What we keep of a mail server's refusal: the exception class and the SMTP code, never the
    message (it may repeat addresses)."""
    code = getattr(exc, "smtp_code", None)
    name = type(exc).__name__
    return f"{name} {code}" if isinstance(code, int) else name


@task()
def send_task_email(task_id: int) -> str:
    with transaction.atomic():
        task_row = (
            Task.objects.select_for_update()
            .filter(pk=task_id)
            .select_related("municipality", "assignee__user")
            .first()
        )
        if task_row is None:
            return "missing"
        if task_row.email_state != EmailState.QUEUED:
            return str(task_row.email_state)  # sent already, or no longer wanted
        if task_row.done_at is not None or not task_row.assignee.user.is_active:
            task_row.email_state = EmailState.NOT_NEEDED
            task_row.save(update_fields=["email_state"])
            return str(task_row.email_state)
        subject, body = compose(task_row)
        task_row.email_attempts += 1
        try:
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [task_row.assignee.user.email],
                fail_silently=False,
            )
        except Exception as exc:
            task_row.email_error = error_code(exc)[:200]
            if task_row.email_attempts >= settings.HELHET_EMAIL_ATTEMPTS:
                task_row.email_state = EmailState.FAILED
                logger.warning(
                    "reminder e-mail failed for good: task=%s attempts=%s error=%s",
                    task_row.pk,
                    task_row.email_attempts,
                    task_row.email_error,
                )
            else:
                step = BACKOFF_MINUTES[min(task_row.email_attempts, len(BACKOFF_MINUTES)) - 1]
                # The worker compares run_after with the wall clock, not the project clock.
                run_after = timezone.now() + datetime.timedelta(minutes=step)
                send_task_email.using(run_after=run_after).enqueue(task_row.pk)
                logger.info(
                    "reminder e-mail refused, retry in %s min: task=%s attempts=%s error=%s",
                    step,
                    task_row.pk,
                    task_row.email_attempts,
                    task_row.email_error,
                )
            task_row.save(update_fields=["email_attempts", "email_error", "email_state"])
            return str(task_row.email_state)
        task_row.email_state = EmailState.SENT
        task_row.email_sent_at = clock.now()
        task_row.email_error = ""
        task_row.save(
            update_fields=["email_attempts", "email_error", "email_state", "email_sent_at"]
        )
        return str(task_row.email_state)
