"""What the indicator pages draw from the selectors' figures: the charts, each with its text
alternative in the reader's language (the table beside it gives the figures)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from helhet.indicators import chart
from helhet.indicators.selectors import AreaAssessment, Dashboard

# The figures a leader compares across sectors at a glance: where concerns come from, and how
# long their decisions take.
SECTOR_CHARTS = ("concerns_registered", "days_to_decision")


def monthly_chart(board: Dashboard) -> chart.Chart | None:
    return chart.monthly_bars(
        [(formats.date_format(month, "M"), n) for month, n in board.months],
        alt=_("Concerns registered per month; the table below gives the figures."),
        ylabel=_("Concerns"),
    )


def sector_charts(board: Dashboard) -> dict[str, chart.Chart]:
    charts = {}
    for figure in board.figures:
        if figure.indicator.code in SECTOR_CHARTS and len(figure.by_sector) > 1:
            charts[figure.indicator.code] = chart.sector_bars(
                [(label, value.figure) for _sector, label, value in figure.by_sector],
                alt=_("%(title)s by sector; the table below gives the figures.")
                % {"title": figure.indicator.title},
            )
    return charts


def trend_chart(areas: list[AreaAssessment]) -> chart.Chart | None:
    """The average score of each area per half-year, oldest first."""
    periods = sorted({(p.year, p.half) for area in areas for p in area.history})
    if len(periods) < 2:
        return None  # a trend needs two half-years; the table shows the one
    series = []
    for area in areas:
        by_period = {(p.year, p.half): p.average for p in area.history}
        if by_period:
            series.append((area.label, [by_period.get(period) for period in periods]))
    return chart.trend_lines(
        [f"{year}/{half}" for year, half in periods],  # as the tables write a half-year
        series,
        alt=_(
            "The average score of each area per half-year, from 1 (not at all) to 5 (fully); "
            "the tables below give the scores."
        ),
    )
