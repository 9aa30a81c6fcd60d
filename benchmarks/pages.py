"""The case page and *My work*, in-process: SQL queries, CPU and wall time per request.

    uv run python -m benchmarks.pages --database-url postgres://…/helhet_national --iterations 100

Picks professionals who coordinate an open case (as prepare.py does), gives each a session that
passed the second factor, and fetches ``/healthz``, the case page and *My work* through
``django.test.Client``, interleaved, ``--iterations`` times each. Reports per endpoint the
median CPU time of this process (``time.process_time``: Python, templates, the driver; not
PostgreSQL's own work), the median wall time and the number of queries, with the ratio to
``/healthz`` measured in the same run. Writes ``benchmarks/results/pages_<label>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    import django

    django.setup()


def measure(*, professionals: int, iterations: int) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.prepare import prepare

    profiles = prepare(users=professionals)["profiles"]
    if not profiles:
        raise SystemExit("pages: no professional is on the team of an open case here; seed first")
    clients = []
    for profile in profiles:
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = profile["session"]
        clients.append((client, profile["case_ids"][0]))
    endpoints = {
        "/healthz": lambda case_id: "/healthz",
        "case page": lambda case_id: f"/work/cases/{case_id}/",
        "My work": lambda case_id: "/work/",
    }
    figures = {name: {"cpu": [], "wall": [], "queries": set()} for name in endpoints}
    for _warm in range(3):
        for client, case_id in clients:
            for url in endpoints.values():
                client.get(url(case_id))
    for i in range(iterations):
        client, case_id = clients[i % len(clients)]
        for name, url in endpoints.items():
            with CaptureQueriesContext(connection) as captured:
                cpu, wall = time.process_time(), time.perf_counter()
                response = client.get(url(case_id))
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if response.status_code != 200:
                raise SystemExit(f"pages: {name} answered {response.status_code}")
            figures[name]["cpu"].append(cpu * 1000)
            figures[name]["wall"].append(wall * 1000)
            figures[name]["queries"].add(len(captured))
    healthz = statistics.median(figures["/healthz"]["cpu"])
    result = {"professionals": len(clients), "iterations": iterations, "endpoints": {}}
    for name, f in figures.items():
        cpu = statistics.median(f["cpu"])
        result["endpoints"][name] = {
            "median_cpu_ms": round(cpu, 2),
            "median_wall_ms": round(statistics.median(f["wall"]), 2),
            "queries": sorted(f["queries"]),
            "cpu_ratio_to_healthz": round(cpu / healthz, 1),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="Default: DATABASE_URL.")
    parser.add_argument("--professionals", type=int, default=8)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--label", default="pages")
    args = parser.parse_args(argv)
    _setup_django(args.database_url)
    result = measure(professionals=args.professionals, iterations=args.iterations)
    for name, f in result["endpoints"].items():
        print(
            f"{name:10} cpu {f['median_cpu_ms']:7.2f} ms  wall {f['median_wall_ms']:7.2f} ms  "
            f"queries {f['queries']}  ×{f['cpu_ratio_to_healthz']} of /healthz"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"pages_{args.label}.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
