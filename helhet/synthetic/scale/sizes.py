"""How much data each scale means, and how it spreads over municipalities."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    children: int
    cases: int
    log_entries: int
    audit_events: int

    def share(self, total: int, children: int) -> float:
        """The expected count of ``total`` for a municipality with ``children`` children."""
        return total * children / self.children


# national: Norway — about 1.2 million children and young people 0–24 in 357 municipalities.
# small: one hundredth of it, for comparing page speed at two data sizes; tiny: CI smoke tests.
SCALES = {
    "tiny": Scale("tiny", 3, 2_000, 200, 4_000, 40_000),
    "small": Scale("small", 36, 12_000, 1_000, 20_000, 200_000),
    "national": Scale("national", 357, 1_200_000, 100_000, 2_000_000, 20_000_000),
}


def municipality_sizes(scale: Scale) -> list[int]:
    """Children per municipality, largest first, summing to ``scale.children``.

    Norwegian municipalities follow roughly Zipf's law by population (Oslo ≈ 190,000 people
    aged 0–24, the smallest island municipalities a few dozen), so the k-th largest gets a share
    proportional to 1/k.
    """
    weights = [1 / k for k in range(1, scale.municipalities + 1)]
    total = sum(weights)
    sizes = [max(20, round(scale.children * w / total)) for w in weights]
    sizes[0] += scale.children - sum(sizes)  # rounding remainder to the largest
    return sizes
