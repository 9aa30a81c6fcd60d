"""The leaders' charts, drawn on the server with matplotlib's SVG backend (no script, no CDN)
and put on the page as an image with its text alternative; the table beside each chart says
the same in numbers. Colours are the Okabe–Ito palette, which colour-blind readers tell apart;
lines differ by marker and dash too. A hidden figure (small-number suppression) is drawn as a
dashed outline, never as a bar of some height.

An SVG image cannot run script and keeps its own styles, so the page's strict
Content-Security-Policy (no inline style) holds. The same input gives the same bytes (a fixed
hash salt, no date), which is what lets a render be cached per process."""

from __future__ import annotations

import base64
import dataclasses
import functools
import io
import re

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, reddish purple,
# sky blue, vermillion.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
MARKERS = ("o", "s", "^", "D", "v", "P")
DASHES = ("-", "--", "-.", ":", "-", "--")
INK, OUTLINE = "#1a1a1a", "#333333"
HIDDEN_SHARE = 0.08  # the outline of a hidden bar, as a share of the highest shown

STYLE = {
    "svg.fonttype": "none",  # text stays text: sharp at any size, read by the browser's font
    "svg.hashsalt": "helhet-indicators",
    "font.family": "sans-serif",
    "font.size": 10,
    "text.color": INK,
    "axes.edgecolor": OUTLINE,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


@dataclasses.dataclass(frozen=True)
class Chart:
    svg: str
    alt: str
    width: int
    height: int

    @property
    def src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _svg(figure: Figure) -> tuple[str, int, int]:
    out = io.StringIO()
    # Fixed margins (each drawing sets them) rather than bbox_inches="tight": measuring the
    # text for a tight box draws the figure twice, a third of the time of a chart.
    figure.savefig(
        out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
    )
    text = out.getvalue()
    size = VIEWBOX.search(text)
    return text, round(float(size.group(1))), round(float(size.group(2)))


def _chart(draw, alt: str, *args) -> Chart:
    svg, width, height = _drawn(draw, *args)
    return Chart(svg=svg, alt=alt, width=width, height=height)


@functools.lru_cache(maxsize=256)
def _drawn(draw, *args) -> tuple[str, int, int]:
    # rcParams are process-wide: the workers are processes, one request at a time each.
    with matplotlib.rc_context(STYLE):
        return _svg(draw(*args))


def _bars_with_outlines(axes, positions, values, *, horizontal: bool, gid: str) -> None:
    highest = max((v for v in values if v is not None), default=0) or 1
    for i, (position, value) in enumerate(zip(positions, values, strict=True)):
        size = value if value is not None else highest * HIDDEN_SHARE
        style = (
            {"color": PALETTE[0]}
            if value is not None
            else {"fill": False, "edgecolor": OUTLINE, "linestyle": "--", "linewidth": 1}
        )
        draw = axes.barh if horizontal else axes.bar
        (bar,) = draw([position], [size], 0.7, **style)
        bar.set_gid(f"{gid}-{i}-{'shown' if value is not None else 'hidden'}")


def _monthly(labels: tuple[str, ...], values: tuple[int | None, ...], ylabel: str) -> Figure:
    figure = Figure(figsize=(7.2, 2.4))
    figure.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.14)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    _bars_with_outlines(axes, positions, values, horizontal=False, gid="month")
    axes.set_xticks(positions, labels)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(ylabel)
    axes.margins(x=0.01)
    return figure


def monthly_bars(months: list[tuple[str, int | None]], *, alt: str, ylabel: str) -> Chart | None:
    """One bar per month (label, count or None when hidden)."""
    if not months:
        return None
    labels = tuple(label for label, _n in months)
    values = tuple(n for _label, n in months)
    return _chart(_monthly, alt, labels, values, ylabel)


def _sectors(labels: tuple[str, ...], values: tuple[int | None, ...]) -> Figure:
    height = 0.45 * len(labels) + 0.6
    figure = Figure(figsize=(7.2, height))
    longest = max(len(label) for label in labels)
    # Room for the longest label (at most 40 characters, about 0.075 in each at 10 pt).
    figure.subplots_adjust(
        left=min(0.5, 0.03 + min(longest, 40) * 0.075 / 7.2),
        right=0.97,
        top=1 - 0.1 / height,
        bottom=0.4 / height,
    )
    axes = figure.subplots()
    positions = list(range(len(labels)))
    _bars_with_outlines(axes, positions, values, horizontal=True, gid="sector")
    axes.set_yticks(
        positions, [label if len(label) <= 40 else f"{label[:39]}…" for label in labels]
    )
    axes.invert_yaxis()  # the first sector at the top, as in the table
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return figure


def sector_bars(items: list[tuple[str, int | None]], *, alt: str) -> Chart | None:
    """One horizontal bar per sector (labels are long); a hidden figure is an outline."""
    if not items:
        return None
    labels = tuple(str(label) for label, _n in items)
    values = tuple(n for _label, n in items)
    return _chart(_sectors, alt, labels, values)


def _trend(
    periods: tuple[str, ...],
    series: tuple[tuple[str, tuple[float | None, ...]], ...],
    lowest: int,
    highest: int,
) -> Figure:
    figure = Figure(figsize=(7.2, 3.0))
    longest = max(len(label) for label, _values in series)
    # The legend to the right of the lines, with room for the longest area name.
    figure.subplots_adjust(
        left=0.06, right=max(0.45, 0.9 - longest * 0.075 / 7.2), top=0.95, bottom=0.12
    )
    axes = figure.subplots()
    positions = list(range(len(periods)))
    for i, (label, values) in enumerate(series):
        line = axes.plot(
            positions,
            [v if v is not None else float("nan") for v in values],
            color=PALETTE[i % len(PALETTE)],
            marker=MARKERS[i % len(MARKERS)],
            linestyle=DASHES[i % len(DASHES)],
            linewidth=1.8,
            label=label,
        )[0]
        line.set_gid(f"series-{i}")
    axes.set_xticks(positions, periods)
    axes.set_ylim(lowest - 0.2, highest + 0.2)
    axes.set_yticks(range(lowest, highest + 1))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return figure


def trend_lines(
    periods: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    alt: str,
    scale: tuple[int, int] = (1, 5),
) -> Chart | None:
    """A line per series over the periods (None: not assessed then), on a fixed scale."""
    if not periods or not series:
        return None
    return _chart(
        _trend,
        alt,
        tuple(periods),
        tuple((str(label), tuple(values)) for label, values in series),
        *scale,
    )
