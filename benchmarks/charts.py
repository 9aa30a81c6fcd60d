"""The leaders' charts (helhet/indicators/chart.py): what drawing costs, not cached and cached.

    uv run python benchmarks/charts.py            # 30 drawings of each
    uv run python benchmarks/charts.py --smoke    # 3 of each (CI: it runs, nothing asserted)

A dashboard draws the monthly bars and up to two charts by sector; the self-assessment page one
trend. Each is timed in-process: *cold* with the per-process cache emptied before every drawing
(a leader choosing a new period or service), *warm* from the cache (the same figures again).
The figures differ per iteration so that the cold drawings really draw. Prints a table and writes
``benchmarks/results/charts_<label>.json``. Nothing is asserted on timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

MONTHS = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]
SECTORS = (
    "Barnehage",
    "Skole",
    "Helsestasjon og skolehelsetjeneste",
    "PPT",
    "Barnevern",
    "Familiens hus",
    "NAV",
    "Psykisk helse for barn og unge",
)
AREAS = (
    "Samarbeidskultur",
    "Felles mål og retning",
    "Kunnskapsbasert tjenesteutvikling",
    "Kompetanseheving",
    "Tidlig innsats",
    "Kvalitative evalueringer",
)


def drawings(i: int):
    from helhet.indicators import chart

    return {
        "monthly": lambda: chart.monthly_bars(
            [(m, None if j % 5 == 4 else i * 7 + j) for j, m in enumerate(MONTHS)],
            alt="a",
            ylabel="Bekymringer",
        ),
        "by_sector": lambda: chart.sector_bars(
            [(s, None if j == 3 else i + j * 3) for j, s in enumerate(SECTORS)], alt="a"
        ),
        "trend": lambda: chart.trend_lines(
            ["2025/1", "2025/2", "2026/1", "2026/2"],
            [(a, [1 + (i + j + k) % 5 for k in range(4)]) for j, a in enumerate(AREAS)],
            alt="a",
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="3 drawings of each")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    iterations = 3 if args.smoke else args.iterations
    label = args.label or ("smoke" if args.smoke else "local")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    import django

    django.setup()
    from helhet.indicators import chart

    started = time.perf_counter()
    drawings(0)["monthly"]()  # matplotlib's first drawing loads its fonts: not a chart's cost
    first_ms = (time.perf_counter() - started) * 1000
    results: dict[str, dict] = {}
    for name in drawings(0):
        cold, warm, size = [], [], 0
        for i in range(1, iterations + 1):
            draw = drawings(i)[name]
            chart._drawn.cache_clear()
            t0 = time.perf_counter()
            drawn = draw()
            cold.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            draw()
            warm.append((time.perf_counter() - t0) * 1000)
            size = max(size, len(drawn.src))
        results[name] = {
            "cold_median_ms": round(statistics.median(cold), 2),
            "cold_max_ms": round(max(cold), 2),
            "warm_median_ms": round(statistics.median(warm), 4),
            "data_uri_bytes": size,
        }
    print(f"first drawing in the process (fonts loaded): {first_ms:.0f} ms")
    print("| chart | cold median ms | cold max ms | warm median ms | data URI bytes |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(
            f"| {name} | {r['cold_median_ms']:.1f} | {r['cold_max_ms']:.1f} | "
            f"{r['warm_median_ms']:.3f} | {r['data_uri_bytes']:,} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"charts_{label}.json"
    out.write_text(
        json.dumps(
            {
                "label": label,
                "iterations": iterations,
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "first_drawing_ms": round(first_ms, 1),
                "charts": results,
            },
            indent=2,
        )
    )
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
