"""The leaders' indicators: the nightly refresh of the counts, and the dashboard that reads them.

    uv run python benchmarks/indicators_refresh.py --smoke          # tiny seed, about 2 minutes
    uv run python benchmarks/indicators_refresh.py                  # small seed, about 3.5 minutes
    uv run python benchmarks/indicators_refresh.py --scale national --repeat 1

Steps: (1) a throwaway PostgreSQL database (``bench_indicators_<pid>`` on the server of
``--admin-url``, dropped afterwards), migrated and seeded with ``helhet seed --scale <scale>``
(``tiny`` with ``--smoke``, ``small`` by default), with run.py's ``DATABASE_SETTINGS``; or
``--database-url`` (an existing, seeded database for benchmarking: the benchmark rewrites its
counts, may mark one professional as leader group and add a network); (2) setup: the largest
municipality (most children), a professional there in the 0–24 leader group (one who already
is, else the first active one is made one), a network of every municipality unless the
municipality is already in one; (3) ``--repeat`` times, each in a fresh process:
``helhet indicators refresh`` for every municipality, then ``--municipality <largest>``; time
(the process's wall time and ``IndicatorRefresh.seconds``, the refresh itself without Django's
start), peak memory (the process's maximum resident set, ``os.wait4``) and counts written;
(4) in one fresh process, through ``django.test.Client`` with a logged-in, second-factor session
(prepare.py's): ``/healthz``, the dashboard (``indicators:dashboard``, its default period: the
last twelve months) and the network comparison (``indicators:comparison``), interleaved,
``--iterations`` times each after a warm-up; medians, the ratios against ``/healthz`` and each
page's SQL query count (one more render, captured). Prints a table and writes
``benchmarks/results/indicators_<label>.json``.

Nothing is asserted on timings: the exit code is non-zero only when a step failed or a page did
not answer 200.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks import processes
from benchmarks.run import _server_env, collect_static, tune_database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
NETWORK_NAME = "Benchmark network (all municipalities)"


def _say(message: str) -> None:
    print(f"[indicators] {message}", file=sys.stderr, flush=True)


def throwaway_database(admin_url: str):
    return processes.throwaway_database(admin_url, prefix="bench_indicators", say=_say)


# --- processes ----------------------------------------------------------------------------------


def _run_step(step: str, env: dict, **options) -> dict:
    return processes.run_step("benchmarks.indicators_refresh", step, env, **options)


def _helhet(*args: str, env: dict) -> tuple[float, float]:
    _output, wall, peak = processes.run([sys.executable, "-m", "helhet.cli", *args], env)
    return wall, peak


_setup_django = processes.setup_django


# --- steps, each run in a fresh process -----------------------------------------------------------


def step_setup() -> dict:
    """The largest municipality, its leader-group member and a network to compare in."""
    _setup_django()
    from django.db import transaction
    from django.db.models import Count

    from benchmarks.prepare import dataset_sizes
    from helhet.core import clock
    from helhet.indicators.models import Network, NetworkMember
    from helhet.people.models import Child, Professional
    from helhet.tenancy.models import Municipality

    children = dict(
        Child.objects.values("municipality_id")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "n")
    )
    municipalities = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    largest = min(municipalities, key=lambda m: (-children.get(m, 0), m))
    candidates = Professional.objects.filter(
        municipality_id=largest, user__is_active=True
    ).order_by("-is_leader_group", "pk")
    leader = candidates.select_related("user").first()
    if leader is None:
        raise SystemExit("setup: no active professional in the largest municipality")
    made_leader = not leader.is_leader_group
    network_created = False
    with transaction.atomic():
        if made_leader:
            leader.is_leader_group = True
            leader.save(update_fields=["is_leader_group"])
        network = Network.objects.filter(members__municipality_id=largest).order_by("pk").first()
        if network is None:
            network = Network.objects.create(name=NETWORK_NAME)
            NetworkMember.objects.bulk_create(
                NetworkMember(
                    network=network,
                    municipality_id=m,
                    opted_in_by=leader,
                    opted_in_at=clock.now(),
                )
                for m in municipalities
            )
            network_created = True
    return {
        "dataset": dataset_sizes(),
        "largest_municipality": largest,
        "largest_children": children.get(largest, 0),
        "leader_user": leader.user_id,
        "leader_made_leader_group": made_leader,
        "network": network.pk,
        "network_created": network_created,
        "network_members": network.members.count(),
    }


def step_counts(municipality: int | None = None) -> dict:
    """What the last refresh wrote: per municipality its seconds and rows."""
    _setup_django()
    from django.db.models import Sum

    from helhet.indicators.models import IndicatorCount, IndicatorRefresh

    refreshes = IndicatorRefresh.objects.order_by("municipality_id")
    if municipality is not None:
        refreshes = refreshes.filter(municipality_id=municipality)
    per = {r.municipality_id: {"seconds": r.seconds, "rows": r.rows} for r in refreshes}
    counts = IndicatorCount.objects.all()
    if municipality is not None:
        counts = counts.filter(municipality_id=municipality)
    return {
        "per_municipality": per,
        "refresh_seconds": sum(r["seconds"] for r in per.values()),
        "rows": sum(r["rows"] for r in per.values()),
        "stored_counts": counts.count(),
        "stored_sum": counts.aggregate(s=Sum("n"))["s"] or 0,
    }


def step_render(user: int, network: int | None, iterations: int) -> dict:
    """``/healthz``, the dashboard and the network comparison, interleaved, in-process."""
    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.prepare import _give_totp, _session_for
    from helhet.people.models import User

    leader = User.objects.get(pk=user)
    # 127.0.0.1 is in the default ALLOWED_HOSTS; Django's "testserver" is not outside tests.
    client = Client(HTTP_HOST="127.0.0.1")
    _give_totp(leader)
    client.cookies[settings.SESSION_COOKIE_NAME] = _session_for(leader)
    pages = {"healthz": reverse("healthz"), "dashboard": reverse("indicators:dashboard")}
    if network is not None:
        pages["comparison"] = reverse("indicators:comparison", args=[network])

    def fetch(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"render: {url} answered {response.status_code}")
        return elapsed

    for url in pages.values():  # warm up: templates, translations, the connection
        for _ in range(3):
            fetch(url)
    times: dict[str, list[float]] = {name: [] for name in pages}
    names = list(pages)
    for i in range(iterations):
        # Each round in a rotated order, so that drift and warm caches favour no page.
        for name in names[i % len(names) :] + names[: i % len(names)]:
            times[name].append(fetch(pages[name]))
    queries = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            fetch(url)
        queries[name] = len(captured.captured_queries)
    healthz_ms = statistics.median(times["healthz"]) * 1000
    result = {}
    for name, url in pages.items():
        median_ms = statistics.median(times[name]) * 1000
        result[name] = {
            "url": url,
            "iterations": iterations,
            "median_ms": round(median_ms, 3),
            "p90_ms": round(statistics.quantiles(times[name], n=10)[-1] * 1000, 3)
            if iterations >= 2
            else round(median_ms, 3),
            "to_healthz": round(median_ms / healthz_ms, 2),
            "queries": queries[name],
        }
    return result


STEPS = {"setup": step_setup, "counts": step_counts, "render": step_render}


# --- the run ------------------------------------------------------------------------------------


def _refresh(env: dict, municipality: int | None) -> dict:
    args = ["indicators", "refresh"]
    if municipality is not None:
        args += ["--municipality", str(municipality)]
    wall, peak = _helhet(*args, env=env)
    counts = _run_step("counts", env, municipality=municipality)
    per = counts.pop("per_municipality")
    counts.pop("process_seconds"), counts.pop("peak_mib")
    run = {"process_seconds": wall, "peak_mib": peak, **counts}
    if municipality is None:
        run["municipalities"] = len(per)
        run["slowest_seconds"] = max((r["seconds"] for r in per.values()), default=0.0)
    return run


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _table(result: dict) -> str:
    lines = [
        f"| refresh (median of {len(result['refresh_all'])}, each a fresh process) | refresh s |"
        " process s | peak MiB (max) | counts written |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, label in (
        ("refresh_largest", f"largest municipality (id {result['setup']['largest_municipality']})"),
        ("refresh_all", f"all {result['refresh_all'][0]['municipalities']} municipalities"),
    ):
        runs = result[key]
        lines.append(
            f"| {label} | {_median(runs, 'refresh_seconds'):.2f} |"
            f" {_median(runs, 'process_seconds'):.2f} |"
            f" {max(r['peak_mib'] for r in runs):,.0f} | {runs[-1]['rows']:,} |"
        )
    render = result["render"]
    lines += [
        "",
        f"| page (in-process, {render['healthz']['iterations']}× each) | median ms | p90 ms |"
        " ÷ /healthz | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, page in render.items():
        lines.append(
            f"| {name} (`{page['url']}`) | {page['median_ms']:.2f} | {page['p90_ms']:.2f} |"
            f" {page['to_healthz']:.2f} | {page['queries']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true", help="tiny seed, one repetition")
    parser.add_argument("--scale", default=None, help="helhet seed --scale (default small)")
    parser.add_argument("--repeat", type=int, default=3, help="refreshes of each kind")
    parser.add_argument("--iterations", type=int, default=200, help="renders of each page")
    parser.add_argument("--database-url", help="an existing, seeded database (else throwaway)")
    parser.add_argument("--admin-url", default=os.environ.get("DATABASE_URL", DEFAULT_ADMIN_URL))
    parser.add_argument("--label", default=None)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(STEPS[args.step](**json.loads(args.options)), default=str))
        return 0
    if args.smoke:
        args.scale, args.repeat, args.iterations = args.scale or "tiny", 1, 10
    args.scale = args.scale or "small"
    if args.repeat < 1 or args.iterations < 1:
        parser.error("--repeat and --iterations must be at least 1")
    label = args.label or ("smoke" if args.smoke else args.scale)
    with contextlib.ExitStack() as stack:
        database_url = args.database_url or stack.enter_context(throwaway_database(args.admin_url))
        # run.py's production-like settings (DEBUG off, no HTTPS redirect on localhost).
        env = {**_server_env(database_url), "PYTHONPATH": str(ROOT)}
        seed = None
        if not args.database_url:
            _say("migrating")
            _helhet("migrate", "-v", "0", env=env)
            _say(f"seeding --scale {args.scale}")
            wall, peak = _helhet("seed", "--scale", args.scale, env=env)
            seed = {"scale": args.scale, "seconds": wall, "peak_mib": peak}
            _say(f"seeded in {wall:.1f} s")
            tune_database(database_url)
        result = _measure(args, env, label, seed)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"indicators_{label}.json"
    out.write_text(json.dumps(result, indent=2, default=str))
    print(_table(result))
    _say(f"wrote {out.relative_to(ROOT)}")
    return 0


def _measure(args, env: dict, label: str, seed: dict | None) -> dict:
    setup = _run_step("setup", env)
    largest = setup["largest_municipality"]
    _say(
        f"largest municipality {largest} ({setup['largest_children']:,} children), "
        f"network {setup['network']} of {setup['network_members']}"
    )
    result = {
        "label": label,
        "finished_at": None,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "seed": seed,
        "setup": setup,
        "refresh_all": [],
        "refresh_largest": [],
        "render": None,
    }
    for n in range(args.repeat):
        for key, municipality in (("refresh_all", None), ("refresh_largest", largest)):
            run = _refresh(env, municipality)
            result[key].append(run)
            _say(
                f"{n + 1}/{args.repeat} {key}: {run['refresh_seconds']:.2f} s refresh,"
                f" {run['process_seconds']:.2f} s process, {run['peak_mib']:.0f} MiB,"
                f" {run['rows']:,} counts"
            )
    # DEBUG off serves WhiteNoise's manifest, which the templates' {% static %} needs.
    env = {**env, "STATIC_ROOT": str(collect_static(env))}
    _say(f"rendering each page {args.iterations}×")
    render = _run_step(
        "render",
        env,
        user=setup["leader_user"],
        network=setup["network"],
        iterations=args.iterations,
    )
    render.pop("process_seconds"), render.pop("peak_mib")
    result["render"] = render
    result["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
