"""The absence pattern as a bar chart drawn on the server (SVG, no script): school days of
absence per week, stacked by kind, in a palette that colour-blind readers tell apart
(Okabe–Ito). The table on the same page says the same in words and numbers."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from helhet.signals.models import AbsenceKind

WEEKS = 13
WIDTH, HEIGHT, BOTTOM, LEFT = 640, 200, 28, 28
BAR_GAP = 6
# Okabe–Ito blue, orange and vermillion: documented, reported by a guardian, undocumented.
COLOURS = {
    AbsenceKind.DOCUMENTED: "#0072B2",
    AbsenceKind.GUARDIAN_REPORTED: "#E69F00",
    AbsenceKind.UNDOCUMENTED: "#D55E00",
}
LEGEND = [
    (COLOURS[AbsenceKind.DOCUMENTED], _("Documented")),
    (COLOURS[AbsenceKind.GUARDIAN_REPORTED], _("Reported by a guardian")),
    (COLOURS[AbsenceKind.UNDOCUMENTED], _("Undocumented")),
]


@dataclasses.dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclasses.dataclass(frozen=True)
class Week:
    start: datetime.date
    days: int
    label_x: float
    bars: list[Bar]


@dataclasses.dataclass(frozen=True)
class Chart:
    weeks: list[Week]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    left: int = LEFT
    legend: tuple = tuple(LEGEND)
    gridlines: tuple = ()


def weekly_chart(days, *, today: datetime.date) -> Chart:
    """The last ``WEEKS`` weeks up to ``today``; ``days`` are ``AbsenceDay`` rows."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    starts = [this_monday - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    counts = {start: dict.fromkeys(COLOURS, 0) for start in starts}
    for day in days:
        start = day.date - datetime.timedelta(days=day.date.weekday())
        if start in counts:
            counts[start][day.kind] += 1
    plot_height = HEIGHT - BOTTOM - 8
    unit = plot_height / 5  # a week has five school days
    slot = (WIDTH - LEFT) / WEEKS
    weeks = []
    for index, start in enumerate(starts):
        x = LEFT + index * slot + BAR_GAP / 2
        y = HEIGHT - BOTTOM
        bars = []
        for kind in (
            AbsenceKind.DOCUMENTED,
            AbsenceKind.GUARDIAN_REPORTED,
            AbsenceKind.UNDOCUMENTED,
        ):
            height = counts[start][kind] * unit
            if height:
                y -= height
                bars.append(
                    Bar(x, round(y, 1), round(slot - BAR_GAP, 1), round(height, 1), COLOURS[kind])
                )
        weeks.append(
            Week(start, sum(counts[start].values()), round(x + (slot - BAR_GAP) / 2, 1), bars)
        )
    gridlines = tuple((n, round(HEIGHT - BOTTOM - n * unit, 1)) for n in range(0, 6))
    return Chart(weeks=weeks, gridlines=gridlines)
