"""EXPLAIN (ANALYZE, BUFFERS) of every query behind *My work*, the case page, the case's access
log and the data protection officer's search, for the busiest coordinator of the largest
municipality: the evidence for the indexes in docs/performance.md.

    DATABASE_URL=postgres://... uv run python benchmarks/explain.py [--top 8] [--all]

Requests the pages as that professional (Django's test client, in-process) inside a transaction
that is rolled back, so the access-log events they write are not kept.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys

import django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8, help="Show the N slowest queries per page.")
    parser.add_argument("--all", action="store_true", help="Show every query's plan.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from benchmarks.prepare import _give_totp, _session_for
    from helhet.cases.models import Case
    from helhet.core import clock
    from helhet.people.models import Professional

    setup_test_environment()  # lets the test client's host in
    # Plain static storage: the page's queries are what we measure, not collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    if connection.vendor != "postgresql":
        print("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL.", file=sys.stderr)
        return 2
    largest = (
        Case.objects.values("municipality_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["municipality_id"]
    )
    busiest = (
        Case.objects.filter(municipality_id=largest, status="open")
        .values("coordinator_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    case = (
        Case.objects.filter(coordinator_id=busiest["coordinator_id"], status="open")
        .select_related("coordinator__user")
        .order_by("-pk")
        .first()
    )
    user = case.coordinator.user
    print(
        f"Municipality {largest}: {Case.objects.filter(municipality_id=largest).count():,} cases; "
        f"professional {case.coordinator_id} coordinates {busiest['n']} of them."
    )
    since = (clock.today() - datetime.timedelta(days=30)).isoformat()
    pages = {
        "My work": reverse("cases:my_work"),
        "case page": reverse("cases:case", args=[case.pk]),
        "case access log": reverse("cases:access_log", args=[case.pk]),
        "access log search (30 days, one case)": (
            f"{reverse('audit:search')}?date_from={since}&case={case.pk}"
        ),
    }
    for name, url in pages.items():
        with transaction.atomic():
            # For the search page the coordinator plays data protection officer, rolled back.
            Professional.objects.filter(pk=case.coordinator_id).update(
                is_data_protection_officer=True
            )
            # The whole page as a browser gets it: the view, the policy, the template; with a
            # session that passed the second factor (Helhet accepts no other, ADR 0016).
            _give_totp(user)
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies[settings.SESSION_COOKIE_NAME] = _session_for(user)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            plans, writes = [], 0
            with connection.cursor() as cursor:
                for query in captured.captured_queries:
                    sql = query["sql"]
                    if not re.match(r"\s*SELECT", sql, re.I):
                        # The access-log append (INSERT, UPDATE of the chain head) and
                        # savepoints: re-running them would append twice.
                        writes += 1
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
                    plans.append((took, sql, plan))
            transaction.set_rollback(True)
        total = sum(p[0] for p in plans)
        print(
            f"\n## {name}: {len(plans)} reads ({total:.2f} ms execution in PostgreSQL) "
            f"and {writes} other statements (access log, savepoints)"
        )
        shown = plans if args.all else sorted(plans, key=lambda p: -p[0])[: args.top]
        for took, sql, plan in shown:
            print(f"\n### {took:.3f} ms\n{sql[:600]}\n{plan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
