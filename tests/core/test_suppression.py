"""Small-number suppression, proved on generated rows: nothing below 5 is shown, and what the
hidden counts add up to (the total minus the shown ones) is never a small number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helhet.core.suppression import MINIMUM, suppress

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
