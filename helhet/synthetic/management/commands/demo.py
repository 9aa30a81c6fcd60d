from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from helhet.people.models import User
from helhet.synthetic.demo import DEMO_PASSWORD
from helhet.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Run the demo: migrate the database, load the synthetic demo municipality (once), "
        "collect static files and serve Helhet at http://127.0.0.1:8000 with HELHET_DEMO on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything, then exit."
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready: {settings.DATABASES['default']['NAME']}")
        if not Municipality.objects.filter(name="Fjordvik kommune").exists():
            call_command("seed", demo=True, municipalities=3, children=40, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
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
        env = dict(os.environ, HELHET_DEMO="true")
        # A fresh process, so settings are read with HELHET_DEMO on.
        os.execvpe(  # noqa: S606 (replaces this process with the server, no shell)
            sys.executable,
            [sys.executable, "-m", "helhet.cli", "runserver", options["addrport"], "--noreload"],
            env,
        )
