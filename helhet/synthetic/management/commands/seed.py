from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helhet.synthetic.generator import generate
from helhet.synthetic.portal_demo import seed_portal_demo
from helhet.synthetic.scale import ScaleSeedError, seed_at_scale
from helhet.synthetic.scale.sizes import SCALES
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

        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            help=(
                "Bulk-load a synthetic dataset of this size into PostgreSQL with COPY: "
                "national = Norway (357 municipalities, 1.2 million children, 100,000 open "
                "cases, 2 million log entries, 20 million access log events); small = 1 %% of "
                "it; tiny = a few thousand rows for smoke tests. Prints time and peak memory."
            ),
        )

    def handle(self, *args, **options):
        if options["scale"]:
            return self._scale(options)
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
        if options["demo"]:
            seed_portal_demo()  # the families of the portal's test persons
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

    def _scale(self, options):
        if options["demo"]:
            raise CommandError("--scale and --demo cannot be combined.")
        try:
            report = seed_at_scale(
                options["scale"], seed=options["seed"], progress=options["verbosity"] > 0
            )
        except ScaleSeedError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS(f"Seeded at scale '{report.scale}':"))
        for table, count in sorted(report.rows.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {table:<36} {count:>12,}")
        times = ", ".join(f"{name} {seconds:,.1f} s" for name, seconds in report.seconds.items())
        self.stdout.write(f"Time: {times}. Peak memory: {report.peak_memory_mib:,.0f} MiB.")
