"""What audit logging adds to a read request, measured in-process.

    uv run python -m benchmarks.audit_overhead --profiles var/bench/profiles.json --iterations 200

Fetches the case page of a case the professional is on the team of, ``--iterations`` times with
the real ``audit_record`` and as many times with it replaced by a no-op, interleaved (ABBA, so
warm caches and drift favour neither), through ``django.test.Client`` with a logged-in session and
the TOTP device from prepare.py. Prints the medians and their ratio; ``--json`` writes them.

The no-op replaces ``audit_record`` in every module that imported it (found by identity in
``sys.modules``, so a new import site is covered without editing this file) and only in this
process; the check afterwards proves the no-op pages wrote no event. The transaction around the
read stays, so the difference is the access-log write itself: lock the chain head, hash, insert
the event, update the head.

Single-threaded: this is the cost per request, not the waiting on the chain head's row lock when
many requests of one municipality append at once (the load benchmark shows that).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    import django

    django.setup()


class AuditSwitch:
    """Swaps ``audit_record`` for a no-op in every module that holds it, and back."""

    def __init__(self):
        from helhet.audit import services

        self.original = services.audit_record
        self.sites = [
            module
            for module in list(sys.modules.values())
            if getattr(module, "audit_record", None) is self.original
        ]

    @staticmethod
    def _noop(**_kwargs):
        return None

    def off(self) -> None:
        for module in self.sites:
            module.audit_record = self._noop

    def on(self) -> None:
        for module in self.sites:
            module.audit_record = self.original


def measure(*, user_id: int, case_id: int, iterations: int) -> dict:
    from django.test import Client
    from django.urls import get_resolver

    from helhet.audit.models import AuditEvent
    from helhet.people.models import User

    # Import every view module (and so every import site of audit_record) before looking.
    get_resolver().url_patterns  # noqa: B018
    user = User.objects.get(pk=user_id)
    # 127.0.0.1 is in the default ALLOWED_HOSTS; Django's "testserver" is not outside tests.
    client = Client(HTTP_HOST="127.0.0.1")
    # A session that passed the second factor, as the load test's (Helhet refuses any other).
    from django.conf import settings

    from benchmarks.prepare import _give_totp, _session_for

    _give_totp(user)
    client.cookies[settings.SESSION_COOKIE_NAME] = _session_for(user)
    url = f"/work/cases/{case_id}/"

    def fetch() -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"audit_overhead: {url} answered {response.status_code}")
        return elapsed

    switch = AuditSwitch()
    for _ in range(3):  # warm up: templates, translations, connection
        fetch()
    real: list[float] = []
    noop: list[float] = []
    events_before = AuditEvent.objects.count()
    for i in range(iterations):
        order = (True, False) if i % 2 == 0 else (False, True)  # ABBA
        for audited in order:
            if audited:
                real.append(fetch())
            else:
                switch.off()
                try:
                    noop.append(fetch())
                finally:
                    switch.on()
    written = AuditEvent.objects.count() - events_before
    median_real = statistics.median(real) * 1000
    median_noop = statistics.median(noop) * 1000
    return {
        "endpoint": "case page",
        "iterations": iterations,
        "median_ms_with_audit": round(median_real, 3),
        "median_ms_without_audit": round(median_noop, 3),
        "ratio": round(median_real / median_noop, 4),
        "overhead_percent": round((median_real / median_noop - 1) * 100, 1),
        "patched_import_sites": sorted(m.__name__ for m in switch.sites),
        # One event per audited page and none per no-op page, else the switch missed a site.
        "events_written": written,
        "events_expected": iterations,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, required=True, help="JSON from prepare.py")
    parser.add_argument("--iterations", type=int, default=200, help="Fetches per variant.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args(argv)
    profile = json.loads(args.profiles.read_text())["profiles"][0]
    _setup_django()
    result = measure(
        user_id=profile["user_id"], case_id=profile["case_ids"][0], iterations=args.iterations
    )
    print(
        f"audit overhead (case page, {result['iterations']}× each, interleaved): "
        f"median {result['median_ms_with_audit']:.2f} ms with audit, "
        f"{result['median_ms_without_audit']:.2f} ms without; ratio {result['ratio']:.3f} "
        f"(+{result['overhead_percent']:.1f}%); {len(result['patched_import_sites'])} import "
        f"sites patched; events written {result['events_written']}/{result['events_expected']}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
