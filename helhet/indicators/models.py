"""Precomputed figures for the indicators: counts only, never a person.

Every indicator is stored as counts per municipality, service, month and key (``IndicatorCount``):
a breakdown (the sector, the decision) counts per key; a share counts ``yes`` and ``no``; a
median counts per number of days (a histogram), so that the median of any period and any set
of services is read from the sums (ADR 0022). ``helhet indicators refresh`` rewrites them.
"""

from __future__ import annotations

from django.db import models

from helhet.directory.models import Service
from helhet.tenancy.models import Municipality


class IndicatorCount(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first of the month
    code = models.CharField(max_length=40)
    key = models.CharField(max_length=40)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "month", "service", "key"],
                name="indicator_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.month} {self.service_id} {self.key}={self.n}"


class IndicatorRefresh(models.Model):
    """When a municipality's figures were last computed, and how long it took."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField()
    rows = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.refreshed_at}"
