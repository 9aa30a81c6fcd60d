"""The load benchmark in one command: prepare, serve with gunicorn, load with locust, report.

    uv sync --frozen --group bench
    uv run python benchmarks/run.py --database-url postgres://postgres@127.0.0.1/helhet_small \\
        --users 8 --duration 60 --workers 4 --label small
    uv run python benchmarks/run.py --smoke          # CI: throwaway database, a few seconds

Steps: (1) with ``--smoke``, create a throwaway PostgreSQL database, migrate and seed it;
(2) prepare.py: professionals with sessions, TOTP and API tokens; (3) collectstatic (cached) and
gunicorn on a free localhost port, production-like settings, until /healthz answers; (4) locust,
headless: a warm-up, then the /healthz-only user class for D seconds (the framework's ceiling),
then the professionals' mixed scenario for D seconds, with the same number of users; (5) the
audit-logging overhead, in-process; (6) a table per endpoint and the ratios, and the figures as
JSON in benchmarks/results/<label>.json (git-ignored: figures of one machine; the ones that
matter go into docs/performance.md). gunicorn is stopped and the smoke database dropped in every
case, also on Ctrl-C or SIGTERM.

Exits non-zero when the server did not start, every request failed, or (with ``--smoke``) any
request of the professional's day failed — never on timings.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
RESULTS = BENCH / "results"
# collectstatic with WhiteNoise's compressed manifest takes about a minute on 2 cores; the
# result depends only on the code and the locked packages, so it is kept between runs.
STATIC_CACHE = ROOT / "var" / "bench" / "static"
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

# What seeds the smoke database (``--smoke-seed="--demo"`` on the command line overrides it).
SMOKE_SEED = ["--scale", "tiny"]
# Planner costs for storage where random reads cost about as much as sequential ones (SSD, or
# a database that fits in memory), as docs/performance.md recommends for production: with the
# default 4.0 PostgreSQL prefers a one-column index scanned in heap order over a selective one.
DATABASE_SETTINGS = {"random_page_cost": "1.1"}

# gunicorn's sync workers: one request per process at a time, as README's production line runs
# it. The work per request is CPU-bound Python (templates, serializers) plus short queries on
# localhost, so threads would contend for the GIL without adding throughput on 2 cores; the
# proxy in front (nginx) buffers slow clients, which is what gthread would otherwise cover.
WORKER_CLASS = "sync"


class Failed(Exception):
    """The benchmark could not run (server did not start, a preparation step failed)."""


def _stop_on_sigterm() -> None:
    # A CI runner or service manager stops us with SIGTERM: unwind through ``finally`` blocks.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def _helhet(*args: str, env: dict, quiet: bool = False) -> None:
    """A ``helhet`` management command in a fresh process (settings read from ``env``)."""
    command = [sys.executable, "-m", "helhet.cli", *args]
    out = subprocess.DEVNULL if quiet else None
    result = subprocess.run(command, env=env, cwd=ROOT, stdout=out, check=False)  # noqa: S603
    if result.returncode != 0:
        raise Failed(f"helhet {' '.join(args)} exited with {result.returncode}")


def _python_module(module: str, *args: str, env: dict) -> None:
    command = [sys.executable, "-m", module, *args]
    result = subprocess.run(command, env=env, cwd=ROOT, check=False)  # noqa: S603
    if result.returncode != 0:
        raise Failed(f"{module} exited with {result.returncode}")


# --- the database -------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def smoke_database(admin_url: str):
    """A throwaway PostgreSQL database, dropped afterwards whatever happens."""
    import psycopg

    name = f"bench_smoke_{os.getpid()}"
    admin_url = _with_database(admin_url, "postgres")  # the server's maintenance database
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    _say(f"created database {name}")
    try:
        yield _with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            # FORCE (PostgreSQL 13+): a worker's kept-alive connection must not block the drop.
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _say(f"dropped database {name}")


def tune_database(database_url: str) -> None:
    """Apply DATABASE_SETTINGS to the benchmarked database (new connections pick them up)."""
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlsplit(database_url).path[1:]
    with psycopg.connect(database_url, autocommit=True) as connection:
        for setting, value in DATABASE_SETTINGS.items():
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(setting), sql.Literal(value)
                )
            )
    _say(f"database settings: {DATABASE_SETTINGS}")


# --- static files -------------------------------------------------------------------------------


def _static_fingerprint() -> str:
    """What collectstatic's output depends on: the locked packages and our own static files."""
    digest = hashlib.sha256()
    for lock in ("uv.lock", "package-lock.json"):
        path = ROOT / lock
        digest.update(path.read_bytes() if path.exists() else b"-")
    for path in sorted((ROOT / "helhet").glob("**/static/**/*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def collect_static(env: dict) -> Path:
    fingerprint = _static_fingerprint()
    stamp = STATIC_CACHE / ".fingerprint"
    if (
        stamp.exists()
        and stamp.read_text() == fingerprint
        and (STATIC_CACHE / "staticfiles.json").exists()
    ):
        _say(f"static files: cached in {STATIC_CACHE}")
        return STATIC_CACHE
    _say(f"static files: collectstatic into {STATIC_CACHE} (about a minute)")
    shutil.rmtree(STATIC_CACHE, ignore_errors=True)
    STATIC_CACHE.mkdir(parents=True)
    _helhet(
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
        env={**env, "STATIC_ROOT": str(STATIC_CACHE)},
    )
    stamp.write_text(fingerprint)
    return STATIC_CACHE


# --- gunicorn -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int, log: Path):
    """gunicorn serving helhet.wsgi on a free localhost port until /healthz answers; yields the
    base URL and stops the server (SIGTERM, then SIGKILL after 30 s) on the way out."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config=python:helhet.gunicorn_conf",  # as the README's production line
        f"--workers={workers}",
        f"--worker-class={WORKER_CLASS}",
        f"--bind=127.0.0.1:{port}",
        "--timeout=60",
        "--graceful-timeout=10",
        f"--error-logfile={log}",
        "--log-level=warning",
    ]
    with log.open("ab") as output:
        # Its own session: a Ctrl-C in the terminal reaches us, and we stop it in order.
        server = subprocess.Popen(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=output, stderr=output, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(server, base_url, log)
        _say(f"gunicorn ({workers} {WORKER_CLASS} workers) on {base_url}, pid {server.pid}")
        yield base_url
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        _say(f"gunicorn stopped (exit {server.returncode})")


def _wait_for_health(server: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise Failed(f"gunicorn exited with {server.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise Failed("gunicorn did not answer /healthz within 60 seconds")


# --- locust -------------------------------------------------------------------------------------


def run_locust(
    user_class: str, *, base_url: str, users: int, seconds: int, env: dict, csv_prefix: Path
) -> dict:
    """One headless locust phase; the per-endpoint figures from its CSV."""
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--host",
        base_url,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(users, 1)),  # all users within the first second
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        user_class,
    ]
    log = Path(f"{csv_prefix}.log")
    with log.open("wb") as output:
        # locust exits 1 when any request failed; failures are reported, not fatal. Its own
        # summary goes to the log: the table below is the report.
        subprocess.run(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=output, stderr=output, check=False
        )
    stats = _read_stats(csv_prefix)
    if stats["total"] is None:
        tail = log.read_text(errors="replace")[-3000:]
        _say(f"locust ({user_class}) left no statistics; its output ends with:\n{tail}")
    else:
        _say(
            f"  {stats['total']['requests']} requests, {stats['total']['failures']} failed, "
            f"{stats['total']['rps']:.1f} req/s"
        )
    return stats


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None  # "N/A" when there were no requests


def _read_stats(csv_prefix: Path) -> dict:
    path = Path(f"{csv_prefix}_stats.csv")
    endpoints, total = {}, None
    if path.exists():
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                figures = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": _number(row["Requests/s"]),
                    "p50_ms": _number(row["50%"]),
                    "p95_ms": _number(row["95%"]),
                    "p99_ms": _number(row["99%"]),
                    "mean_ms": _number(row["Average Response Time"]),
                }
                if row["Name"] == "Aggregated":
                    total = figures
                else:
                    endpoints[row["Name"]] = {"method": row["Type"], **figures}
    failures = []
    failures_path = Path(f"{csv_prefix}_failures.csv")
    if failures_path.exists():
        with failures_path.open(newline="") as handle:
            failures = [
                {"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
                for r in csv.DictReader(handle)
            ]
    return {"endpoints": endpoints, "total": total, "failures": failures}


# --- reporting ----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def print_table(healthz: dict, mixed: dict, ratio: float | None) -> None:
    header = f"{'endpoint':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    header += f"{'requests':>9} {'failures':>9}"
    print()
    print(header)
    print("-" * len(header))

    def line(name: str, f: dict) -> None:
        print(
            f"{name:<20} {_fmt(f['rps'], 1):>8} {_fmt(f['p50_ms']):>8} {_fmt(f['p95_ms']):>8} "
            f"{_fmt(f['p99_ms']):>8} {f['requests']:>9} {f['failures']:>9}"
        )

    for name in sorted(mixed["endpoints"]):
        line(name, mixed["endpoints"][name])
    if mixed["total"]:
        line("mixed (all)", mixed["total"])
    if healthz["total"]:
        line("healthz (alone)", healthz["total"])
    print()
    if ratio is not None:
        print(
            f"throughput: mixed {mixed['total']['rps']:.1f} req/s, healthz "
            f"{healthz['total']['rps']:.1f} req/s; mixed/healthz = {ratio:.2f} (target ≥ 0.40)"
        )
    for phase, stats in (("healthz", healthz), ("mixed", mixed)):
        for failure in stats["failures"][:8]:
            name, error, times = failure["name"], failure["error"], failure["occurrences"]
            print(f"  {phase} failure: {name}: {error} ×{times}")


def _requests(stats: dict) -> tuple[int, int]:
    total = stats["total"] or {"requests": 0, "failures": 0}
    return total["requests"], total["failures"]


# --- main ---------------------------------------------------------------------------------------


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Helhet load benchmark: gunicorn + PostgreSQL + locust (see README.md)."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL database to benchmark (default: $DATABASE_URL). With --smoke: the "
        f"server to create the throwaway database on (default {DEFAULT_ADMIN_URL}).",
    )
    parser.add_argument("--users", type=int, help="Simulated users (default 8; smoke 4).")
    parser.add_argument("--duration", type=int, help="Seconds per phase (default 60; smoke 5).")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 4; smoke 2).")
    parser.add_argument(
        "--warmup",
        type=int,
        help="Seconds of mixed load before measuring (default 10; smoke 2); not counted.",
    )
    parser.add_argument(
        "--wait",
        default="0",
        help="Think time between a user's tasks, seconds or a range like 1-3 (default 0: "
        "closed loop at saturation, which the throughput ratio needs).",
    )
    parser.add_argument(
        "--audit-iterations",
        type=int,
        help="Case-page fetches per variant for the audit overhead "
        "(default 200; smoke 10; 0: skip).",
    )
    parser.add_argument(
        "--placement",
        choices=("mixed", "largest", "spread"),
        default="mixed",
        help="Where the simulated professionals work: half in the largest municipality "
        "(mixed, the default), all in it (largest) or spread over the others (spread); "
        "largest against spread measures contention on one municipality's access-log chain.",
    )
    parser.add_argument("--label", help="Name of the results file (default: the database name).")
    parser.add_argument("--smoke", action="store_true", help="Throwaway database, a few seconds.")
    parser.add_argument(
        "--smoke-seed",
        metavar="ARGS",
        help='Arguments of "helhet seed" for --smoke, e.g. --smoke-seed="--demo" (default: '
        '"--scale tiny").',
    )
    args = parser.parse_args(argv)
    defaults = (
        {"users": 4, "duration": 5, "workers": 2, "warmup": 2, "audit_iterations": 10}
        if args.smoke
        else {"users": 8, "duration": 60, "workers": 4, "warmup": 10, "audit_iterations": 200}
    )
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.smoke and not args.database_url.startswith(("postgres://", "postgresql://")):
        args.database_url = DEFAULT_ADMIN_URL
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url (or DATABASE_URL) must point to PostgreSQL")
    if args.users < 1 or args.duration < 1 or args.workers < 1:
        parser.error("--users, --duration and --workers must be at least 1")
    return args


def _server_env(database_url: str) -> dict:
    """Production-like settings from the environment (helhet/settings.py reads them all)."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            # No TLS on localhost: HTTPS redirects and secure cookies would refuse plain http.
            "HELHET_HTTPS": "false",
            "HELHET_DEMO": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    # SECRET_KEY is inherited (else var/secret_key, shared by every process of this checkout):
    # the sessions prepare.py signs must be accepted by gunicorn, and the access log's HMAC key
    # derives from it, so a persistent database keeps verifying.
    return env


def benchmark(args: argparse.Namespace, database_url: str, work: Path) -> int:
    env = _server_env(database_url)
    if args.smoke:
        _say("migrate")
        _helhet("migrate", "--verbosity", "0", env=env)
        seed = args.smoke_seed.split() if args.smoke_seed else SMOKE_SEED
        _say(f"seed {' '.join(seed)}")
        _helhet("seed", *seed, env=env, quiet=True)

    tune_database(database_url)
    profiles_path = work / "profiles.json"
    _python_module(
        "benchmarks.prepare",
        "--users",
        str(args.users),
        "--placement",
        args.placement,
        "--out",
        str(profiles_path),
        env=env,
    )
    profiles = json.loads(profiles_path.read_text())
    if profiles["needs_demo_mode"]:
        _say("the picked professionals are demo accounts: serving with HELHET_DEMO on")
        env["HELHET_DEMO"] = "true"
    env["STATIC_ROOT"] = str(collect_static(env))

    load_env = {**env, "HELHET_BENCH_PROFILES": str(profiles_path), "HELHET_BENCH_WAIT": args.wait}
    phase = {"base_url": None, "users": args.users, "env": load_env}
    with gunicorn(env, workers=args.workers, log=work / "gunicorn.log") as base_url:
        phase["base_url"] = base_url
        if args.warmup:
            _say(f"warm-up: mixed scenario, {args.warmup} s (not counted)")
            run_locust("Professional", seconds=args.warmup, csv_prefix=work / "warmup", **phase)
        _say(f"phase 1: /healthz only, {args.users} users, {args.duration} s")
        healthz = run_locust("Healthz", seconds=args.duration, csv_prefix=work / "healthz", **phase)
        _say(f"phase 2: mixed scenario, {args.users} users, {args.duration} s")
        mixed = run_locust(
            "Professional", seconds=args.duration, csv_prefix=work / "mixed", **phase
        )

    audit = None
    if args.audit_iterations:
        _say(f"audit overhead: case page, {args.audit_iterations}× with and without")
        audit_path = work / "audit.json"
        try:
            _python_module(
                "benchmarks.audit_overhead",
                "--profiles",
                str(profiles_path),
                "--iterations",
                str(args.audit_iterations),
                "--json",
                str(audit_path),
                env=env,
            )
            audit = json.loads(audit_path.read_text())
        except Failed as error:  # reported; the load figures are still worth writing
            _say(f"audit overhead not measured: {error}")

    ratio = None
    if healthz["total"] and mixed["total"] and healthz["total"]["rps"]:
        ratio = mixed["total"]["rps"] / healthz["total"]["rps"]
    print_table(healthz, mixed, ratio)

    label = args.label or ("smoke" if args.smoke else urllib.parse.urlsplit(database_url).path[1:])
    result = {
        "label": label,
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "users": args.users,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "worker_class": WORKER_CLASS,
            "wait": args.wait,
            "smoke": args.smoke,
            "demo_mode": profiles["needs_demo_mode"],
        },
        "dataset": profiles.get("dataset", {}),
        "professionals": profiles["professionals"],
        "municipalities_of_users": profiles["municipalities"],
        "healthz": healthz,
        "mixed": mixed,
        "mixed_to_healthz_throughput": None if ratio is None else round(ratio, 4),
        "audit_overhead": audit,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{label}.json"
    out.write_text(json.dumps(result, indent=1))
    _say(f"figures written to {out.relative_to(ROOT)}")

    requests, failures = _requests(healthz)
    mixed_requests, mixed_failures = _requests(mixed)
    if requests + mixed_requests == 0 or failures + mixed_failures == requests + mixed_requests:
        _say("every request failed")
        return 1
    if args.smoke and (mixed_requests == 0 or mixed_failures):
        # The smoke run proves the professional's pages answer under load; a page that
        # redirects to the login (or fails) there is a broken benchmark, not a slow one.
        _say(f"{mixed_failures} of {mixed_requests} requests of the mixed scenario failed")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    _stop_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="helhet-bench-"))
    try:
        if args.smoke:
            with smoke_database(args.database_url) as database_url:
                return benchmark(args, database_url, work)
        return benchmark(args, args.database_url, work)
    except Failed as error:
        _say(f"failed: {error}")
        return 2
    finally:
        # The work folder holds the profiles (live sessions and tokens) and locust's CSVs.
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
