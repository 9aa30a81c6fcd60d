"""Shared by the plan's API view sets."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)

from helhet.plans.models import Measure

CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The case's id."
)
CASE = r"cases/(?P<case_pk>[0-9]+)"


def measures_prefetch() -> Prefetch:
    return Prefetch(
        "measures",
        queryset=Measure.objects.select_related("service", "responsible__user").order_by(
            "starts_on", "pk"
        ),
    )
