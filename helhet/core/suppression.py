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


@dataclasses.dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with its margins; ``None``: hidden."""

    cells: dict[str, dict[str, int | None]]  # row → column → count
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None


def suppress_table(counts: dict[str, dict[str, int]], columns: list[str]) -> SuppressedTable:
    """Suppress a table shown with its row and column totals (e.g. groups × ratings).

    Primary: every cell and every total below ``MINIMUM`` is hidden. Secondary, repeated until
    nothing changes: in every line whose total is shown — each row, each column, the row of
    column totals and the column of row totals — the hidden members add up to that total
    minus the shown ones, so while they are hidden and add up to less than ``MINIMUM`` the
    smallest shown member is hidden too. Then no shown total gives away a small hidden count.
    (Intersecting lines still bound a hidden count from both sides; they never pin a small one
    on a single line.)
    """
    values: dict[tuple, int] = {}
    lines: list[tuple[list[tuple], tuple]] = []
    for row, by_column in counts.items():
        for column in columns:
            values[(row, column)] = by_column.get(column, 0)
        values[(row, None)] = sum(values[(row, column)] for column in columns)
        lines.append(([(row, column) for column in columns], (row, None)))
    for column in columns:
        values[(None, column)] = sum(values[(row, column)] for row in counts)
        lines.append(([(row, column) for row in counts], (None, column)))
    values[(None, None)] = sum(values[(row, None)] for row in counts)
    lines.append(([(row, None) for row in counts], (None, None)))
    lines.append(([(None, column) for column in columns], (None, None)))

    hidden = {key for key, value in values.items() if value < MINIMUM}
    changed = True
    while changed:
        changed = False
        for members, margin in lines:
            if margin in hidden:
                continue
            secret = [m for m in members if m in hidden]
            if not secret or sum(values[m] for m in secret) >= MINIMUM:
                continue
            shown = [m for m in members if m not in hidden]
            # All hidden: they add up to the shown margin, at least MINIMUM; never reached.
            hidden.add(min(shown, key=lambda m: (values[m], str(m))) if shown else margin)
            changed = True

    def shown(key: tuple) -> int | None:
        return None if key in hidden else values[key]

    return SuppressedTable(
        cells={row: {column: shown((row, column)) for column in columns} for row in counts},
        row_totals={row: shown((row, None)) for row in counts},
        column_totals={column: shown((None, column)) for column in columns},
        total=shown((None, None)),
    )
