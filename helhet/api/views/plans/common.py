"""Shared by the plan's API view sets."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)

CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The case's id."
)
CASE = r"cases/(?P<case_pk>[0-9]+)"
