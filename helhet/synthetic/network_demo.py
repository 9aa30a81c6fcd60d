"""The demo's network: the demo municipalities take part in one network, so that the leader
group compares them side by side (a small municipality's figures suppressed)."""

from __future__ import annotations

from helhet.core import clock
from helhet.indicators.compute import refresh
from helhet.indicators.models import Network, NetworkMember
from helhet.people.models import Professional

NAME = "Nettverket 0–24"


def demo_network(municipalities) -> None:
    network, _created = Network.objects.get_or_create(
        name=NAME,
        defaults={"description": "Kommunene som sammenligner indikatorene sine (demo)."},
    )
    for municipality in municipalities:
        # Opted in by the municipality's administrator; a generated municipality has none, so
        # its first professional stands in (demo data only).
        by = (
            Professional.objects.filter(municipality=municipality)
            .order_by("-is_municipal_admin", "pk")
            .first()
        )
        if by is not None:
            NetworkMember.objects.get_or_create(
                network=network,
                municipality=municipality,
                defaults={"opted_in_by": by, "opted_in_at": clock.now()},
            )
        refresh(municipality)
