from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helhet.audit import partitions
from helhet.audit.chain import verify
from helhet.core import clock


class Command(BaseCommand):
    help = (
        "Access log tools. 'helhet audit verify' checks every chain and reports tampering; "
        "'helhet audit partitions' creates the coming months' partitions (PostgreSQL)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Report altered, inserted or deleted events.")
        check.add_argument("--chain", action="append", help="Only this chain (repeatable).")
        sub.add_parser(
            "partitions",
            help="Create monthly partitions up to a year ahead; warn about events outside them.",
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "partitions":
            return self._partitions()
        if options["subcommand"] != "verify":  # pragma: no cover - argparse refuses others
            raise CommandError("Unknown subcommand.")
        problems = list(verify(options.get("chain")))
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the access log.")
        self.stdout.write(self.style.SUCCESS("The access log is intact."))

    def _partitions(self):
        if not partitions.is_partitioned():
            self.stdout.write("The access log is not partitioned on this database (SQLite).")
            return
        created = partitions.ensure_partitions(clock.now(), clock.now())
        self.stdout.write(f"Created {len(created)} partition(s): {', '.join(created) or '-'}.")
        stray = partitions.default_partition_rows()
        if stray:
            # Rows in the default partition block creating their month's partition; see ADR 0013.
            raise CommandError(
                f"{stray} event(s) are in {partitions.DEFAULT_PARTITION}; "
                "see docs/decisions/0013-audit-partitioned-by-month.md."
            )
