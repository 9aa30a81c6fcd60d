"""``helhet worker``: the background worker that sends reminder e-mails (and any later jobs).

A thin wrapper round django-tasks-db's ``db_worker`` with Helhet's queue and defaults: no
auto-reload, polling every two seconds. Run one (or more) beside the web server; see
docs/reminders.md for a systemd unit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

QUEUE = "default"


class Command(BaseCommand):
    help = "Run the background worker: sends queued reminder e-mails, retries refused ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Run every job that is due now, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when no job is due (default 2).",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after running this many jobs."
        )

    def handle(self, *args, batch: bool, interval: float, max_tasks: int | None, **options):
        queues = settings.TASKS["default"].get("QUEUES") or [QUEUE]
        call_command(
            "db_worker",
            queue_name=",".join(queues),
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=not batch,
            max_tasks=max_tasks,
            verbosity=options.get("verbosity", 1),
        )
