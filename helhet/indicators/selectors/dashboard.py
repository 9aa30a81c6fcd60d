"""The dashboard's figures: the precomputed counts of the actor's services over a period, read
in one query and shown with small-number suppression — no count below 5 (zero too) and none
that gives a hidden one away; a share or a median only over at least 5."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.models import CitizenRole, ConcernStatus, HandoverStatus
from helhet.consent.models import LawfulBasisKind
from helhet.core.suppression import MINIMUM, suppress
from helhet.directory.vocabulary import Sector
from helhet.indicators.definitions import (
    INDICATORS,
    UNIVERSAL_SECTORS,
    Indicator,
    Kind,
)
from helhet.indicators.models import (
    IndicatorCount,
    IndicatorRefresh,
)

# What the keys of a count with a breakdown mean, per indicator (stored as codes).
KEY_LABELS = {
    "decision_outcomes": dict(ConcernStatus.choices),
    "handover_answers": dict(HandoverStatus.choices),
    "lawful_basis_sharing": dict(LawfulBasisKind.choices),
    "help_requests": dict(CitizenRole.choices),
}


def _key_label(code: str, key: str) -> str:
    if code == "cases_by_level":
        return _("Level %(number)s") % {"number": key}
    return KEY_LABELS.get(code, {}).get(key, key)


@dataclasses.dataclass(frozen=True)
class Value:
    """One figure: a count, a percentage or a median (None: hidden), over ``n`` (None: hidden)."""

    figure: int | None
    n: int | None


@dataclasses.dataclass(frozen=True)
class Figure:
    indicator: Indicator
    total: Value
    by_sector: list[tuple[str, str, Value]]  # (sector, label, value)
    breakdown: list[tuple[str, str, int | None]]  # (key, label, count) of a count with keys


@dataclasses.dataclass(frozen=True)
class Dashboard:
    first: datetime.date
    last: datetime.date  # the first of the last month
    whole_municipality: bool
    figures: list[Figure]
    months: list[tuple[datetime.date, int | None]]  # concerns registered per month
    universal: Value  # the share of concerns registered by universal services
    refreshed: IndicatorRefresh | None

    @property
    def has_data(self) -> bool:
        return any(f.total.n for f in self.figures)


def value_of(kind: Kind, keys: dict[str, int]) -> Value:
    n = sum(keys.values())
    if kind == Kind.COUNT:
        return Value(n if n >= MINIMUM else None, n if n >= MINIMUM else None)
    if n < MINIMUM:
        return Value(None, None)
    if kind == Kind.SHARE:
        return Value(round(100 * keys.get("yes", 0) / n), n)
    return Value(_median(keys), n)


def _median(histogram: dict[str, int]) -> int:
    """The median of a histogram {value: count} (the lower middle of an even count)."""
    values = sorted((int(k), n) for k, n in histogram.items())
    middle, seen = (sum(n for _v, n in values) + 1) // 2, 0
    for value, n in values:
        seen += n
        if seen >= middle:
            return value
    raise ValueError("an empty histogram has no median")


def dashboard(
    *,
    fetched_by,
    first: datetime.date,
    last: datetime.date,
    service_pk: int | None = None,
    sector: str = "",
) -> Dashboard:
    """The figures of the months ``first``..``last`` (firsts of months) for the actor's services,
    or one of them, or one sector's."""
    services = policy.indicator_services(fetched_by)
    if service_pk is not None:
        services = services.filter(pk=service_pk)
    if sector:
        services = services.filter(sector=sector)
    rows = (
        IndicatorCount.objects.filter(service__in=services, month__gte=first, month__lte=last)
        .values_list("code", "key", "service__sector", "month")
        .annotate(total=Sum("n"))
        .order_by()
    )
    by_code: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_sector: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    per_month: dict[datetime.date, int] = defaultdict(int)
    for code, key, service_sector, month, n in rows:
        by_code[code][key] += n
        by_sector[code][service_sector][key] += n
        if code == "concerns_registered":
            per_month[month] += n
    labels = dict(Sector.choices)
    figures = []
    for indicator in INDICATORS:
        keys = by_code.get(indicator.code, {})
        sectors = by_sector.get(indicator.code, {})
        if indicator.kind == Kind.COUNT:
            shown = suppress({s: sum(k.values()) for s, k in sectors.items()})
            sector_values = [(s, labels.get(s, s), Value(c, c)) for s, c in shown.cells.items()]
            breakdown = (
                [
                    (k, _key_label(indicator.code, k), c)
                    for k, c in sorted(suppress(dict(keys)).cells.items())
                ]
                if set(keys) - {""}
                else []
            )
        else:
            sector_values = [
                (s, labels.get(s, s), value_of(indicator.kind, k)) for s, k in sectors.items()
            ]
            breakdown = []
        figures.append(
            Figure(
                indicator,
                value_of(indicator.kind, dict(keys)),
                sorted(sector_values, key=lambda item: str(item[1])),
                breakdown,
            )
        )
    months = _months(first, last)
    shown_months = suppress({m.isoformat(): per_month.get(m, 0) for m in months})
    concerns = by_sector.get("concerns_registered", {})
    universal = sum(sum(concerns[s].values()) for s in concerns if s in UNIVERSAL_SECTORS)
    every = sum(sum(k.values()) for k in concerns.values())
    professional = policy.actor_professional(fetched_by)
    return Dashboard(
        first=first,
        last=last,
        whole_municipality=policy.sees_whole_municipality(fetched_by),
        figures=figures,
        months=[(m, shown_months.cells[m.isoformat()]) for m in months],
        universal=value_of(Kind.SHARE, {"yes": universal, "no": every - universal}),
        refreshed=IndicatorRefresh.objects.filter(
            municipality_id=professional.municipality_id
        ).first(),
    )


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


EXPORT_HEADER = ["from", "to", "indicator", "area", "sector", "key", "figure", "n"]


def export_rows(board: Dashboard) -> list[list]:
    """The dashboard's figures as rows (codes, not translated text; a hidden figure empty)."""
    period = [board.first.strftime("%Y-%m"), board.last.strftime("%Y-%m")]

    def shown(value: int | None):
        return "" if value is None else value

    rows = []
    for figure in board.figures:
        code, area = figure.indicator.code, figure.indicator.area.value
        rows.append(
            [*period, code, area, "", "", shown(figure.total.figure), shown(figure.total.n)]
        )
        for sector, _label, value in figure.by_sector:
            rows.append([*period, code, area, sector, "", shown(value.figure), shown(value.n)])
        for key, _label, count in figure.breakdown:
            rows.append([*period, code, area, "", key, shown(count), shown(count)])
    return rows


def dashboard_export(*, fetched_by, **filters) -> Dashboard:
    """``dashboard`` for a download (CSV, XLSX, PDF), recorded: who took which figures."""
    board = dashboard(fetched_by=fetched_by, **filters)
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="indicators.export",
            purpose="indicators",
            municipality_id=professional.municipality_id,
            service_id=filters.get("service_pk"),
        )
    return board
