"""``helhet seed --scale``: a Norway-size synthetic dataset, bulk-loaded into PostgreSQL.

Municipalities and their service directories go through the ordinary services (a few thousand
rows); everything per child — children, guardians, concerns, open cases with team, consent, plan
and log, and the access log with valid hash chains — is generated into spool files and loaded
with COPY, in one transaction: a failed run leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue
import random
import resource
import tempfile
import time

from django.conf import settings
from django.db import connection, transaction
from tqdm import tqdm

from helhet.audit.models import AuditChain, AuditEvent
from helhet.audit.partitions import ensure_partitions
from helhet.cases.vocabulary import COLLABORATION_MIN_LEVEL
from helhet.core import clock
from helhet.synthetic.generator import Generator, ascii_slug
from helhet.synthetic.scale import audit, copy
from helhet.synthetic.scale.rows import MunicipalityRows, Spools
from helhet.synthetic.scale.sizes import SCALES, municipality_sizes
from helhet.synthetic.scale.texts import NamePool
from helhet.tenancy import services as tenancy_services
from helhet.tenancy.models import Municipality

OPEN_CONCERNS_PER_CASE = 0.05  # concerns awaiting a decision, for My work
CASES_PER_PROFESSIONAL = 4  # with teams of 2–4 each professional is on about a dozen cases
# Rows are generated in this many processes (the machine's cores, at most 2 by default: the
# parent then loads while PostgreSQL uses the cores). HELHET_SEED_WORKERS overrides.
WORKERS = int(os.environ.get("HELHET_SEED_WORKERS", min(2, os.cpu_count() or 1)))


@dataclasses.dataclass
class Report:
    scale: str
    rows: dict[str, int]
    seconds: dict[str, float]
    peak_memory_mib: float


class ScaleSeedError(Exception):
    """The scale seed cannot run here (the message says why)."""


def seed_at_scale(name: str, *, seed: int = 2026, progress: bool = True) -> Report:
    if connection.vendor != "postgresql":
        raise ScaleSeedError("--scale loads with COPY and needs PostgreSQL (set DATABASE_URL).")
    scale = SCALES[name]
    rng = random.Random(seed)
    now, today = clock.now(), clock.today()
    timings: dict[str, float] = {}
    started = time.monotonic()
    # Spool files go beside the installation's data (several GB at national scale), not /tmp.
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scale-seed.", dir=settings.VAR_DIR) as directory:
        with transaction.atomic():
            heads, spools, ids = _generate(scale, rng, directory, now, today, progress)
            timings["generate"] = time.monotonic() - started
            loading = time.monotonic()
            _load(spools, progress)
            AuditChain.objects.bulk_create(
                AuditChain(key=key, last_sequence=sequence, last_hash=last_hash)
                for key, sequence, last_hash in heads
            )
            ids.reset_sequences()
            timings["load"] = time.monotonic() - loading
        analysing = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["analyse"] = time.monotonic() - analysing
    timings["total"] = time.monotonic() - started
    rows: dict[str, int] = {}
    for spool in spools:
        rows[spool.table] = rows.get(spool.table, 0) + spool.rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Report(scale=name, rows=rows, seconds=timings, peak_memory_mib=max(peak, children_peak))


@dataclasses.dataclass
class _Task:
    """One municipality's rows, made in a worker: everything it needs is here (no database)."""

    municipality: Municipality
    services: list
    domain: str
    children: int
    cases: int
    audit_events: int
    seed: int


def _generate(scale, rng, directory, now, today, progress):
    """Municipalities through the services, here; their rows in WORKERS processes, each into
    its own spool files with its own ids. Returns the chain heads, every spool (grouped by
    table, in load order) and the ids whose sequences to reset."""
    levels = [
        level
        for level in tenancy_services.level_models_ensure_builtin()["bti"].levels.all()
        if level.number >= COLLABORATION_MIN_LEVEL
    ]
    framework = tenancy_services.wellbeing_frameworks_ensure_builtin()["nordic"]
    life_areas = list(framework.areas.all())
    names = NamePool(rng)
    municipalities = Generator(seed=rng.randint(0, 2**31), password=None)
    taken = set(Municipality.objects.filter(country="NO").values_list("name", flat=True))
    ensure_partitions(now - audit.HISTORY, now)
    tasks = []
    for index, children_count in enumerate(municipality_sizes(scale)):
        name = _municipality_name(names, taken, index)
        domain = f"{ascii_slug(name)}.example"
        municipality, services = municipalities.municipality(
            name=name, country="NO", language="nb", level_model="bti", domain=domain
        )
        tasks.append(
            _Task(
                municipality=municipality,
                services=services,
                domain=domain,
                children=children_count,
                cases=round(scale.share(scale.cases, children_count)),
                audit_events=round(scale.share(scale.audit_events, children_count)),
                seed=rng.randint(0, 2**31),
            )
        )
    tables = [*Spools.MODELS, AuditEvent]
    maxima = copy.Ids.maxima(tables)
    shares: list[list[_Task]] = [[] for _ in range(WORKERS)]
    for task in sorted(tasks, key=lambda t: -t.children):  # the largest first, to the lightest
        min(shares, key=lambda share: sum(t.children for t in share)).append(task)
    common = {
        "directory": directory,
        "maxima": maxima,
        "levels": levels,
        "life_areas": life_areas,
        "names": names,
        "log_per_case": scale.log_entries / scale.cases,
        "now": now,
        "today": today,
    }
    results = _run_workers(shares, common, total=scale.children, progress=progress)
    heads = [head for worker in sorted(results) for head in results[worker][0]]
    by_table: dict[str, list[copy.Spool]] = {}
    for worker in sorted(results):
        for spool in results[worker][1]:
            by_table.setdefault(spool.table, []).append(spool)
    order = [model._meta.db_table for model in tables]
    spools = [spool for table in order for spool in by_table.get(table, [])]
    ids = copy.Ids({model._meta.db_table: maxima[model._meta.db_table] for model in tables})
    return sorted(heads), spools, ids


def _run_workers(shares, common, *, total: int, progress: bool) -> dict:
    """Fork the workers (they inherit the data; the parent's open transaction stays the
    parent's: a worker never touches the database) and collect what each spooled."""
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)
    answers = context.Queue()
    workers = [
        context.Process(
            target=_worker, args=(k, len(shares), share, common, done, answers), daemon=True
        )
        for k, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    results: dict[int, tuple] = {}
    bar = tqdm(total=total, unit=" children", desc="generate", disable=not progress)
    try:
        while len(results) < len(workers):
            try:
                status, k, *payload = answers.get(timeout=0.5)
            except queue.Empty:
                if any(not w.is_alive() and w.exitcode not in (0, None) for w in workers):
                    raise ScaleSeedError("a seeding worker died without an answer") from None
            else:
                if status == "error":
                    raise ScaleSeedError(f"seeding worker {k} failed: {payload[0]}")
                results[k] = tuple(payload)
            if done.value != bar.n:  # a municipality finished
                bar.update(done.value - bar.n)
    finally:
        bar.close()
        for worker in workers:
            if worker.is_alive() and len(results) < len(workers):
                worker.terminate()
            worker.join()
    return results


def _worker(k: int, count: int, share: list[_Task], common: dict, done, answers) -> None:
    try:
        directory = os.path.join(common["directory"], f"worker{k}")
        os.makedirs(directory)
        ids = copy.Ids({table: top + 1 + k for table, top in common["maxima"].items()}, count)
        spools = Spools(directory)
        audit_spool = copy.Spool(AuditEvent, directory)
        names = common["names"]
        heads = []
        for task in share:
            rng = random.Random(task.seed)
            names.rng = rng  # the pool's names, drawn in this municipality's own order
            rows = MunicipalityRows(
                rng=rng,
                ids=ids,
                spools=spools,
                names=names,
                municipality=task.municipality,
                services=task.services,
                levels=common["levels"],
                life_areas=common["life_areas"],
                now=common["now"],
                today=common["today"],
            )
            rows.professionals(max(1, task.cases // CASES_PER_PROFESSIONAL), task.domain)
            children = rows.children(task.children)
            cases = rows.cases(children, task.cases, common["log_per_case"])
            rows.open_concerns(children, round(task.cases * OPEN_CONCERNS_PER_CASE))
            heads.append(
                audit.write_chain(
                    spool=audit_spool,
                    ids=ids,
                    rng=rng,
                    municipality_id=task.municipality.pk,
                    cases=cases,
                    members=rows.members,
                    count=task.audit_events,
                    now=common["now"],
                )
            )
            with done.get_lock():
                done.value += task.children
        finished = [*spools, audit_spool]
        for spool in finished:
            spool.close()
        answers.put(("ok", k, heads, finished))
    except BaseException as exc:
        answers.put(("error", k, f"{type(exc).__name__}: {exc}"))


def _municipality_name(names: NamePool, taken: set[str], index: int) -> str:
    base = names.cities[index % len(names.cities)]
    name, suffix = f"{base} kommune", 2
    while name in taken:
        name, suffix = f"{base} {suffix} kommune", suffix + 1
    taken.add(name)
    return name


def _load(spools: list[copy.Spool], progress: bool) -> None:
    """COPY every spool, with secondary indexes dropped during the load and rebuilt after, and
    per-row foreign-key triggers off where we may (the rows are consistent by construction)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # faster index builds
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
    bar = tqdm(
        total=sum(spool.size for spool in spools),
        unit="B",
        unit_scale=True,
        desc="load",
        disable=not progress,
    )
    tables: dict[str, list[copy.Spool]] = {}
    for spool in spools:  # in load order, a table's spools (one per worker) together
        tables.setdefault(spool.table, []).append(spool)
    for table, of_table in tables.items():
        indexes = copy.secondary_indexes(table)
        copy.drop_indexes(indexes)
        bar.set_postfix_str(f"loading {table}")
        for spool in of_table:
            spool.load(on_bytes=bar.update)
        bar.set_postfix_str(f"indexing {table}")
        copy.create_indexes(indexes)
    bar.close()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
