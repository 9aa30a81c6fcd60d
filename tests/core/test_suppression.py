"""Small-number suppression, proved on generated rows: nothing below 5 is shown, and what the
hidden counts add up to (the total minus the shown ones) is never a small number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helhet.core.suppression import MINIMUM, suppress, suppress_table

rows = st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), min_size=1, max_size=7)


@given(rows)
def test_no_shown_figure_is_below_the_minimum(counts):
    result = suppress(counts)
    shown = [v for v in result.cells.values() if v is not None]
    assert all(v >= MINIMUM for v in shown)
    assert result.total is None or result.total >= MINIMUM


@given(rows)
def test_no_hidden_count_can_be_derived_from_the_total(counts):
    result = suppress(counts)
    hidden = [k for k, v in result.cells.items() if v is None]
    if result.total is not None and hidden:
        # What the hidden cells add up to (the total minus the shown) is no small number.
        assert sum(counts[k] for k in hidden) >= MINIMUM
    assert all(result.cells[k] == counts[k] for k in counts if result.cells[k] is not None)


def test_an_example():
    result = suppress({"a": 12, "b": 3, "c": 9})
    assert result.cells == {"a": 12, "b": None, "c": None}
    assert result.total == 24


tables = st.dictionaries(
    st.sampled_from(["1A", "1B", "2A", "2B", "3A"]),
    st.fixed_dictionaries({c: st.integers(0, 30) for c in ("green", "yellow", "red")}),
    min_size=1,
)
COLUMNS = ["green", "yellow", "red"]


def _lines(table, shown):
    """Every line of the shown table: (its true members, its shown members, its shown total)."""
    rows = list(table)
    for row in rows:
        truth = [table[row][c] for c in COLUMNS]
        yield truth, [shown.cells[row][c] for c in COLUMNS], shown.row_totals[row]
    for c in COLUMNS:
        truth = [table[row][c] for row in rows]
        yield truth, [shown.cells[row][c] for row in rows], shown.column_totals[c]
    yield (
        [sum(table[row].values()) for row in rows],
        [shown.row_totals[row] for row in rows],
        shown.total,
    )
    yield (
        [sum(table[row][c] for row in rows) for c in COLUMNS],
        [shown.column_totals[c] for c in COLUMNS],
        shown.total,
    )


@given(tables)
def test_a_table_shows_true_figures_of_at_least_five(table):
    shown = suppress_table(table, COLUMNS)
    for truth, members, total in _lines(table, shown):
        for value, figure in zip(truth, members, strict=True):
            assert figure is None or (figure == value and figure >= MINIMUM)
        assert total is None or (total == sum(truth) and total >= MINIMUM)


@given(tables)
def test_no_line_of_a_table_gives_a_small_hidden_count_away(table):
    shown = suppress_table(table, COLUMNS)
    for truth, members, total in _lines(table, shown):
        if total is None:
            continue
        hidden = [v for v, figure in zip(truth, members, strict=True) if figure is None]
        # What the shown total and members leave for the hidden ones: none, or at least five.
        assert not hidden or sum(hidden) >= MINIMUM, (table, shown)


def test_a_table_example():
    shown = suppress_table({"5A": {"green": 12, "yellow": 3, "red": 1}}, COLUMNS)
    # 3 and 1 are small; 12 with the row total 16 would give their sum (4) away.
    assert shown.cells["5A"] == {"green": None, "yellow": None, "red": None}
    assert shown.row_totals["5A"] == 16
