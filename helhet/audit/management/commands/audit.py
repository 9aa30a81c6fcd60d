from __future__ import annotations

import multiprocessing
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from tqdm import tqdm

from helhet.audit import checkpoints, partitions
from helhet.audit.chain import all_chains, verify
from helhet.core import clock


def _verify_one(key: str) -> list:
    """One chain, in a worker process (its own database connection)."""
    return list(verify([key]))


class Command(BaseCommand):
    help = (
        "Access log tools. 'helhet audit verify' checks every chain (and, with --checkpoints, "
        "the signed checkpoints) and reports tampering; 'helhet audit checkpoint' signs the "
        "chain heads into a directory outside the database; 'helhet audit keygen' makes the "
        "signing key; 'helhet audit partitions' creates the coming months' partitions "
        "(PostgreSQL)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Report altered, inserted or deleted events.")
        check.add_argument("--chain", action="append", help="Only this chain (repeatable).")
        check.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Verify this many chains at once, each in its own process (PostgreSQL).",
        )
        check.add_argument(
            "--quiet", action="store_true", help="No progress bar (it shows on a terminal only)."
        )
        check.add_argument(
            "--checkpoints",
            type=Path,
            help="Also check the signed checkpoints in this directory against the log.",
        )
        check.add_argument(
            "--public-key",
            action="append",
            type=Path,
            help="A trusted public key (repeatable; default HELHET_AUDIT_CHECKPOINT_PUBLIC_KEYS).",
        )
        point = sub.add_parser(
            "checkpoint", help="Sign the head of every chain that moved (run every few minutes)."
        )
        point.add_argument("--dir", type=Path, help="Default HELHET_AUDIT_CHECKPOINT_DIR.")
        point.add_argument("--key", type=Path, help="Default HELHET_AUDIT_CHECKPOINT_KEY.")
        keygen = sub.add_parser("keygen", help="Make an Ed25519 key pair for the checkpoints.")
        keygen.add_argument("path", type=Path, help="The private key's file (.pub beside it).")
        sub.add_parser(
            "partitions",
            help="Create monthly partitions up to a year ahead; warn about events outside them.",
        )

    def handle(self, *args, **options):
        subcommand = options["subcommand"]
        try:
            if subcommand == "partitions":
                return self._partitions()
            if subcommand == "checkpoint":
                return self._checkpoint(options)
            if subcommand == "keygen":
                public, key = checkpoints.generate(options["path"])
                self.stdout.write(f"Key {key}: give {public} to whoever verifies.")
                return None
            if subcommand != "verify":  # pragma: no cover - argparse refuses others
                raise CommandError("Unknown subcommand.")
            return self._verify(options)
        except checkpoints.CheckpointError as exc:
            # Loud for the scheduler (a non-zero exit, the reason); requests are not affected.
            raise CommandError(str(exc)) from None

    def _verify(self, options):
        chosen = options.get("chain")
        keys = [k for k in all_chains() if not chosen or k in chosen]
        jobs = max(1, options.get("jobs") or 1)
        if jobs > 1 and connection.vendor != "postgresql":
            self.stderr.write("Verifying in parallel needs PostgreSQL: one chain at a time.")
            jobs = 1
        # tqdm shows itself only on a terminal (disable=None); --quiet never.
        bar = tqdm(
            total=len(keys),
            unit="chain",
            desc="verify",
            disable=True if options.get("quiet") else None,
        )
        problems = []
        with bar:
            if jobs == 1:
                problems = list(verify(keys, each_chain=lambda _key: bar.update()))
            else:
                # Forked workers must not share this process's connection: each opens its own.
                connections.close_all()
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    for found in pool.imap_unordered(_verify_one, keys):
                        problems.extend(found)
                        bar.update()
                problems.sort(key=lambda p: (p.chain, p.sequence or 0))
        self.stdout.write(f"{len(keys)} chain(s) verified.")
        directory = options.get("checkpoints")
        if directory is not None:
            paths = options.get("public_key") or [
                Path(p) for p in settings.HELHET_AUDIT_CHECKPOINT_PUBLIC_KEYS
            ]
            if not paths:
                raise CommandError(
                    "Name the trusted public keys (--public-key or "
                    "HELHET_AUDIT_CHECKPOINT_PUBLIC_KEYS) to verify checkpoints."
                )
            signed, forged = checkpoints.read(directory, checkpoints.load_public(paths))
            if options.get("chain"):
                signed = [c for c in signed if c.chain in options["chain"]]
            problems += forged + list(checkpoints.compare(signed))
            self.stdout.write(f"{len(signed)} signed checkpoint(s) checked.")
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the access log.")
        self.stdout.write(self.style.SUCCESS("The access log is intact."))

    def _checkpoint(self, options):
        directory = options.get("dir") or settings.HELHET_AUDIT_CHECKPOINT_DIR
        key = options.get("key") or settings.HELHET_AUDIT_CHECKPOINT_KEY
        if not directory or not key:
            raise CommandError(
                "Set the checkpoint directory and the signing key (--dir and --key, or "
                "HELHET_AUDIT_CHECKPOINT_DIR and HELHET_AUDIT_CHECKPOINT_KEY)."
            )
        written = checkpoints.write(
            Path(directory), checkpoints.load_private(Path(key)), now=clock.now()
        )
        self.stdout.write(f"{written} chain head(s) signed into {directory}.")

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
