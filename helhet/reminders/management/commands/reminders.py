"""``helhet reminders``: the one periodic check. Run it every few minutes from cron or a systemd
timer (see docs/reminders.md); ``--every SECONDS`` keeps it running (the demo does that)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from helhet.audit.partitions import ensure_partitions
from helhet.core import clock
from helhet.followup.reminders import follow_up_reminders_refresh
from helhet.reminders.services import email_failed_count, tasks_refresh, tasks_requeue_lost
from helhet.signals.services import signals_raise_all


class Command(BaseCommand):
    help = (
        "Create the tasks that are due, resolve those whose condition has cleared, queue their "
        "reminder e-mails and print the counts. Run it from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Run again every SECONDS seconds until stopped (for the demo; production uses "
            "cron or a systemd timer).",
        )

    def handle(self, *args, every: int = 0, **options):
        if every <= 0:
            self.run_once()
            return
        while True:
            try:
                self.run_once()
            except Exception as exc:  # a loop must survive a locked database
                self.stderr.write(f"reminders: {type(exc).__name__}; trying again later")
            time.sleep(every)

    def run_once(self) -> None:
        # Periodic housekeeping shares the one scheduler: next months' access-log partitions.
        ensure_partitions(clock.now(), clock.now())
        result = tasks_refresh()
        requeued = tasks_requeue_lost()
        failed = email_failed_count()
        signals = signals_raise_all()
        contact_created, contact_resolved = follow_up_reminders_refresh()
        line = (
            f"reminders: created {result.created + contact_created}, "
            f"resolved {result.resolved + contact_resolved}, "
            f"queued {result.queued + requeued}, e-mails failed so far {failed}, "
            f"new absence signals {signals}"
        )
        self.stdout.write(self.style.WARNING(line) if failed else line)
