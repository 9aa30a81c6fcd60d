"""The dashboard's figures: the precomputed counts of the actor's services over a period, read
in one query and shown with small-number suppression — no count below 5 (zero too) and none
that gives a hidden one away; a share or a median only over at least 5."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.models import CitizenRole, ConcernStatus, HandoverStatus
from helhet.consent.models import LawfulBasisKind
from helhet.core.suppression import MINIMUM, suppress
from helhet.directory.vocabulary import Sector
from helhet.indicators.definitions import (
    INDICATORS,
    STATEMENTS,
    UNIVERSAL_SECTORS,
    Area,
    Indicator,
    Kind,
)
from helhet.indicators.models import (
    IndicatorCount,
    IndicatorRefresh,
    Network,
    ResearchProject,
    SelfAssessment,
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


def _value(kind: Kind, keys: dict[str, int]) -> Value:
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
                (s, labels.get(s, s), _value(indicator.kind, k)) for s, k in sectors.items()
            ]
            breakdown = []
        figures.append(
            Figure(
                indicator,
                _value(indicator.kind, dict(keys)),
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
        universal=_value(Kind.SHARE, {"yes": universal, "no": every - universal}),
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


@dataclasses.dataclass(frozen=True)
class AssessedPeriod:
    year: int
    half: str
    average: float
    scores: list[tuple[str, int, str]]  # (statement text, score, note)
    recorded_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class AreaAssessment:
    area: str
    label: str
    history: list[AssessedPeriod]  # newest first

    @property
    def latest(self) -> AssessedPeriod | None:
        return self.history[0] if self.history else None


def self_assessments(*, fetched_by) -> list[AreaAssessment]:
    """The municipality's self-assessments per area, newest first (two queries, any history)."""
    if not policy.indicator_services(fetched_by).exists():
        raise Http404
    professional = policy.actor_professional(fetched_by)
    assessments = list(
        SelfAssessment.objects.filter(municipality_id=professional.municipality_id)
        .prefetch_related("scores")
        .order_by("area", "-year", "-half")
    )
    texts = {code: text for statements in STATEMENTS.values() for code, text in statements}
    by_area: dict[str, list[AssessedPeriod]] = defaultdict(list)
    for assessment in assessments:
        scores = sorted(assessment.scores.all(), key=lambda s: s.pk)
        by_area[assessment.area].append(
            AssessedPeriod(
                assessment.year,
                assessment.half,
                round(sum(s.score for s in scores) / len(scores), 1) if scores else 0,
                [(texts.get(s.statement, s.statement), s.score, s.note) for s in scores],
                assessment.recorded_at,
            )
        )
    return [AreaAssessment(value, label, by_area.get(value, [])) for value, label in Area.choices]


SELF_ASSESSMENT_HEADER = ["area", "year", "half", "statement", "score", "note"]


def self_assessment_export(*, fetched_by) -> list[list]:
    """Every recorded self-assessment as rows (codes; the notes as written), recorded."""
    areas = self_assessments(fetched_by=fetched_by)
    codes = {text: code for statements in STATEMENTS.values() for code, text in statements}
    rows = [
        [area.area, period.year, period.half, codes.get(text, text), score, note]
        for area in areas
        for period in reversed(area.history)
        for text, score, note in period.scores
    ]
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="indicators.export",
            purpose="self-assessment",
            municipality_id=professional.municipality_id,
        )
    return rows


# --- the network ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Comparison:
    network: object
    first: datetime.date
    last: datetime.date
    municipalities: list  # the members, in name order
    rows: list[tuple[Indicator, list[Value], Value]]  # per indicator: each member, the network

    @property
    def has_data(self) -> bool:
        return any(total.n for _i, _v, total in self.rows)


def _crossing(kind: Kind, keys: dict[str, int]) -> Value:
    """A figure that leaves its municipality: as ``_value``, and a share also hidden while its
    numerator or the rest is below 5 (it would give a small count away)."""
    value = _value(kind, keys)
    if kind == Kind.SHARE and min(keys.get("yes", 0), keys.get("no", 0)) < MINIMUM:
        return Value(None, value.n)
    return value


def comparison(*, fetched_by, network_pk: int, first: datetime.date, last: datetime.date):
    """The members' figures side by side for a period: aggregates only, each count suppressed
    with the network's total as its margin (no cell below 5, none derivable from the total)."""
    network = policy.get_comparable_network_or_404(fetched_by, network_pk)
    municipalities = sorted(
        (member.municipality for member in network.members.select_related("municipality")),
        key=lambda m: (m.name, m.pk),
    )
    counts: dict[str, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for code, key, municipality_id, n in (
        IndicatorCount.objects.filter(
            municipality__in=[m.pk for m in municipalities], month__gte=first, month__lte=last
        )
        .values_list("code", "key", "municipality_id")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        counts[code][municipality_id][key] += n
    rows = []
    for indicator in INDICATORS:
        per = counts.get(indicator.code, {})
        everyone: dict[str, int] = defaultdict(int)
        for keys in per.values():
            for key, n in keys.items():
                everyone[key] += n
        if indicator.kind == Kind.COUNT:
            shown = suppress({str(m.pk): sum(per.get(m.pk, {}).values()) for m in municipalities})
            values = [Value(shown.cells[str(m.pk)], shown.cells[str(m.pk)]) for m in municipalities]
            total = Value(shown.total, shown.total)
        else:
            values = [_crossing(indicator.kind, dict(per.get(m.pk, {}))) for m in municipalities]
            total = _crossing(indicator.kind, dict(everyone))
        rows.append((indicator, values, total))
    return Comparison(network, first, last, municipalities, rows)


def comparison_export(**kwargs) -> Comparison:
    """``comparison`` for a download, recorded: who took which network's figures."""
    compared = comparison(**kwargs)
    professional = policy.actor_professional(kwargs["fetched_by"])
    with transaction.atomic():
        audit_record(
            actor=kwargs["fetched_by"],
            action="indicators.export",
            purpose="network comparison",
            # A network's advisor belongs to no municipality: the global chain.
            municipality_id=professional.municipality_id if professional else None,
            obj=compared.network,
        )
    return compared


@dataclasses.dataclass(frozen=True)
class ListedNetwork:
    network: Network
    joined: bool  # the actor's municipality takes part
    members: int
    can_compare: bool


def networks_listed(*, fetched_by) -> list[ListedNetwork]:
    """The networks a professional may join or compare in (every network), or those an advisor
    advises; whether the actor's municipality is in each, and how many members it has."""
    professional = policy.actor_professional(fetched_by)
    advised = set(policy.networks_advised(fetched_by).values_list("pk", flat=True))
    if professional is None and not advised:
        return []
    joined = set(policy.networks_joined(fetched_by).values_list("pk", flat=True))
    whole = policy.sees_whole_municipality(fetched_by)
    networks = Network.objects.annotate(n_members=Count("members")).order_by("name")
    if professional is None:
        networks = networks.filter(pk__in=advised)
    return [
        ListedNetwork(
            network,
            network.pk in joined,
            network.n_members,
            network.pk in advised or (whole and network.pk in joined),
        )
        for network in networks
    ]


def research_extracts(*, fetched_by, project) -> list:
    """What was handed out for the project: when, by whom, how many rows (never the data)."""
    if not policy.can_manage_research(fetched_by):
        raise Http404
    return list(project.extracts.select_related("made_by__user").order_by("-made_at", "-pk"))


def research_projects(*, fetched_by) -> list:
    """The municipality's research projects with how many extracts each had (no person)."""
    if not policy.can_manage_research(fetched_by):
        raise Http404
    professional = policy.actor_professional(fetched_by)
    return list(
        ResearchProject.objects.filter(municipality_id=professional.municipality_id)
        .annotate(n_extracts=Count("extracts"))
        .order_by("-created_at", "-pk")
    )


COMPARISON_HEADER = ["from", "to", "indicator", "municipality", "figure", "n"]


def comparison_rows(compared: Comparison) -> list[list]:
    """The comparison as rows: one per indicator and municipality, then the network's (an
    empty municipality); codes, a hidden figure empty."""
    period = [compared.first.strftime("%Y-%m"), compared.last.strftime("%Y-%m")]
    rows = []
    for indicator, values, total in compared.rows:
        members = [(m.name, v) for m, v in zip(compared.municipalities, values, strict=True)]
        for name, value in [*members, ("", total)]:
            rows.append(
                [
                    *period,
                    indicator.code,
                    name,
                    "" if value.figure is None else value.figure,
                    "" if value.n is None else value.n,
                ]
            )
    return rows
