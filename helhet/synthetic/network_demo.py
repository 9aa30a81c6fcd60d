"""The demo's network: the demo municipalities take part in one network, so that the leader
group compares them side by side (a small municipality's figures suppressed), and the network's
learning consultant, who works for no municipality, sees the comparison and nothing else."""

from __future__ import annotations

from helhet.core import clock
from helhet.indicators.compute import refresh
from helhet.indicators.models import Network, NetworkAdvisor, NetworkMember
from helhet.people.models import Professional, User

NAME = "Nettverket 0–24"
ADVISOR = ("laeringskonsulent@nettverket.example", "Lene Læringskonsulent")


def demo_network(municipalities, *, password: str) -> tuple[str, str] | None:
    """Returns the advisor's login and who they are, when made now."""
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
    email, name = ADVISOR
    if User.objects.filter(email=email).exists():
        return None
    advisor = User.objects.create_user(email, password, name=name, is_demo=True)
    NetworkAdvisor.objects.create(network=network, user=advisor, role="Læringskonsulent")
    return email, f"{name}, læringskonsulent ({NAME})"
