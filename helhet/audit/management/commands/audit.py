from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helhet.audit.chain import verify


class Command(BaseCommand):
    help = "Access log tools. 'helhet audit verify' checks every chain and reports tampering."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Report altered, inserted or deleted events.")
        check.add_argument("--chain", action="append", help="Only this chain (repeatable).")

    def handle(self, *args, **options):
        if options["subcommand"] != "verify":  # pragma: no cover - argparse refuses others
            raise CommandError("Unknown subcommand.")
        problems = list(verify(options.get("chain")))
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the access log.")
        self.stdout.write(self.style.SUCCESS("The access log is intact."))
