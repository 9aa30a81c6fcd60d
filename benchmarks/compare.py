"""Compare two runs of benchmarks/run.py, e.g. small against national scale.

    uv run python benchmarks/compare.py benchmarks/results/small.json \\
        benchmarks/results/national.json

Prints per endpoint the p95 of each run and their ratio (the issue's target: national p95 within
1.3× of small), then the throughput ratios and audit overheads of both runs. Reports only; the
exit code does not depend on the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

P95_RATIO_TARGET = 1.3


def _fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def compare(base: dict, other: dict) -> list[str]:
    lines = []
    a, b = base["label"], other["label"]
    header = f"{'endpoint':<20} {a + ' p95':>14} {b + ' p95':>14} {'ratio':>7}"
    lines += [header, "-" * len(header)]
    names = sorted(set(base["mixed"]["endpoints"]) | set(other["mixed"]["endpoints"]))
    for name in names:
        p_a = base["mixed"]["endpoints"].get(name, {}).get("p95_ms")
        p_b = other["mixed"]["endpoints"].get(name, {}).get("p95_ms")
        ratio = p_b / p_a if p_a and p_b is not None else None
        flag = "" if ratio is None or ratio <= P95_RATIO_TARGET else f"  > {P95_RATIO_TARGET}"
        lines.append(f"{name:<20} {_fmt(p_a):>14} {_fmt(p_b):>14} {_fmt(ratio, 2):>7}{flag}")
    lines.append("")
    for run in (base, other):
        mixed, healthz = run["mixed"]["total"] or {}, run["healthz"]["total"] or {}
        ratio = run.get("mixed_to_healthz_throughput")
        audit = run.get("audit_overhead") or {}
        lines.append(
            f"{run['label']}: mixed {_fmt(mixed.get('rps'), 1)} req/s, healthz "
            f"{_fmt(healthz.get('rps'), 1)} req/s, ratio {_fmt(ratio, 2)}; audit overhead "
            f"{_fmt(audit.get('overhead_percent'), 1)}%; dataset {run.get('dataset', {})}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two benchmark runs (p95 per endpoint).")
    parser.add_argument("base", type=Path, help="e.g. benchmarks/results/small.json")
    parser.add_argument("other", type=Path, help="e.g. benchmarks/results/national.json")
    args = parser.parse_args(argv)
    base, other = (json.loads(p.read_text()) for p in (args.base, args.other))
    print("\n".join(compare(base, other)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
