from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from helhet.people.models import User
from helhet.synthetic.demo import DEMO_PASSWORD
from helhet.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Run the demo: migrate the database, load the synthetic demo municipality (once) and "
        "serve Helhet at http://127.0.0.1:8000 with HELHET_DEMO on (static files straight from "
        "the packages, no collectstatic), with the background worker and the reminder "
        "scheduler running beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything, then exit."
        )

    def handle(self, *args, **options):
        self.stdout.write("Preparing the database …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready: {settings.DATABASES['default']['NAME']}")
        if not Municipality.objects.filter(name="Fjordvik kommune").exists():
            self.stdout.write("Loading the synthetic demo data (first start only) …")
            call_command("seed", demo=True, municipalities=3, children=40, verbosity=0)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Helhet demo – synthetic data only."))
        self.stdout.write(f"Open http://{options['addrport']}/ and log in with one of:")
        for user in User.objects.filter(is_demo=True).order_by("email"):
            self.stdout.write(f"  {user.email:<36} {user.name}")
        self.stdout.write(f"Password for all demo accounts: {DEMO_PASSWORD}")
        self.stdout.write("Demo accounts may skip the second factor while the demo runs.\n")
        if options["no_serve"]:
            return
        sys.stdout.flush()
        # Fresh processes, so settings are read with HELHET_DEMO on: the background worker that
        # sends reminder e-mails, the scheduler every minute, and the web server.
        env = dict(os.environ, HELHET_DEMO="true", HELHET_STATIC_FROM_FINDERS="true")
        # Links in reminder e-mails point at this demo server unless told otherwise.
        env.setdefault("HELHET_BASE_URL", f"http://{options['addrport']}")
        helhet = [sys.executable, "-m", "helhet.cli"]
        self.stdout.write(f"Starting the web server on {options['addrport']} …")
        sys.stdout.flush()
        # The server first (this command ran the checks): the page is up before the others load.
        server = subprocess.Popen(  # noqa: S603 (no shell)
            [*helhet, "runserver", options["addrport"], "--noreload", "--skip-checks"], env=env
        )
        children = [
            subprocess.Popen([*helhet, "worker"], env=env),  # noqa: S603
            subprocess.Popen([*helhet, "reminders", "--every", "60"], env=env),  # noqa: S603
        ]
        # Stopped by a service manager (SIGTERM): stop the children too, via ``finally``.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in [server, *children]:
                if child.poll() is None:
                    child.terminate()
            for child in [server, *children]:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
