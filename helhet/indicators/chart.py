"""Concerns registered per month as a bar chart drawn on the server (SVG, no script), one colour
that colour-blind readers see (Okabe–Ito blue); a hidden month is drawn as an outline only. The
table beside it says the same in numbers, and the chart has a text alternative."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import formats

WIDTH, HEIGHT, BOTTOM, TOP = 640, 200, 28, 12
COLOUR = "#0072B2"


@dataclasses.dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int | None


@dataclasses.dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline: float
    colour: str = COLOUR


def monthly_bars(months: list[tuple[datetime.date, int | None]]) -> Chart | None:
    if not months:
        return None
    highest = max((n for _m, n in months if n is not None), default=0) or 1
    slot = WIDTH / len(months)
    room = HEIGHT - BOTTOM - TOP
    bars = []
    for i, (month, n) in enumerate(months):
        height = room * (n or 0) / highest if n is not None else room * 0.1
        bars.append(
            Bar(
                x=i * slot + slot * 0.15,
                y=HEIGHT - BOTTOM - height,
                width=slot * 0.7,
                height=height,
                label=formats.date_format(month, "M"),
                value=n,
            )
        )
    return Chart(WIDTH, HEIGHT, bars, HEIGHT - BOTTOM)


ROW, LABEL_WIDTH, HWIDTH = 26, 260, 640


@dataclasses.dataclass(frozen=True)
class HBar:
    y: float
    width: float
    label: str
    value: int | None


@dataclasses.dataclass(frozen=True)
class HChart:
    width: int
    height: int
    label_width: int
    bars: list[HBar]
    colour: str = COLOUR


def sector_bars(items: list[tuple[str, int | None]]) -> HChart | None:
    """One horizontal bar per sector (labels are long); a hidden figure is an outline."""
    if not items:
        return None
    highest = max((n for _label, n in items if n is not None), default=0) or 1
    room = HWIDTH - LABEL_WIDTH - 40
    bars = [
        HBar(
            y=i * ROW + 4,
            width=room * n / highest if n is not None else room * 0.05,
            label=str(label),
            value=n,
        )
        for i, (label, n) in enumerate(items)
    ]
    return HChart(HWIDTH, ROW * len(items) + 8, LABEL_WIDTH, bars)
