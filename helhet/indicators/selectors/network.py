"""The network: the members' figures side by side, suppressed across the municipalities (only
aggregates cross a boundary), and the networks a professional or an advisor may see."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.suppression import MINIMUM, suppress
from helhet.indicators.definitions import (
    INDICATORS,
    Indicator,
    Kind,
)
from helhet.indicators.models import (
    IndicatorCount,
    Network,
)
from helhet.indicators.selectors.dashboard import Value, value_of


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
    """A figure that leaves its municipality: as ``value_of``, and a share also hidden while its
    numerator or the rest is below 5 (it would give a small count away)."""
    value = value_of(kind, keys)
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
