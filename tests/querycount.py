"""Query counts that do not grow with the data (docs: quality.md, "No new page whose SQL query
count grows with the amount of data").

A page is measured at two data sizes and the counts compared for *equality*: a ceiling lets a
page slip from 12 queries to 30 unnoticed, and passes for a query per row as long as there are
few rows. Where the number is known it is asserted too, so a change of the constant shows::

    counts = {}
    for n in (2, 20):
        add_log_entries(case, n - existing)
        counts[n] = queries_of(client, url)
    assert_same_count(counts, expected=CASE_PAGE_QUERIES)
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measured(client, url: str, data=None, *, status: int = 200, warm: bool = True, **extra):
    """One GET of ``url``: the number of SQL queries it ran, and the response.

    ``warm``: a GET first, so that what happens once per session or process (the session's
    first save, content types, the site) is not counted.
    """
    if warm:
        client.get(url, data, **extra)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data, **extra)
    assert response.status_code == status, (url, response.status_code)
    return len(captured), response


def queries_of(client, url: str, data=None, *, status: int = 200, **extra) -> int:
    """The number of SQL queries one GET of ``url`` runs (after a warming GET)."""
    return measured(client, url, data, status=status, **extra)[0]


def queries_in(function: Callable[[], object]) -> int:
    """The number of SQL queries ``function()`` runs (a selector, a rendering)."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def assert_same_count(counts: dict, expected: int | None = None) -> None:
    """``counts``: data size -> queries. All equal, and equal to ``expected`` when given."""
    assert len(set(counts.values())) == 1, f"the query count grows with the data: {counts}"
    if expected is not None:
        [count] = set(counts.values())
        assert count == expected, (
            f"{count} queries where {expected} were measured (the same at every size, but "
            f"the constant changed: update the number if that is intended): {counts}"
        )
