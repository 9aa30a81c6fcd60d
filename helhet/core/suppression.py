"""Small-number suppression (domain rule 12): no shown figure below 5, and none that lets a
suppressed one be derived from the others and the total.

Primary: every count below ``MINIMUM`` is hidden (zero too). Secondary: the hidden counts add up
to the total minus the shown ones, so while that sum is below ``MINIMUM`` (one hidden cell
would be given away, several would give away a small group) the smallest shown count is hidden
too; and a total below ``MINIMUM`` is hidden with everything.

Example::

    >>> suppress({"a": 12, "b": 3, "c": 9})
    Suppressed(cells={'a': 12, 'b': None, 'c': None}, total=24)
"""

from __future__ import annotations

import dataclasses

MINIMUM = 5


@dataclasses.dataclass(frozen=True)
class Suppressed:
    cells: dict[str, int | None]  # None: hidden
    total: int | None


def suppress(counts: dict[str, int]) -> Suppressed:
    total = sum(counts.values())
    if total < MINIMUM:
        return Suppressed(dict.fromkeys(counts), None)
    cells: dict[str, int | None] = {k: (v if v >= MINIMUM else None) for k, v in counts.items()}

    def hidden_sum() -> int:
        return total - sum(v for v in cells.values() if v is not None)

    while any(v is None for v in cells.values()) and hidden_sum() < MINIMUM:
        shown = sorted((v, k) for k, v in cells.items() if v is not None)
        if not shown:
            break
        cells[shown[0][1]] = None
    return Suppressed(cells, total)
