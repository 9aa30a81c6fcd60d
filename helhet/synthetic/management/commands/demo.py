from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from helhet.people.models import User
from helhet.synthetic.demo import DEMO_PASSWORD
from helhet.synthetic.portal_demo import seed_portal_demo
from helhet.tenancy.models import Municipality

DEFAULT_IDP_PORT = 8090
PORTAL_PROVIDER = "idporten"
PORTAL_CLIENT_ID = "helhet-demo"
# Test ID also stands in for Fjordvik's own staff identity provider (single sign-on).
STAFF_PROVIDER = "fjordvik"
STAFF_CLIENT_ID = "helhet-demo-staff"


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = (
        "Run the demo: migrate the database, load the synthetic demo municipality (once) and "
        "serve Helhet at http://127.0.0.1:8000 with HELHET_DEMO on (static files straight from "
        "the packages, no collectstatic), with the background worker, the reminder scheduler "
        "and the local test identity provider (Test ID, for the family portal) running beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--idp-port",
            type=int,
            default=DEFAULT_IDP_PORT,
            help=(
                f"Port of the Test ID provider (default {DEFAULT_IDP_PORT}; a free port if it "
                "is taken)."
            ),
        )
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
        else:
            seed_portal_demo()  # a demo database from before the portal: add its families once
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
        provider = None
        children: list[subprocess.Popen] = []
        # Stopped by a service manager (SIGTERM): stop the children too, via ``finally``.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            # The identity provider first: the web server reads its issuer from ``env``.
            provider = self._identity_provider(options["addrport"], options["idp_port"], env)
            self.stdout.write(f"Starting the web server on {options['addrport']} …")
            sys.stdout.flush()
            # The server first (this command ran the checks): the page is up before the others.
            server = subprocess.Popen(  # noqa: S603 (no shell)
                [*helhet, "runserver", options["addrport"], "--noreload", "--skip-checks"],
                env=env,
            )
            children.append(server)
            children.append(subprocess.Popen([*helhet, "worker"], env=env))  # noqa: S603
            children.append(
                subprocess.Popen([*helhet, "reminders", "--every", "60"], env=env)  # noqa: S603
            )
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            if provider is not None:
                provider.stop()

    def _identity_provider(self, addrport: str, port: int, env: dict[str, str]):
        """Start Test ID with one client for the portal and put the portal's OIDC settings in
        ``env``; ``None`` (and one line why) when it cannot run, the demo goes on without it."""
        from helhet.portal.idp_process import load_persons, start_identity_provider

        base = f"http://{addrport}"
        secret, staff_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        client = {
            "client_id": PORTAL_CLIENT_ID,
            "client_secret": secret,
            "redirect_uris": [f"{base}/portal/callback/{PORTAL_PROVIDER}/"],
            "post_logout_redirect_uris": [f"{base}/portal/"],
        }
        staff_client = {
            "client_id": STAFF_CLIENT_ID,
            "client_secret": staff_secret,
            "redirect_uris": [f"{base}/accounts/sso/{STAFF_PROVIDER}/callback/"],
            "post_logout_redirect_uris": [f"{base}/"],
        }
        self.stdout.write("Starting the test identity provider (Test ID) …")
        sys.stdout.flush()
        try:
            provider = start_identity_provider(
                clients=[client, staff_client], port=port if _port_is_free(port) else None
            )
        except RuntimeError as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            self.stdout.write(
                self.style.WARNING(f"Family portal login is off (no Test ID): {reason}")
            )
            return None
        env["HELHET_PORTAL_OIDC"] = json.dumps(
            {
                PORTAL_PROVIDER: {
                    "name": "ID-porten (Test ID)",
                    "country": "NO",
                    "issuer": provider.issuer,
                    "client_id": PORTAL_CLIENT_ID,
                    "client_secret": secret,
                    "acr_values": "idporten-loa-substantial",
                    "accepted_acr": ["idporten-loa-substantial", "idporten-loa-high"],
                    "identity_claim": "pid",
                }
            }
        )
        fjordvik = Municipality.objects.filter(name="Fjordvik kommune").first()
        if fjordvik is not None:
            env["HELHET_STAFF_OIDC"] = json.dumps(
                {
                    STAFF_PROVIDER: {
                        "municipality": fjordvik.pk,
                        "name": "Fjordvik kommune (Test ID)",
                        "issuer": provider.issuer,
                        "client_id": STAFF_CLIENT_ID,
                        "client_secret": staff_secret,
                        "mfa_amr": ["mfa"],
                    }
                }
            )
        self.stdout.write(f"Test ID (OpenID Connect provider) at {provider.issuer}")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Family portal: {base}/portal/ — log in with Test ID as:")
        )
        staff = [p for p in load_persons() if p.get("email")]
        for person in load_persons():
            if not person.get("email"):
                self.stdout.write(
                    f"  {person['name']:<18} {person['pid']}  {person.get('description', '')}"
                )
        if fjordvik is not None and staff:
            self.stdout.write(
                self.style.SUCCESS(
                    "Staff single sign-on: on the login page, *Log in with Fjordvik kommune "
                    "(Test ID)* as:"
                )
            )
            for person in staff:
                self.stdout.write(f"  {person['name']:<18} {person['email']}")
        self.stdout.write("")
        return provider
