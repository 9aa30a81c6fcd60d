"""What the step-by-step benchmarks share: a throwaway PostgreSQL database, and each step in a
fresh Python process with its wall time and peak memory (``os.wait4``)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def throwaway_database(admin_url: str, *, prefix: str, say: Callable[[str], None]):
    """A new PostgreSQL database, dropped afterwards whatever happens."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    admin_url = with_database(admin_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    say(f"created database {name}")
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        say(f"dropped database {name}")


def run(command: list[str], env: dict) -> tuple[str, float, float]:
    """A command in a new process: its standard output, wall time and peak memory (MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)  # noqa: S603
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:])} exited with {process.returncode}")
    return output.decode(), wall, usage.ru_maxrss / 1024  # Linux: kilobytes


def run_step(module: str, step: str, env: dict, **options) -> dict:
    """One step of a benchmark module in a new Python process: its JSON answer (the last line
    it prints) with its time and peak memory."""
    command = [sys.executable, "-m", module, "--step", step, "--options", json.dumps(options)]
    output, wall, peak = run(command, env)
    answer = json.loads(output.strip().splitlines()[-1])
    answer["process_seconds"] = wall
    answer["peak_mib"] = peak
    return answer


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    import django

    django.setup()
