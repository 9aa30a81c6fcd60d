from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helhet.synthetic.generator import generate
from helhet.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate synthetic municipalities, services with contact persons, professionals, "
        "children and guardians. Synthetic identity numbers only. Deterministic with --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=3, help="How many (default 3).")
        parser.add_argument(
            "--children", type=int, default=50, help="Children per municipality (default 50)."
        )
        parser.add_argument("--professionals-per-service", type=int, default=2, help="Default 2.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Create the demo municipalities and demo accounts (password printed).",
        )

    def handle(self, *args, **options):
        for name in ("municipalities", "children", "professionals_per_service"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be zero or more.")
        if options["demo"] and Municipality.objects.filter(name="Fjordvik kommune").exists():
            raise CommandError("The demo municipalities exist already; nothing was changed.")
        summary = generate(
            municipalities=options["municipalities"],
            children_per_municipality=options["children"],
            professionals_per_service=options["professionals_per_service"],
            seed=options["seed"],
            demo=options["demo"],
        )
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.municipalities} municipalities, {summary.services} services, "
                f"{summary.professionals} professionals, {summary.children} children and "
                f"{summary.network_persons} guardians (seed {options['seed']})."
            )
        )
        if summary.demo_logins:
            from helhet.synthetic.demo import DEMO_PASSWORD

            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for email, who in summary.demo_logins:
                self.stdout.write(f"  {email:<36} {who}")
