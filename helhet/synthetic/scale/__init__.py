"""``helhet seed --scale``: a Norway-size synthetic dataset, bulk-loaded into PostgreSQL.

Municipalities and their service directories go through the ordinary services (a few thousand
rows); everything per child — children, guardians, concerns, open cases with team, consent, plan
and log, and the access log with valid hash chains — is generated into spool files and loaded
with COPY, in one transaction: a failed run leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
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
            spools = Spools(directory)
            audit_spool = copy.Spool(AuditEvent, directory)
            ids = copy.Ids()
            heads = _generate(scale, rng, ids, spools, audit_spool, now, today, progress)
            timings["generate"] = time.monotonic() - started
            loading = time.monotonic()
            _load([*spools, audit_spool], progress)
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
    rows = {spool.table: spool.rows for spool in [*spools, audit_spool]}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Report(scale=name, rows=rows, seconds=timings, peak_memory_mib=peak)


def _generate(scale, rng, ids, spools, audit_spool, now, today, progress) -> list:
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
    sizes = municipality_sizes(scale)
    log_per_case = scale.log_entries / scale.cases
    ensure_partitions(now - audit.HISTORY, now)
    heads = []
    bar = tqdm(total=scale.children, unit=" children", desc="generate", disable=not progress)
    for index, children_count in enumerate(sizes):
        name = _municipality_name(names, taken, index)
        domain = f"{ascii_slug(name)}.example"
        municipality, services = municipalities.municipality(
            name=name, country="NO", language="nb", level_model="bti", domain=domain
        )
        case_count = round(scale.share(scale.cases, children_count))
        rows = MunicipalityRows(
            rng=rng,
            ids=ids,
            spools=spools,
            names=names,
            municipality=municipality,
            services=services,
            levels=levels,
            life_areas=life_areas,
            now=now,
            today=today,
        )
        rows.professionals(max(1, case_count // CASES_PER_PROFESSIONAL), domain)
        children = rows.children(children_count)
        cases = rows.cases(children, case_count, log_per_case)
        rows.open_concerns(children, round(case_count * OPEN_CONCERNS_PER_CASE))
        heads.append(
            audit.write_chain(
                spool=audit_spool,
                ids=ids,
                rng=rng,
                municipality_id=municipality.pk,
                cases=cases,
                members=rows.members,
                count=round(scale.share(scale.audit_events, children_count)),
                now=now,
            )
        )
        bar.update(children_count)
    bar.close()
    return heads


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
    for spool in spools:
        indexes = copy.secondary_indexes(spool.table)
        copy.drop_indexes(indexes)
        bar.set_postfix_str(f"loading {spool.table}")
        spool.load(on_bytes=bar.update)
        bar.set_postfix_str(f"indexing {spool.table}")
        copy.create_indexes(indexes)
    bar.close()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
